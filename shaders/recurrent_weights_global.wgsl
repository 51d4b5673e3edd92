// Where a sequence-fused cell (lstm_sequence.wgsl, gru_sequence.wgsl, simple_rnn_sequence.wgsl)
// reads its recurrent weights U: here, from the storage buffer at every timestep (the kernel as it
// was first written). recurrent_weights_persistent.wgsl is the other choice, with the same two
// functions; src/engine/webgpu/cellKernels.ts puts one of them before the cell's shader (WGSL has no
// imports), as the autotuner's SequenceVariant says (`persistent`). The cell's shader declares U
// (binding 2), its element type UElem and its element count U_ELEMS.

// Nothing to stage: every read goes to the storage buffer.
fn stage_recurrent_weights(lid: u32) {}

// Element i of U, as the cell's shader indexes U.
fn u_at(i: u32) -> UElem { return U[i]; }
