import type { Config } from './config';

/**
 * Parameter shapes and the one layout both engines use.
 *
 * LSTM layer l (input width F_l = features for l = 0, else units[l-1]; H = units[l]):
 *   kernel     W [F_l, 4H]   row-major
 *   recurrent  U [H, 4H]     row-major
 *   bias       b [4H]
 * Columns are GATE-INTERLEAVED: column 4·j + g holds gate g of unit j, with the gate order
 * i (input), f (forget), g (candidate), o (output). One GPU thread can then own a whole unit.
 * Keras stores the same numbers gate-blocked (column g·H + j, order i, f, c, o):
 * see kerasToInterleaved / interleavedToKeras.
 *
 * Head (Dense): kernel [H_last, K] row-major, bias [K].
 */
export const GATES = 4;
export const GATE = { i: 0, f: 1, g: 2, o: 3 } as const;

export interface LayerShape {
  inputSize: number;
  units: number;
}

export interface ModelShape {
  features: number;
  outputs: number;
  layers: LayerShape[];
}

export function modelShape(layers: number[], features: number, outputs: number): ModelShape {
  return {
    features,
    outputs,
    layers: layers.map((units, l) => ({ inputSize: l === 0 ? features : layers[l - 1], units })),
  };
}

export function modelShapeOf(config: Config, features: number, outputs: number): ModelShape {
  return modelShape(config.layers, features, outputs);
}

export interface LayerWeights {
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array;
}

export interface Weights {
  layers: LayerWeights[];
  headKernel: Float32Array;
  headBias: Float32Array;
}

export function allocWeights(shape: ModelShape): Weights {
  return {
    layers: shape.layers.map(({ inputSize, units }) => ({
      kernel: new Float32Array(inputSize * GATES * units),
      recurrent: new Float32Array(units * GATES * units),
      bias: new Float32Array(GATES * units),
    })),
    headKernel: new Float32Array(shape.layers[shape.layers.length - 1].units * shape.outputs),
    headBias: new Float32Array(shape.outputs),
  };
}

/** Every tensor in a fixed order: layer 0 kernel, recurrent, bias, layer 1 …, head kernel, head bias. */
export function weightTensors(w: Weights): Float32Array[] {
  return [...w.layers.flatMap((l) => [l.kernel, l.recurrent, l.bias]), w.headKernel, w.headBias];
}

/** Which tensors in weightTensors order take L1/L2 (kernels, not biases). */
export function isRegularized(w: Weights): boolean[] {
  return [...w.layers.flatMap(() => [true, true, false]), true, false];
}

export function cloneWeights(w: Weights): Weights {
  return {
    layers: w.layers.map((l) => ({
      kernel: l.kernel.slice(),
      recurrent: l.recurrent.slice(),
      bias: l.bias.slice(),
    })),
    headKernel: w.headKernel.slice(),
    headBias: w.headBias.slice(),
  };
}

export function parameterCount(shape: ModelShape): number {
  let n = 0;
  for (const { inputSize, units } of shape.layers) n += (inputSize + units + 1) * GATES * units;
  return n + (shape.layers[shape.layers.length - 1].units + 1) * shape.outputs;
}

/** Keras column (gate-blocked, order i, f, c, o) → interleaved column. */
export function kerasToInterleaved(src: Float32Array, rows: number, units: number): Float32Array {
  const out = new Float32Array(src.length);
  const width = GATES * units;
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < GATES; g++) {
      for (let j = 0; j < units; j++) out[r * width + GATES * j + g] = src[r * width + g * units + j];
    }
  }
  return out;
}

export function interleavedToKeras(src: Float32Array, rows: number, units: number): Float32Array {
  const out = new Float32Array(src.length);
  const width = GATES * units;
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < GATES; g++) {
      for (let j = 0; j < units; j++) out[r * width + g * units + j] = src[r * width + GATES * j + g];
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
