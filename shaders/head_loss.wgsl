// softmax_cross_entropy / mse_loss: the losses of the Dense head's logits [B, K] against targets
// y [B, K], with the gradient for backward and the reductions; twins of the same names in
// src/engine/reference/loss.ts (same buffers in binding order). The Dense layer itself is matmul.
// One workgroup of WG threads; thread l takes rows l, l + WG, …; a tree reduction makes the mean.
// Constants injected by src/engine/webgpu/shaderSource.ts: WG (a power of two).
//   dlogits   [B, K] out: the loss gradient
//   outputs   [B, K] out: softmax probabilities (classification) or the logits (regression)
//   rowLoss   [B]    out: each row's loss (evaluation sums these over a split)
//   stepLoss  [cap]  out: the batch mean, at slot step.slot (read back in takeLosses)

struct LossDims {
  batch: u32,
  outputs: u32,
}

struct StepParams {
  step: u32,
  slot: u32,
}

@group(0) @binding(0) var<uniform> dims: LossDims;
@group(0) @binding(1) var<uniform> step: StepParams;
@group(0) @binding(2) var<storage, read> logits: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(5) var<storage, read_write> outputs: array<f32>;
@group(0) @binding(6) var<storage, read_write> rowLoss: array<f32>;
@group(0) @binding(7) var<storage, read_write> stepLoss: array<f32>;

var<workgroup> partial: array<f32, WG>;

fn write_mean(lid: u32, sum: f32, denominator: f32) {
  partial[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { stepLoss[step.slot] = partial[0] / denominator; }
}

// loss = −(1/B) Σ y·log softmax(logits), as logsumexp − logit; dlogits = (p − y)/B
@compute @workgroup_size(WG)
fn softmax_cross_entropy(@builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let K = dims.outputs;
  var sum = 0.0;
  for (var b = lid; b < B; b += WG) {
    let r = b * K;
    var mx = logits[r];
    for (var k = 1u; k < K; k++) { mx = max(mx, logits[r + k]); }
    var se = 0.0;
    for (var k = 0u; k < K; k++) { se += exp(logits[r + k] - mx); }
    let lse = mx + log(se);
    var loss = 0.0;
    for (var k = 0u; k < K; k++) {
      let yk = y[r + k];
      if (yk != 0.0) { loss += yk * (lse - logits[r + k]); }
      let p = exp(logits[r + k] - lse);
      outputs[r + k] = p;
      dlogits[r + k] = (p - yk) / f32(B);
    }
    rowLoss[b] = loss;
    sum += loss;
  }
  write_mean(lid, sum, f32(B));
}

// loss = (1/(B·K)) Σ (logits − y)²; dlogits = 2(logits − y)/(B·K)
@compute @workgroup_size(WG)
fn mse_loss(@builtin(local_invocation_index) lid: u32) {
  let B = dims.batch;
  let K = dims.outputs;
  let n = f32(B * K);
  var sum = 0.0;
  for (var b = lid; b < B; b += WG) {
    var loss = 0.0;
    for (var k = 0u; k < K; k++) {
      let i = b * K + k;
      let e = logits[i] - y[i];
      loss += e * e;
      outputs[i] = logits[i];
      dlogits[i] = 2.0 * e / n;
    }
    rowLoss[b] = loss / f32(K);
    sum += loss;
  }
  write_mean(lid, sum, n);
}
