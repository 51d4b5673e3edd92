// What every recurrent cell kernel shares (lstm_cell, gru_cell, simple_rnn_cell, lstm_sequence):
// the cell's dims, its activations, and where a step and a hidden value sit. src/engine/webgpu/
// cellKernels.ts puts this file before each of those shaders (WGSL has no imports); the reference
// twins share the same helpers from src/engine/reference/lstmCell.ts.

struct CellDims {
  batch: u32, // B
  units: u32, // H
  steps: u32, // T
  reverse: u32, // 1: the previous step of t is t+1 (a Bidirectional layer's reverse direction)
  h_stride: u32, // floats per row of h and dH (H, or 2H when Bidirectional)
  h_off: u32, // this direction's first column in h and dH
  probe_row: u32, // the batch row a cell's forward copies into its probe (NO_PROBE, 0xFFFFFFFF: none)
}

@group(0) @binding(0) var<uniform> dims: CellDims;

fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

// tanh through exp overflows to NaN on some drivers for large |x|; tanh(±15) is ±1 in f32 anyway, so
// the clamp changes no value (the f64 twin clamps where f64's tanh is ±1: ±20).
fn tanh_safe(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

// The step before t in this direction's order (t−1, or t+1 in reverse), and whether there is one;
// likewise the step after t.
fn has_prev(t: u32) -> bool { return select(t > 0u, t + 1u < dims.steps, dims.reverse != 0u); }
fn prev_of(t: u32) -> u32 { return select(t - 1u, t + 1u, dims.reverse != 0u); }
fn has_next(t: u32) -> bool { return select(t + 1u < dims.steps, t > 0u, dims.reverse != 0u); }
fn next_of(t: u32) -> u32 { return select(t + 1u, t - 1u, dims.reverse != 0u); }

// Where unit j of row (t, b) sits in h and dH.
fn h_index(t: u32, b: u32, j: u32) -> u32 { return (t * dims.batch + b) * dims.h_stride + dims.h_off + j; }
