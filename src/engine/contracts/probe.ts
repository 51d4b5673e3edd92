import type { Task } from '../../data/types';
import { byKind, CELL_KINDS, type ProbeQuantity } from '../../model/cellKinds';
import type { CellType } from '../../model/config';
import type { AttentionScore } from '../../model/layers';
import type { ModelShape } from '../../model/params';

/**
 * The probe: the numbers inside the recurrent layers for one input window, as both engines return
 * them (data, never a drawing; the views in src/view and src/ui draw it). The cell kernels write
 * it for one batch row of the evaluation pass (shaders/*_cell.wgsl, binding `probe`); the
 * gradient norms come from the training steps' backward (dc_steps, dh_steps) through
 * grad_norm_steps. This file turns those buffers into named arrays.
 */

/** The quantities a cell's forward writes into its probe buffer, in the kernel's order. */
export const PROBE_QUANTITIES: Record<CellType, readonly ProbeQuantity[]> = byKind(
  (c) => CELL_KINDS[c].probe,
);

export type { ProbeQuantity };

/** Floats of one direction's probe buffer: [P, T, H]. */
export const probeFloats = (cell: CellType, steps: number, units: number): number =>
  PROBE_QUANTITIES[cell].length * steps * units;

/** One direction of one layer: each quantity [T, H] row-major (element t·H + j). */
export type ProbeDirection = Partial<Record<ProbeQuantity, Float32Array>>;

export interface ProbeLayer {
  /** H of each direction. */
  units: number;
  /** The forward direction, then the reverse one of a Bidirectional layer. */
  directions: ProbeDirection[];
}

/** The attention layer's numbers for the probed window (issue 22): one per step. */
export interface AttentionProbe {
  score: AttentionScore;
  /** [T] e_t, before the softmax (0 on a masked step). */
  scores: Float32Array;
  /** [T] α_t, the softmax over the steps: the weights the context sums the states with. */
  alpha: Float32Array;
}

/**
 * An encoder–decoder's attention for the probed window (issue 23), as greedy decoding ran it: the
 * weight each output step put on each input step, and the probabilities of each output step.
 */
export interface TranslationProbe {
  /** T_out. */
  outSteps: number;
  /** T_in. */
  inSteps: number;
  /** [T_out, T_in] α: row i sums to 1 over the input's real steps (0 on its padding). */
  alpha: Float32Array;
  /** [T_out, V] each output step's softmax as the model decoded it (its own earlier choices fed back). */
  outputs: Float32Array;
}

/** What the forward pass holds inside, for one window and the current weights. */
export interface ProbeActivations {
  cell: CellType;
  steps: number;
  layers: ProbeLayer[];
  /**
   * [T, K]: the head applied to the last layer's h_t at every step (softmax probabilities, or the
   * scaled prediction): what the model would answer after reading up to t. Null for Bidirectional
   * models, whose reverse direction has read the whole window at every t.
   */
  readout: Float32Array | null;
  /** The attention's scores and weights over the window's steps; null (or absent) without attention. */
  attention?: AttentionProbe | null;
  /** An encoder–decoder's alignment and decoded output; absent for every other model. */
  translation?: TranslationProbe;
}

/**
 * ‖∂L/∂c_t‖ and ‖∂L/∂h_t‖ through time, per layer and direction: the norm over the units, averaged
 * over the batch rows and the training steps they were accumulated over.
 */
export interface GradNorms {
  /** Training steps the means are over. */
  steps: number;
  /** [layer][direction] → [T]; null for cells without a cell state (GRU, SimpleRNN). */
  c: Float32Array[][] | null;
  h: Float32Array[][];
}

/** Splits each direction's planar probe buffer [P, T, H] into named [T, H] arrays (views, no copy). */
function probeLayers(shape: ModelShape, steps: number, buffers: Float32Array[][]): ProbeLayer[] {
  const names = PROBE_QUANTITIES[shape.cell];
  return shape.layers.map((layer, l) => ({
    units: layer.units,
    directions: buffers[l].map((buffer) => {
      const block = steps * layer.units;
      const out: ProbeDirection = {};
      names.forEach((name, q) => {
        out[name] = buffer.subarray(q * block, (q + 1) * block);
      });
      return out;
    }),
  }));
}

