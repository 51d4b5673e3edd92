import { Prng } from '../../data/prng';
import type { DecoderLayerSpec } from '../../model/layers';
import {
  allocWeights,
  type DecoderWeights,
  directionsOf,
  gatesOf,
  headOf,
  type ModelShape,
  type Weights,
} from '../../model/params';
import { CELLS } from '../contracts/cells';

/**
 * Keras's initialisation, drawn from one seeded Prng so both engines start from the same numbers:
 *   kernel W [F, G·H] and head kernel [H_out, K]: glorot_uniform, limit = sqrt(6 / (fan_in + fan_out))
 *   recurrent U [H, G·H]: orthogonal, rows orthonormal (Gram–Schmidt on standard normal rows; a
 *     column permutation keeps rows orthonormal, so the gate-interleaved layout is fine)
 *   biases 0, except an LSTM's forget gate (column 4·j + 1), which is 1 (Keras unit_forget_bias;
 *     contracts/cells.ts unitBiasGate)
 *   attention (model/layers.ts): additive W [D, A] glorot_uniform, b 0, v [A] as an [A, 1] kernel;
 *     dot its query q [D] as a [D, 1] kernel
 *   decoder (issue 23): its LSTM as above, general's Wa [H, D] and the combine's Wc [D+H, H]
 *     glorot_uniform, bc 0
 * Draw order: per layer and direction (forward, then reverse) W then U, then the attention's W and
 * v (or q), or the decoder's W, U, Wa, Wc, then the head kernel (a model without attention or
 * decoder draws as it always did).
 */
export function initWeights(shape: ModelShape, seed: number): Weights {
  const rng = new Prng(seed);
  const w = allocWeights(shape);
  const G = gatesOf(shape);
  shape.layers.forEach(({ inputSize, units }, l) => {
    for (const d of directionsOf(w.layers[l])) {
      glorotUniform(d.kernel, inputSize, G * units, rng);
      orthogonalRows(d.recurrent, units, G * units, rng);
      const gate = CELLS[shape.cell].unitBiasGate;
      if (gate !== null) for (let j = 0; j < units; j++) d.bias[G * j + gate] = 1;
    }
  });
  const attention = shape.attention;
  if (attention && w.attention) {
    const { inputSize: D, hidden: A } = attention;
    if (w.attention.kernel) glorotUniform(w.attention.kernel, D, A, rng);
    glorotUniform(w.attention.vector, w.attention.vector.length, 1, rng);
    if (A === 0 && w.attention.vector.length !== D) throw new Error('the query must be D wide');
  }
  if (shape.decoder && w.decoder) initDecoder(shape.decoder, w.decoder, rng);
  glorotUniform(w.headKernel, headOf(shape).inputSize, shape.outputs, rng);
  return w;
}

/** The decoder as any LSTM layer (its forget bias 1), then general's Wa, then Wc: glorot_uniform. */
function initDecoder(
  { inputSize: D, units: H, vocabulary: V }: DecoderLayerSpec,
  d: DecoderWeights,
  rng: Prng,
): void {
  glorotUniform(d.kernel, V + 1, 4 * H, rng);
  orthogonalRows(d.recurrent, H, 4 * H, rng);
  const gate = CELLS.lstm.unitBiasGate;
  if (gate !== null) for (let j = 0; j < H; j++) d.bias[4 * j + gate] = 1;
  if (d.attentionKernel) glorotUniform(d.attentionKernel, H, D, rng);
  glorotUniform(d.combineKernel, D + H, H, rng);
}

function glorotUniform(out: Float32Array, fanIn: number, fanOut: number, rng: Prng): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
}

/** out [rows, cols] with rows ≤ cols: orthonormal rows by modified Gram–Schmidt in float64. */
function orthogonalRows(out: Float32Array, rows: number, cols: number, rng: Prng): void {
  const q = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = q.subarray(r * cols, (r + 1) * cols);
    // A normal vector lies in the span of the earlier rows with probability 0; redraw if it does.
    for (let attempt = 0; ; attempt++) {
      for (let k = 0; k < cols; k++) row[k] = rng.normal();
      for (let p = 0; p < r; p++) {
        const prev = q.subarray(p * cols, (p + 1) * cols);
        let dot = 0;
        for (let k = 0; k < cols; k++) dot += row[k] * prev[k];
        for (let k = 0; k < cols; k++) row[k] -= dot * prev[k];
      }
      let norm = 0;
      for (let k = 0; k < cols; k++) norm += row[k] * row[k];
      norm = Math.sqrt(norm);
      if (norm > 1e-6 || attempt > 10) {
        for (let k = 0; k < cols; k++) row[k] /= norm;
        break;
      }
    }
  }
  out.set(q);
}
