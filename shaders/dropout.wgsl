// dropout_mask: the WGSL twin of src/engine/reference/dropout.ts, bit for bit.
//   mask [rows·cols] = 0 or scale (1/(1−rate)); entry index = b·D + d; kept ⇔ hash >= threshold (u32)
// A rate of 0 has threshold 0 and scale 1: every entry is 1 (evaluation uses that).
// Constants injected by src/engine/webgpu/shaderSource.ts: WG.

struct MaskParams {
  seed: u32,
  stream: u32,
  threshold: u32,
  count: u32,
  scale: f32,
}

struct StepParams {
  step: u32, // the global step number: the masks' counter
}

@group(0) @binding(0) var<uniform> params: MaskParams;
@group(0) @binding(1) var<uniform> step: StepParams;
@group(0) @binding(2) var<storage, read_write> mask: array<f32>;

// lowbias32 (Chris Wellons); u32 multiplication wraps, as Math.imul does.
fn hash_u32(x: u32) -> u32 {
  var v = x;
  v ^= v >> 16u;
  v *= 0x7feb352du;
  v ^= v >> 15u;
  v *= 0x846ca68bu;
  v ^= v >> 16u;
  return v;
}

fn dropout_hash(seed: u32, step_number: u32, stream: u32, index: u32) -> u32 {
  return hash_u32(hash_u32(hash_u32(hash_u32(seed) ^ step_number) ^ stream) ^ index);
}

@compute @workgroup_size(WG)
fn dropout_mask(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.count) { return; }
  let keep = dropout_hash(params.seed, step.step, params.stream, i) >= params.threshold;
  mask[i] = select(0.0, params.scale, keep);
}
