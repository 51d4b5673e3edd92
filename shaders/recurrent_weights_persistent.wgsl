// Where a sequence-fused cell (lstm_sequence.wgsl, gru_sequence.wgsl, simple_rnn_sequence.wgsl)
// reads its recurrent weights U: here, persistent style (cuDNN's persistent RNN kernels, Diamos et
// al., ICML 2016): the workgroup copies the whole of U into workgroup memory ONCE, before its first
// timestep, and every timestep reads it from there instead of from the storage buffer. The same
// elements in the same order, so the sums are the ones recurrent_weights_global.wgsl gives, bit for
// bit. Only where U and the cell's state arrays fit maxComputeWorkgroupStorageSize together
// (sequencePersistentFits in src/engine/webgpu/cellKernels.ts computes it exactly): small H.
//
// Workgroup memory: Uw [U_ELEMS] of UElem, the cell's U (LSTM [H, 4H] as H·H vec4f, GRU [H, 3H],
// SimpleRNN [H, H]); written only here, read only after the barrier below, so race-free.

var<workgroup> Uw: array<UElem, U_ELEMS>;

// Every invocation copies a strided share of U; the barrier orders every copy before any read.
// Called once, in uniform control flow, at the top of each entry point.
fn stage_recurrent_weights(lid: u32) {
  for (var i = lid; i < U_ELEMS; i += WGS) { Uw[i] = U[i]; }
  workgroupBarrier();
}

// Element i of U, as the cell's shader indexes U.
fn u_at(i: u32) -> UElem { return Uw[i]; }
