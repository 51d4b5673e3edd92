/**
 * The arrays every engine's kernels take and the model's tensors over them. `Floats`: the
 * reference twins take either, so the same code runs in float32 (the engines) and in float64
 * (the gradient check, where a tight tolerance is possible).
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

/** The attention layer's tensors (src/model/params.ts AttentionWeights): additive W, b, v; dot q as `vector`. */
export interface AttentionTensors<A extends Floats> {
  /** W [D, A] (additive). */
  kernel?: A;
  /** b [A] (additive). */
  bias?: A;
  /** v [A] (additive) or the query q [D] (dot). */
  vector: A;
}

/** The decoder's tensors (src/model/params.ts DecoderWeights): its LSTM's, general's Wa, Wc, bc. */
export interface DecoderTensors<A extends Floats> extends DirectionTensors<A> {
  /** Wa [H, D] (general). */
  attentionKernel?: A;
  /** Wc [D + H, H]. */
  combineKernel: A;
  /** bc [H]. */
  combineBias: A;
}

/** The layout of `Weights` (src/model/params.ts) over any float array type. */
export interface ModelTensors<A extends Floats> {
  layers: LayerTensors<A>[];
  attention?: AttentionTensors<A>;
  decoder?: DecoderTensors<A>;
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
