import { allocWeights, isRegularized, type ModelShape, type Weights, weightTensors } from '../model/params';

/**
 * All parameters in ONE flat f32 buffer (and grads, optimizer state in buffers of the same
 * layout), in weightTensors order. Each tensor starts on a 64-float (256-byte) boundary, so it can
 * be bound on its own (minStorageBufferOffsetAlignment) and read as vec4f; the padding stays 0 and
 * the optimizer leaves zeros at zero. One buffer makes the update and the norm one dispatch each.
 */
const ALIGN = 64;

export interface ParamLayout {
  /** Float offset of each tensor, weightTensors order. */
  offsets: number[];
  lengths: number[];
  /** Floats in the flat buffer. */
  size: number;
  layer(l: number): { kernel: number; recurrent: number; bias: number };
  headKernel: number;
  headBias: number;
}

export function paramLayout(shape: ModelShape): ParamLayout {
  const lengths = weightTensors(allocWeights(shape)).map((t) => t.length);
  const offsets: number[] = [];
  let size = 0;
  for (const n of lengths) {
    offsets.push(size);
    size += Math.ceil(n / ALIGN) * ALIGN;
  }
  const L = shape.layers.length;
  return {
    offsets,
    lengths,
    size,
    layer: (l) => ({ kernel: offsets[3 * l], recurrent: offsets[3 * l + 1], bias: offsets[3 * l + 2] }),
    headKernel: offsets[3 * L],
    headBias: offsets[3 * L + 1],
  };
}

export function packWeights(layout: ParamLayout, w: Weights): Float32Array<ArrayBuffer> {
  const flat = new Float32Array(layout.size);
  for (const [i, t] of weightTensors(w).entries()) flat.set(t, layout.offsets[i]);
  return flat;
}

export function unpackWeights(layout: ParamLayout, flat: Float32Array, shape: ModelShape): Weights {
  const w = allocWeights(shape);
  for (const [i, t] of weightTensors(w).entries()) {
    t.set(flat.subarray(layout.offsets[i], layout.offsets[i] + t.length));
  }
  return w;
}

/** 1 where L1/L2 apply (kernels), 0 on biases and padding. */
export function regularizedMask(layout: ParamLayout, w: Weights): Float32Array<ArrayBuffer> {
  const mask = new Float32Array(layout.size);
  isRegularized(w).forEach((on, i) => {
    if (on) mask.fill(1, layout.offsets[i], layout.offsets[i] + layout.lengths[i]);
  });
  return mask;
}

/** The tensors of a flat array in this layout, as views (no copy): the model reads weights this way. */
export function tensorViews<A extends Float32Array | Float64Array>(
  layout: ParamLayout,
  flat: A,
  shape: ModelShape,
): { layers: { kernel: A; recurrent: A; bias: A }[]; headKernel: A; headBias: A } {
  const view = (i: number) => flat.subarray(layout.offsets[i], layout.offsets[i] + layout.lengths[i]) as A;
  return {
    layers: shape.layers.map((_, l) => ({
      kernel: view(3 * l),
      recurrent: view(3 * l + 1),
      bias: view(3 * l + 2),
    })),
    headKernel: view(3 * shape.layers.length),
    headBias: view(3 * shape.layers.length + 1),
  };
}