/**
 * A probe from each direction's planar buffer [layer][direction] [P, T, H] (kept as views: pass
 * copies the caller will not reuse) and the head's Wd [H_out, K], bd [K].
 */
export function probeActivations(
  shape: ModelShape,
  task: Task,
  steps: number,
  buffers: Float32Array[][],
  headKernel: Float32Array,
  headBias: Float32Array,
  attention: AttentionProbe | null = null,
  translation: TranslationProbe | null = null,
): ProbeActivations {
  const layers = probeLayers(shape, steps, buffers);
  // With attention the head reads the context, and a decoder's head its h̃: not h_t alone.
  const readsState = !shape.attention && !shape.decoder;
  return {
    cell: shape.cell,
    steps,
    layers,
    readout: readsState ? stepReadout(shape, task, layers, steps, headKernel, headBias) : null,
    attention,
    ...(translation ? { translation } : {}),
  };
}

/**
 * The head at every step: readout[t] = head(h_t of the last layer), softmax for classification.
 * Wd [H, K] row-major and bd [K] as in params.ts; null for Bidirectional models (see ProbeActivations).
 */
function stepReadout(
  shape: ModelShape,
  task: Task,
  layers: ProbeLayer[],
  steps: number,
  headKernel: Float32Array,
  headBias: Float32Array,
): Float32Array | null {
  if (shape.directions !== 1) return null;
  const h = layers[layers.length - 1].directions[0].h;
  if (!h) return null;
  const H = shape.layers[shape.layers.length - 1].units;
  const K = shape.outputs;
  const out = new Float32Array(steps * K);
  const row = new Float64Array(K);
  for (let t = 0; t < steps; t++) {
    for (let k = 0; k < K; k++) {
      let sum = headBias[k];
      for (let j = 0; j < H; j++) sum += h[t * H + j] * headKernel[j * K + k];
      row[k] = sum;
    }
    if (task === 'classification') softmaxInPlace(row);
    out.set(row, t * K);
  }
  return out;
}

function softmaxInPlace(row: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < row.length; k++) {
    row[k] = Math.exp(row[k] - max);
    sum += row[k];
  }
  for (let k = 0; k < row.length; k++) row[k] /= sum;
}

/**
 * The epoch's norms from grad_norm_steps' accumulators acc [T·B] (one per layer, direction and
 * quantity): norm[t] = Σ_b acc[t·B + b] / (B · steps).
 */
export function meanNorms(acc: Float32Array, batch: number, steps: number): Float32Array {
  const T = acc.length / batch;
  const out = new Float32Array(T);
  if (steps === 0) return out;
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) sum += acc[t * batch + b];
    out[t] = sum / (batch * steps);
  }
  return out;
}

/** Checks a window against the validation split (Backend.setProbe). */
export function checkProbeWindow(window: number | null, valRows: number): void {
  if (window === null) return;
  if (!Number.isInteger(window) || window < 0 || window >= valRows) {
    throw new RangeError(`probe window ${window} is outside the validation split (0 to ${valRows - 1})`);
  }
}

/** Checks one's own input x against the model's window shape [T, F] (Backend.probe). */
export function checkProbeInput(x: Float32Array, timesteps: number, features: number): void {
  if (x.length !== timesteps * features)
    throw new RangeError(`probe input has ${x.length} floats, not ${timesteps * features}`);
}

/** Every array of a probe, for postMessage's transfer list (each is a view of its own buffer). */
export function probeBuffers(p: ProbeActivations, norms: GradNorms | null): ArrayBuffer[] {
  const all = new Set<ArrayBuffer>();
  for (const layer of p.layers)
    for (const d of layer.directions)
      for (const a of Object.values(d)) if (a) all.add(a.buffer as ArrayBuffer);
  if (p.readout) all.add(p.readout.buffer as ArrayBuffer);
  if (p.attention) for (const a of [p.attention.scores, p.attention.alpha]) all.add(a.buffer as ArrayBuffer);
  if (norms)
    for (const a of [...(norms.c?.flat() ?? []), ...norms.h.flat()]) all.add(a.buffer as ArrayBuffer);
  return [...all];
}
