import { byKind, CELL_KINDS } from './cellKinds';
import type { CellType, Config } from './config';

/**
 * Parameter shapes and the one layout both engines use.
 *
 * Recurrent layer l in one direction (input width F_l = features for l = 0, else the layer below's
 * output width, units[l-1] · directions; H = units[l]; G gates per unit):
 *   kernel         W [F_l, G·H]  row-major
 *   recurrent      U [H, G·H]    row-major
 *   bias           b [G·H]
 *   recurrentBias  rb [G·H]      GRU only (Keras reset_after=True: the recurrent product's own bias)
 * Columns are GATE-INTERLEAVED: column G·j + g holds gate g of unit j, so one GPU thread can own a
 * whole unit. Gate orders, as Keras's: LSTM i (input), f (forget), g (candidate), o (output);
 * GRU z (update), r (reset), h (candidate); SimpleRNN its one pre-activation. Keras stores the
 * same numbers gate-blocked (column g·H + j): see kerasToInterleaved / interleavedToKeras.
 * Bidirectional (Keras merge_mode='concat'): a second set of these for the reverse direction, and
 * the layer's output is [forward h, reverse h], 2H wide.
 *
 * Head (Dense): kernel [H_out, K] row-major, bias [K], with H_out the last layer's output width.
 */
/** G of each kind (model/cellKinds.ts). */
export const GATES_OF: Record<CellType, number> = byKind((c) => CELL_KINDS[c].gates);
/** LSTM gate columns within a unit (kept for readers of the LSTM layout). */
export const GATES = 4;
export const GATE = { i: 0, f: 1, g: 2, o: 3 } as const;

export interface LayerShape {
  /** Input width F_l. */
  inputSize: number;
  /** Units H of each direction. */
  units: number;
}

export interface ModelShape {
  features: number;
  outputs: number;
  cell: CellType;
  /** 1, or 2 for Bidirectional layers (every recurrent layer). */
  directions: 1 | 2;
  layers: LayerShape[];
}

export function modelShape(
  layers: number[],
  features: number,
  outputs: number,
  cell: CellType = 'lstm',
  bidirectional = false,
): ModelShape {
  const directions = bidirectional ? 2 : 1;
  return {
    features,
    outputs,
    cell,
    directions,
    layers: layers.map((units, l) => ({ inputSize: l === 0 ? features : layers[l - 1] * directions, units })),
  };
}

export function modelShapeOf(config: Config, features: number, outputs: number): ModelShape {
  return modelShape(config.layers, features, outputs, config.cell, config.bidirectional);
}

/** Gates per unit of the shape's cell. */
export const gatesOf = (shape: ModelShape): number => GATES_OF[shape.cell];

/** The width of layer l's output (and of the head's input for the last layer): units · directions. */
export const outputWidth = (shape: ModelShape, l = shape.layers.length - 1): number =>
  shape.layers[l].units * shape.directions;

/** One direction's tensors of a recurrent layer. */
export interface RecurrentWeights {
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array;
  /** GRU only. */
  recurrentBias?: Float32Array;
}

/** A recurrent layer: its forward direction's tensors, and the reverse direction's when Bidirectional. */
export interface LayerWeights extends RecurrentWeights {
  backward?: RecurrentWeights;
}

export interface Weights {
  layers: LayerWeights[];
  headKernel: Float32Array;
  headBias: Float32Array;
}

function allocDirection(shape: ModelShape, { inputSize, units }: LayerShape): RecurrentWeights {
  const G = gatesOf(shape);
  const w: RecurrentWeights = {
    kernel: new Float32Array(inputSize * G * units),
    recurrent: new Float32Array(units * G * units),
    bias: new Float32Array(G * units),
  };
  if (CELL_KINDS[shape.cell].recurrentBias) w.recurrentBias = new Float32Array(G * units);
  return w;
}

export function allocWeights(shape: ModelShape): Weights {
  return {
    layers: shape.layers.map((layer) => {
      const forward: LayerWeights = allocDirection(shape, layer);
      if (shape.directions === 2) forward.backward = allocDirection(shape, layer);
      return forward;
    }),
    headKernel: new Float32Array(outputWidth(shape) * shape.outputs),
    headBias: new Float32Array(shape.outputs),
  };
}

/** The directions of a layer, forward first. */
export const directionsOf = (layer: LayerWeights): RecurrentWeights[] =>
  layer.backward ? [layer, layer.backward] : [layer];

const directionTensors = (d: RecurrentWeights): Float32Array[] =>
  d.recurrentBias ? [d.kernel, d.recurrent, d.bias, d.recurrentBias] : [d.kernel, d.recurrent, d.bias];

/**
 * Every tensor in a fixed order: per layer, per direction (forward, then reverse): kernel,
 * recurrent, bias (and the GRU's recurrent bias); then the head kernel and head bias.
 */
export function weightTensors(w: Weights): Float32Array[] {
  return [...w.layers.flatMap((l) => directionsOf(l).flatMap(directionTensors)), w.headKernel, w.headBias];
}

/** Which tensors in weightTensors order take L1/L2 (kernels, not biases). */
export function isRegularized(w: Weights): boolean[] {
  const direction = (d: RecurrentWeights) =>
    d.recurrentBias ? [true, true, false, false] : [true, true, false];
  return [...w.layers.flatMap((l) => directionsOf(l).flatMap(direction)), true, false];
}

export function cloneWeights(w: Weights): Weights {
  const copy = (d: RecurrentWeights): RecurrentWeights => ({
    kernel: d.kernel.slice(),
    recurrent: d.recurrent.slice(),
    bias: d.bias.slice(),
    ...(d.recurrentBias ? { recurrentBias: d.recurrentBias.slice() } : {}),
  });
  return {
    layers: w.layers.map((l) => ({ ...copy(l), ...(l.backward ? { backward: copy(l.backward) } : {}) })),
    headKernel: w.headKernel.slice(),
    headBias: w.headBias.slice(),
  };
}

export function parameterCount(shape: ModelShape): number {
  const G = gatesOf(shape);
  const biases = CELL_KINDS[shape.cell].recurrentBias ? 2 : 1;
  let n = 0;
  for (const { inputSize, units } of shape.layers) {
    n += shape.directions * (inputSize + units + biases) * G * units;
  }
  return n + (outputWidth(shape) + 1) * shape.outputs;
}

/** Keras column (gate-blocked: g·H + j, Keras's gate order) → interleaved column (G·j + g). */
export function kerasToInterleaved(
  src: Float32Array,
  rows: number,
  units: number,
  gates = GATES,
): Float32Array {
  const out = new Float32Array(src.length);
  const width = gates * units;
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < gates; g++) {
      for (let j = 0; j < units; j++) out[r * width + gates * j + g] = src[r * width + g * units + j];
    }
  }
  return out;
}

export function interleavedToKeras(
  src: Float32Array,
  rows: number,
  units: number,
  gates = GATES,
): Float32Array {
  const out = new Float32Array(src.length);
  const width = gates * units;
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < gates; g++) {
      for (let j = 0; j < units; j++) out[r * width + g * units + j] = src[r * width + gates * j + g];
    }
  }
  return out;
}

/** Whether two weight sets have the same layers and tensor sizes (one can stand in for the other). */
export function sameShape(a: Weights, b: Weights): boolean {
  const ta = weightTensors(a);
  const tb = weightTensors(b);
  return a.layers.length === b.layers.length && ta.every((t, i) => t.length === tb[i].length);
}
