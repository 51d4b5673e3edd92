import {
  additiveBackwardStatesDispatch,
  additiveBackwardWeightsDispatch,
  additiveForwardDispatch,
  dotBackwardStatesDispatch,
  dotBackwardWeightsDispatch,
  dotForwardDispatch,
  paddingMaskDispatch,
} from './attentionKernels';
import type { Dispatch, GpuContext } from './gpuContext';
import type { AttentionBuffers, StepBuffers } from './stepBuffers';

/**
 * The attention layer's stages of the step graph (stepGraph.ts lists them between the last
 * recurrent layer and the head, as cpu/model.ts's attentionForward / attentionBackward call the
 * same kernels in the same order): over the last layer's h [T·B, D], the additive or dot-product
 * score, the softmax over each row's steps and the context [B, D] forward; backward, from dcontext,
 * first the states' half (de [T·B] and the WHOLE of the last layer's dH), then the weights' half
 * (the attention's parameters' gradients, which sum over every row: a second dispatch).
 */

/** The attention's buffers (there when the model has an attention layer). */
function attentionOf(b: StepBuffers): AttentionBuffers {
  if (!b.attention) throw new Error('this model has no attention layer');
  return b.attention;
}

/** A tensor of the flat params or grads as a binding of its own (paramLayout aligns each to 256 bytes). */
function tensor(buffer: GPUBuffer, offset: number | undefined, floats: number): GPUBufferBinding {
  if (offset === undefined) throw new Error('an additive attention without its kernel or bias');
  return { buffer, offset: offset * 4, size: floats * 4 };
}

/** The attention's W [D, A], b [A] and v [A] (additive) or q [D] (dot) inside params or grads. */
function attentionTensors(att: AttentionBuffers, flat: GPUBuffer) {
  const { width: D, hidden: A } = att.dims;
  const additive = att.spec.score === 'additive';
  return {
    kernel: () => tensor(flat, att.w.kernel, D * A),
    bias: () => tensor(flat, att.w.bias, A),
    vector: tensor(flat, att.w.vector, additive ? A : D),
  };
}

/** The additive kind's pre-activations [T·B, A] (stepBuffers.ts allocates them for it alone). */
function preOf(att: AttentionBuffers): GPUBuffer {
  if (!att.pre) throw new Error('an additive attention without its pre-activations buffer');
  return att.pre;
}

/**
 * Text's padding mask from x0 [T·B, F] (spec.maskPadding: after the gather, before the scores),
 * then the scores, their softmax over the steps and the context [B, D], from the last layer's h.
 */
export function attentionForward(ctx: GpuContext, b: StepBuffers, features: number): Dispatch[] {
  const att = attentionOf(b);
  const { dims, mask, scores, alpha, context } = att;
  const padding = att.spec.maskPadding
    ? [paddingMaskDispatch(ctx, { ...dims, width: features, hidden: 0 }, b.x0, mask)]
    : [];
  const hs = b.layers[b.layers.length - 1].h;
  const w = attentionTensors(att, b.params);
  if (att.spec.score === 'dot')
    return [...padding, dotForwardDispatch(ctx, dims, hs, w.vector, mask, scores, alpha, context)];
  const pre = preOf(att);
  const W = w.kernel();
  return [
    ...padding,
    additiveForwardDispatch(ctx, dims, hs, W, w.bias(), w.vector, mask, pre, scores, alpha, context),
  ];
}

/**
 * From dcontext: de and the WHOLE of the last layer's dH (*_backward_states), then the attention's
 * parameters' gradients (*_backward_weights), the halves in cpu/model.ts's order.
 */
export function attentionBackward(ctx: GpuContext, b: StepBuffers): Dispatch[] {
  const att = attentionOf(b);
  const { dims, alpha, dcontext, de } = att;
  const { h, dH } = b.layers[b.layers.length - 1];
  const w = attentionTensors(att, b.params);
  const g = attentionTensors(att, b.grads);
  if (att.spec.score === 'dot') {
    return [
      dotBackwardStatesDispatch(ctx, dims, h, w.vector, alpha, dcontext, de, dH),
      dotBackwardWeightsDispatch(ctx, dims, h, de, g.vector),
    ];
  }
  const pre = preOf(att);
  return [
    additiveBackwardStatesDispatch(ctx, dims, h, w.kernel(), w.vector, pre, alpha, dcontext, de, dH),
    additiveBackwardWeightsDispatch(ctx, dims, h, w.vector, pre, de, g.kernel(), g.bias(), g.vector),
  ];
}
