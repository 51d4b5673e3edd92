/**
 * Between our gate-interleaved columns and the gate-blocked layouts of other libraries.
 *
 * Ours (params.ts): a [rows, G·H] matrix whose column G·j + g is gate g of unit j.
 * Gate-blocked: column b·H + j is gate order[b] of unit j, where `order` lists our gate indices
 * in the library's block order. For LSTM, with ours i, f, g, o = 0, 1, 2, 3:
 *   Keras (i, f, c, o) and PyTorch (i, f, g, o): [0, 1, 2, 3];  ONNX (i, o, f, c): [0, 3, 1, 2].
 */

export function interleavedToBlocks(
  src: Float32Array,
  rows: number,
  units: number,
  order: readonly number[],
): Float32Array {
  const gates = order.length;
  const width = gates * units;
  if (src.length !== rows * width) throw new Error(`expected ${rows}×${width} values, got ${src.length}`);
  const out = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let b = 0; b < gates; b++) {
      const g = order[b];
      for (let j = 0; j < units; j++) out[base + b * units + j] = src[base + gates * j + g];
    }
  }
  return out;
}

export function blocksToInterleaved(
  src: Float32Array,
  rows: number,
  units: number,
  order: readonly number[],
): Float32Array {
  const gates = order.length;
  const width = gates * units;
  if (src.length !== rows * width) throw new Error(`expected ${rows}×${width} values, got ${src.length}`);
  const out = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let b = 0; b < gates; b++) {
      const g = order[b];
      for (let j = 0; j < units; j++) out[base + gates * j + g] = src[base + b * units + j];
    }
  }
  return out;
}

/** [rows, cols] row-major → [cols, rows] row-major (Keras kernels are [in, out]; ONNX/PyTorch [out, in]). */
export function transpose(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}
