import { visitLayer } from '../../model/layers';
import {
  allocWeights,
  isRegularized,
  layersOf,
  type ModelShape,
  type Weights,
  weightTensors,
} from '../../model/params';
import { cellSpec, type DirectionParam } from './cells';
import type { DecoderTensors } from './tensors';

/**
 * All parameters in ONE flat f32 buffer (and grads, optimizer state in buffers of the same
 * layout), in weightTensors order. Each tensor starts on a 64-float (256-byte) boundary, so it can
 * be bound on its own (minStorageBufferOffsetAlignment) and read as vec4f; the padding stays 0 and
 * the optimizer leaves zeros at zero. One buffer makes the update and the norm one dispatch each.
 */
const ALIGN = 64;

/** Float offsets of one direction's tensors of a recurrent layer (recurrentBias: GRU only). */
export type DirectionOffsets = Record<Exclude<DirectionParam, 'recurrentBias'>, number> & {
  recurrentBias?: number;
};

export interface ParamLayout {
  /** Float offset of each tensor, weightTensors order. */
  offsets: number[];
  lengths: number[];
  /** Floats in the flat buffer. */
  size: number;
  /** Direction d (0 forward, 1 reverse) of layer l. */
  layer(l: number, d?: number): DirectionOffsets;
  /** The attention's tensors (absent without attention; kernel and bias: additive only). */
  attention?: { kernel?: number; bias?: number; vector: number };
  /** The decoder's tensors (absent without one; attentionKernel: general only). */
  decoder?: DecoderOffsets;
  headKernel: number;
  headBias: number;
}

/** Float offsets of the decoder's tensors (model/params.ts decoderTensors order). */
export interface DecoderOffsets {
  kernel: number;
  recurrent: number;
  bias: number;
  attentionKernel?: number;
  combineKernel: number;
  combineBias: number;
}

export function paramLayout(shape: ModelShape): ParamLayout {
  const lengths = weightTensors(allocWeights(shape)).map((t) => t.length);
  const offsets: number[] = [];
  let size = 0;
  for (const n of lengths) {
    offsets.push(size);
    size += Math.ceil(n / ALIGN) * ALIGN;
  }
  // weightTensors order, walking the model's layers (model/layers.ts): per recurrent layer and
  // direction, the kind's tensors (contracts/cells.ts); then the head's kernel and bias.
  const directions: DirectionOffsets[][] = [];
  const head = { kernel: 0, bias: 0 };
  let attention: ParamLayout['attention'];
  let decoder: DecoderOffsets | undefined;
  let i = 0;
  for (const layer of layersOf(shape)) {
    visitLayer(layer, {
      recurrent: ({ cell, directions: count }) => {
        const { params } = cellSpec(cell);
        const offsetsOf: DirectionOffsets[] = [];
        for (let d = 0; d < count; d++, i += params.length) {
          const at = (name: DirectionParam) => offsets[i + params.indexOf(name)];
          const o: DirectionOffsets = { kernel: at('kernel'), recurrent: at('recurrent'), bias: at('bias') };
          if (params.includes('recurrentBias')) o.recurrentBias = at('recurrentBias');
          offsetsOf.push(o);
        }
        directions.push(offsetsOf);
      },
      attention: ({ score }) => {
        if (score === 'additive') {
          attention = { kernel: offsets[i], bias: offsets[i + 1], vector: offsets[i + 2] };
          i += 3;
        } else {
          attention = { vector: offsets[i] };
          i += 1;
        }
      },
      decoder: ({ score }) => {
        const general = score === 'general';
        const [kernel, recurrent, bias] = offsets.slice(i, i + 3);
        const rest = offsets.slice(i + 3, i + (general ? 6 : 5));
        const [combineKernel, combineBias] = general ? rest.slice(1) : rest;
        decoder = { kernel, recurrent, bias, combineKernel, combineBias };
        if (general) decoder.attentionKernel = rest[0];
        i += general ? 6 : 5;
      },
      dense: () => {
        head.kernel = offsets[i];
        head.bias = offsets[i + 1];
        i += 2;
      },
    });
  }
  return {
    offsets,
    lengths,
    size,
    layer: (l, d = 0) => directions[l][d],
    ...(attention ? { attention } : {}),
    ...(decoder ? { decoder } : {}),
    headKernel: head.kernel,
    headBias: head.bias,
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

/** One direction's tensors of a layer, as views of a flat array in this layout. */
export interface DirectionViews<A extends Float32Array | Float64Array> {
  kernel: A;
  recurrent: A;
  bias: A;
  recurrentBias?: A;
}

/** The tensors of a flat array in this layout, as views (no copy): the model reads weights this way. */
export function tensorViews<A extends Float32Array | Float64Array>(
  layout: ParamLayout,
  flat: A,
  shape: ModelShape,
): {
  layers: (DirectionViews<A> & { backward?: DirectionViews<A> })[];
  attention?: { kernel?: A; bias?: A; vector: A };
  decoder?: DecoderTensors<A>;
  headKernel: A;
  headBias: A;
} {
  const at = (offset: number, length: number) => flat.subarray(offset, offset + length) as A;
  const lengthAt = (offset: number) => layout.lengths[layout.offsets.indexOf(offset)];
  const direction = (l: number, d: number): DirectionViews<A> => {
    const o = layout.layer(l, d);
    const views: DirectionViews<A> = {
      kernel: at(o.kernel, lengthAt(o.kernel)),
      recurrent: at(o.recurrent, lengthAt(o.recurrent)),
      bias: at(o.bias, lengthAt(o.bias)),
    };
    if (o.recurrentBias !== undefined) views.recurrentBias = at(o.recurrentBias, lengthAt(o.recurrentBias));
    return views;
  };
  const att = layout.attention;
  const view = (offset: number) => at(offset, lengthAt(offset));
  return {
    layers: shape.layers.map((_, l) => ({
      ...direction(l, 0),
      ...(shape.directions === 2 ? { backward: direction(l, 1) } : {}),
    })),
    ...(att
      ? {
          attention: {
            vector: view(att.vector),
            ...(att.kernel !== undefined ? { kernel: view(att.kernel) } : {}),
            ...(att.bias !== undefined ? { bias: view(att.bias) } : {}),
          },
        }
      : {}),
    ...(layout.decoder ? { decoder: decoderViews(layout.decoder, view) } : {}),
    headKernel: at(layout.headKernel, lengthAt(layout.headKernel)),
    headBias: at(layout.headBias, shape.outputs),
  };
}

/** The decoder's tensors as views of the flat array. */
function decoderViews<A extends Float32Array | Float64Array>(
  o: DecoderOffsets,
  view: (offset: number) => A,
): DecoderTensors<A> {
  return {
    kernel: view(o.kernel),
    recurrent: view(o.recurrent),
    bias: view(o.bias),
    ...(o.attentionKernel !== undefined ? { attentionKernel: view(o.attentionKernel) } : {}),
    combineKernel: view(o.combineKernel),
    combineBias: view(o.combineBias),
  };
}
