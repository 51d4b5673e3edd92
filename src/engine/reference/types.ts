import type {
  AttentionTensors,
  DecoderTensors,
  DirectionTensors,
  Floats,
  ModelTensors,
} from '../contracts/tensors';

export {
  type DirectionTensors,
  directionTensors,
  type Floats,
  type LayerTensors,
  type ModelTensors,
} from '../contracts/tensors';

/** Every tensor in params.ts's weightTensors order. */
export function tensorList<A extends Floats>(w: ModelTensors<A>): A[] {
  const direction = (d: DirectionTensors<A>) =>
    d.recurrentBias ? [d.kernel, d.recurrent, d.bias, d.recurrentBias] : [d.kernel, d.recurrent, d.bias];
  return [
    ...w.layers.flatMap((l) => [...direction(l), ...(l.backward ? direction(l.backward) : [])]),
    ...attention(w.attention),
    ...(w.decoder ? decoder(w.decoder) : []),
    w.headKernel,
    w.headBias,
  ];
}

/** The decoder's tensors in weightTensors order: kernel, recurrent, bias, (Wa), Wc, bc. */
function decoder<A extends Floats>(d: DecoderTensors<A>): A[] {
  const { kernel, recurrent, bias, attentionKernel, combineKernel, combineBias } = d;
  return [kernel, recurrent, bias, ...(attentionKernel ? [attentionKernel] : []), combineKernel, combineBias];
}

/** The attention's tensors in weightTensors order: kernel, bias, vector (dot: the vector alone). */
function attention<A extends Floats>(a: AttentionTensors<A> | undefined): A[] {
  if (!a) return [];
  return a.kernel && a.bias ? [a.kernel, a.bias, a.vector] : [a.vector];
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
