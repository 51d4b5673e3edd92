// The workgroup reductions the softmax kernels share (attention.wgsl, seq2seq.wgsl): each
// kernel's dispatch builder puts this file before its shader (WGSL has no imports), as
// cellKernels.ts does with recurrence.wgsl. Needs WG (threads per workgroup).

// f32's lowest finite value: the max of no score yet.
const LOWEST = -0x1.fffffep+127f;

var<workgroup> partial: array<f32, WG>;

// Every thread of the workgroup passes its x and gets the sum (or max) of all, in the same order
// in every thread, so the same value; the second barrier lets the next call overwrite `partial`.
fn workgroup_sum(lid: u32, x: f32) -> f32 {
  partial[lid] = x;
  workgroupBarrier();
  var s = 0.0;
  for (var i = 0u; i < WG; i++) { s += partial[i]; }
  workgroupBarrier();
  return s;
}

fn workgroup_max(lid: u32, x: f32) -> f32 {
  partial[lid] = x;
  workgroupBarrier();
  var m = LOWEST;
  for (var i = 0u; i < WG; i++) { m = max(m, partial[i]); }
  workgroupBarrier();
  return m;
}
