import type { AttentionLayerSpec } from '../../model/layers';
import type { AttentionDims } from '../contracts/dims';
import type { AttentionProbe } from '../contracts/probe';
import type { AttentionTensors, Floats, ModelTensors } from '../contracts/tensors';
import type { CpuKernels } from './kernels';

/**
 * The attention layer of the one CPU step (cpu/model.ts): its buffers and the kernel calls, in the
 * order webgpu/attentionStage.ts dispatches them: the padding mask (text), the forward; the
 * backward's states half (de and the whole of the last layer's dH), then its weights half.
 */

/** The attention layer's buffers (reference/attention.ts names them), over the last layer's h. */
export interface AttentionBuffers<A extends Floats> {
  spec: AttentionLayerSpec;
  dims: AttentionDims;
  mask: A; // [T·B] 1 a real step: all ones, or text's padding mask from x0 (spec.maskPadding)
  pre: A; // [T·B, A] additive only
  scores: A; // [T·B]
  alpha: A; // [T·B]
  context: A; // [B, D]
  dcontext: A; // [B, D]
  de: A; // [T·B] the scores' gradient, between the backward's two halves
}

export function allocateAttention<A extends Floats>(
  spec: AttentionLayerSpec,
  B: number,
  T: number,
  floats: (n: number) => A,
  grad: (n: number) => A,
): AttentionBuffers<A> {
  const rows = T * B;
  const dims: AttentionDims = { batch: B, steps: T, width: spec.inputSize, hidden: spec.hidden };
  return {
    spec,
    dims,
    mask: floats(rows).fill(1) as A,
    pre: floats(rows * spec.hidden),
    scores: floats(rows),
    alpha: floats(rows),
    context: floats(B * spec.inputSize),
    dcontext: grad(B * spec.inputSize),
    de: grad(rows),
  };
}

/**
 * Text's padding mask from x0 [T·B, F] (after the caller's fill, before the scores), then the
 * scores, their softmax over the steps and the context, from the last layer's h `hs`.
 */
export function attentionForward<A extends Floats, L extends Floats>(
  k: CpuKernels<A, L>,
  att: AttentionBuffers<A>,
  x0: A,
  features: number,
  hs: A,
  w: ModelTensors<A>,
): void {
  const { dims, mask, pre, scores, alpha, context } = att;
  if (att.spec.maskPadding) k.attention_padding_mask({ ...dims, width: features, hidden: 0 }, x0, mask);
  const t = attentionTensorsOf(w);
  if (att.spec.score === 'additive') {
    k.additive_attention_forward(
      dims,
      hs,
      need(t.kernel),
      need(t.bias),
      t.vector,
      mask,
      pre,
      scores,
      alpha,
      context,
    );
  } else {
    k.dot_attention_forward(dims, hs, t.vector, mask, scores, alpha, context);
  }
}

/** From dcontext: de and the whole of dH (the last layer's), then the attention's gradients into g. */
export function attentionBackward<A extends Floats, L extends Floats>(
  k: CpuKernels<A, L>,
  att: AttentionBuffers<A>,
  hs: A,
  dH: A,
  w: ModelTensors<A>,
  grads: ModelTensors<A>,
): void {
  const { dims, pre, alpha, dcontext, de } = att;
  const t = attentionTensorsOf(w);
  const g = attentionTensorsOf(grads);
  if (att.spec.score === 'additive') {
    k.additive_attention_backward_states(dims, hs, need(t.kernel), t.vector, pre, alpha, dcontext, de, dH);
    k.additive_attention_backward_weights(
      dims,
      hs,
      t.vector,
      pre,
      de,
      need(g.kernel),
      need(g.bias),
      g.vector,
    );
  } else {
    k.dot_attention_backward_states(dims, hs, t.vector, alpha, dcontext, de, dH);
    k.dot_attention_backward_weights(dims, hs, de, g.vector);
  }
}

/** Batch row b's scores and weights [T] of the last forward (the probe). */
export function attentionProbeRow<A extends Floats>(
  att: AttentionBuffers<A>,
  B: number,
  T: number,
  b: number,
): AttentionProbe {
  const row = (all: A) => Float32Array.from({ length: T }, (_, t) => all[t * B + b]);
  return { score: att.spec.score, scores: row(att.scores), alpha: row(att.alpha) };
}

/** The attention's tensors of a model's weights or gradients (there when the shape has attention). */
function attentionTensorsOf<A extends Floats>(t: ModelTensors<A>): AttentionTensors<A> {
  if (!t.attention) throw new Error('the weights have no attention tensors');
  return t.attention;
}

/** An additive attention's kernel or bias (paramLayout gives the additive kind both). */
function need<A extends Floats>(t: A | undefined): A {
  if (!t) throw new Error('an additive attention without its kernel or bias');
  return t;
}
