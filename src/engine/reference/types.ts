/**
 * Shared types of the reference kernels. Every kernel takes `Floats`, so the same code runs in
 * float32 (the engine) and in float64 (the gradient check, where a tight tolerance is possible).
 */
export type Floats = Float32Array | Float64Array;

/** One direction's tensors of a recurrent layer (src/model/params.ts), over any float array type. */
export interface DirectionTensors<A extends Floats> {
  /** W [F_l, G·H], gate-interleaved columns G·j + g. */
  kernel: A;
  /** U [H, G·H], gate-interleaved. */
  recurrent: A;
  /** b [G·H]. */
  bias: A;
  /** rb [G·H]: the GRU's recurrent bias (Keras reset_after=True). */
  recurrentBias?: A;
}

/** A layer: its forward direction, and the reverse direction's tensors when Bidirectional. */
export interface LayerTensors<A extends Floats> extends DirectionTensors<A> {
  backward?: DirectionTensors<A>;
}

/** The layout of `Weights` (src/model/params.ts) over any float array type. */
export interface ModelTensors<A extends Floats> {
  layers: LayerTensors<A>[];
  /** Wd [H_out, K]. */
  headKernel: A;
  /** bd [K]. */
  headBias: A;
}

/** The tensors of direction d (0 forward, 1 reverse) of a layer. */
export function directionTensors<A extends Floats>(layer: LayerTensors<A>, d: number): DirectionTensors<A> {
  if (d === 0) return layer;
  if (!layer.backward) throw new Error('this layer has no reverse direction');
  return layer.backward;
}

/** Every tensor in params.ts's weightTensors order. */
export function tensorList<A extends Floats>(w: ModelTensors<A>): A[] {
  const direction = (d: DirectionTensors<A>) =>
    d.recurrentBias ? [d.kernel, d.recurrent, d.bias, d.recurrentBias] : [d.kernel, d.recurrent, d.bias];
  return [
    ...w.layers.flatMap((l) => [...direction(l), ...(l.backward ? direction(l.backward) : [])]),
    w.headKernel,
    w.headBias,
  ];
}

/** Allocators for the model, typed as the plain array types (not the ArrayBuffer-narrowed ones). */
export const allocFloat32 = (n: number): Float32Array => new Float32Array(n);
export const allocFloat64 = (n: number): Float64Array => new Float64Array(n);

/**
 * x in the precision of `like`: where a kernel holds a value in an f32 register before using it,
 * the engine's twin rounds it to f32 too; the gradient check (f64 arrays) keeps f64.
 */
export function roundAs(like: Floats, x: number): number {
  return like instanceof Float32Array ? Math.fround(x) : x;
}
