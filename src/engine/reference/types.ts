/**
 * Shared types of the reference kernels. Every kernel takes `Floats`, so the same code runs in
 * float32 (the engine) and in float64 (the gradient check, where a tight tolerance is possible).
 */
export type Floats = Float32Array | Float64Array;

/** The layout of `Weights` (src/model/params.ts) over any float array type. */
export interface LayerTensors<A extends Floats> {
  /** W [F_l, 4H], gate-interleaved columns 4·j + g. */
  kernel: A;
  /** U [H, 4H], gate-interleaved. */
  recurrent: A;
  /** b [4H]. */
  bias: A;
}

export interface ModelTensors<A extends Floats> {
  layers: LayerTensors<A>[];
  /** Wd [H_last, K]. */
  headKernel: A;
  /** bd [K]. */
  headBias: A;
}

/** Every tensor in params.ts's weightTensors order (layer 0 W, U, b, layer 1 …, Wd, bd). */
export function tensorList<A extends Floats>(w: ModelTensors<A>): A[] {
  return [...w.layers.flatMap((l) => [l.kernel, l.recurrent, l.bias]), w.headKernel, w.headBias];
}

/** Allocators for LstmModel, typed as the plain array types (not the ArrayBuffer-narrowed ones). */
export const allocFloat32 = (n: number): Float32Array => new Float32Array(n);
export const allocFloat64 = (n: number): Float64Array => new Float64Array(n);
