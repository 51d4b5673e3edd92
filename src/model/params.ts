import { byKind, CELL_KINDS } from './cellKinds';
import type { CellType, Config } from './config';
import {
  type AttentionLayerSpec,
  type AttentionScore,
  type DecoderLayerSpec,
  type DenseShape,
  type DescribedData,
  describedParams,
  layerOutputWidth,
  type RecurrentLayerSpec,
  type ShapeLayer,
  stackLayers,
  stackRequestOf,
  validateLayers,
} from './layers';

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
 * Attention (optional, between the last recurrent layer and the head; model/layers.ts), over
 * states D = H_out wide:
 *   additive   kernel W [D, A] row-major, bias b [A], vector v [A]
 *   dot        vector q [D] (the learned query)
 *
 * Decoder (an encoder–decoder, issue 23; model/layers.ts DecoderLayerSpec), H = D: its LSTM's
 *   kernel [V+1, 4·H], recurrent [H, 4·H], bias [4·H] (gate-interleaved), then general's
 *   attention kernel Wa [H, D], the combine's kernel Wc [D + H, H] and bias bc [H].
 *
 * Head (Dense): kernel [H_out, K] row-major, bias [K], with H_out the last layer's output width
 * (the attention's context is as wide; a decoder's h̃ is H wide and K its V symbols).
 */
/** G of each kind (model/cellKinds.ts). */
export const GATES_OF: Record<CellType, number> = byKind((c) => CELL_KINDS[c].gates);
/** LSTM gate columns within a unit (kept for readers of the LSTM layout). */
export const GATES = 4;
export const GATE = { i: 0, f: 1, g: 2, o: 3 } as const;

/** A recurrent layer's widths (what one direction's tensors are cut to). */
export type LayerShape = Pick<RecurrentLayerSpec, 'inputSize' | 'units'>;

/**
 * The model as every engine walks it: the recurrent layers of the model's description
 * (model/layers.ts), bottom to top, and the head's width. modelShape and shapeOf build it from a
 * validated list; the head is headOf(shape), the whole list layersOf(shape).
 */
export interface ModelShape {
  features: number;
  outputs: number;
  cell: CellType;
  /** 1, or 2 for Bidirectional layers (every recurrent layer). */
  directions: 1 | 2;
  layers: RecurrentLayerSpec[];
  /** Attention over the last layer's states, which the head then reads (absent: the last state). */
  attention?: AttentionLayerSpec;
  /** An encoder–decoder's decoder over the last layer's states; `outputs` is then its V symbols. */
  decoder?: DecoderLayerSpec;
}

export function modelShape(
  layers: readonly number[],
  features: number,
  outputs: number,
  cell: CellType = 'lstm',
  bidirectional = false,
  attention: AttentionScore | 'none' = 'none',
  maskPadding = false,
): ModelShape {
  return shapeOf(stackLayers({ layers, features, outputs, cell, bidirectional, attention, maskPadding }));
}

/** `maskPadding`: the input is text padded with all-zero rows (padsWithZeroRows); the attention masks them. */
export function modelShapeOf(
  config: Config,
  features: number,
  outputs: number,
  maskPadding = false,
): ModelShape {
  const { layers, cell, bidirectional, attention } = config;
  return modelShape(layers, features, outputs, cell, bidirectional, attention, maskPadding);
}

/**
 * The shape the engines train on a dataset: text's attention masks its padding; a dataset with a
 * sequence target (data/types.ts) makes an encoder–decoder.
 */
export const engineShapeOf = (config: Config, dataset: Omit<DescribedData, 'task'>): ModelShape =>
  shapeOf(stackLayers(stackRequestOf(config, { ...dataset, task: 'classification' })));

/** The engines' shape of a described model (validated here): its recurrent layers and the head's width. */
export function shapeOf(description: readonly ShapeLayer[]): ModelShape {
  validateLayers(description, description[0]?.inputSize ?? 0);
  const layers = description.filter((l): l is RecurrentLayerSpec => l.kind === 'recurrent');
  const attention = description.find((l): l is AttentionLayerSpec => l.kind === 'attention');
  const decoder = description.find((l): l is DecoderLayerSpec => l.kind === 'decoder');
  const head = description[description.length - 1] as DenseShape;
  return {
    features: layers[0].inputSize,
    outputs: head.units,
    cell: layers[0].cell,
    directions: layers[0].directions,
    layers,
    ...(attention ? { attention } : {}),
    ...(decoder ? { decoder } : {}),
  };
}

/** The shape's Dense head: the last layer's output to the K outputs. */
export const headOf = (shape: ModelShape): DenseShape => ({
  kind: 'dense',
  inputSize: shape.decoder?.units ?? outputWidth(shape),
  units: shape.outputs,
});

/** Every layer of the shape, bottom to top: the recurrent layers, the attention if any, then the head. */
export const layersOf = (shape: ModelShape): ShapeLayer[] => [
  ...shape.layers,
  ...(shape.attention ? [shape.attention] : []),
  ...(shape.decoder ? [shape.decoder] : []),
  headOf(shape),
];

/** Gates per unit of the shape's cell. */
export const gatesOf = (shape: ModelShape): number => GATES_OF[shape.cell];

/** The width of layer l's output (and of the head's input for the last layer): units · directions. */
export const outputWidth = (shape: ModelShape, l = shape.layers.length - 1): number =>
  layerOutputWidth(shape.layers[l]);

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

/** The attention layer's tensors: additive kernel W, bias b and vector v; dot only its query as `vector`. */
export interface AttentionWeights {
  kernel?: Float32Array;
  bias?: Float32Array;
  vector: Float32Array;
}

/** The decoder's tensors (DecoderLayerSpec): its LSTM's, general's Wa, the combine's Wc and bc. */
export interface DecoderWeights extends RecurrentWeights {
  /** Wa [H, D] (general only). */
  attentionKernel?: Float32Array;
  /** Wc [D + H, H]. */
  combineKernel: Float32Array;
  /** bc [H]. */
  combineBias: Float32Array;
}

export interface Weights {
  layers: LayerWeights[];
  attention?: AttentionWeights;
  decoder?: DecoderWeights;
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
    ...(shape.attention ? { attention: allocAttention(shape.attention) } : {}),
    ...(shape.decoder ? { decoder: allocDecoder(shape.decoder) } : {}),
    headKernel: new Float32Array(headOf(shape).inputSize * shape.outputs),
    headBias: new Float32Array(shape.outputs),
  };
}

function allocAttention({ score, inputSize: D, hidden: A }: AttentionLayerSpec): AttentionWeights {
  if (score === 'dot') return { vector: new Float32Array(D) };
  return { kernel: new Float32Array(D * A), bias: new Float32Array(A), vector: new Float32Array(A) };
}

function allocDecoder({ score, inputSize: D, units: H, vocabulary: V }: DecoderLayerSpec): DecoderWeights {
  return {
    kernel: new Float32Array((V + 1) * 4 * H),
    recurrent: new Float32Array(H * 4 * H),
    bias: new Float32Array(4 * H),
    ...(score === 'general' ? { attentionKernel: new Float32Array(H * D) } : {}),
    combineKernel: new Float32Array((D + H) * H),
    combineBias: new Float32Array(H),
  };
}

/** The decoder's tensors in weightTensors order: kernel, recurrent, bias, (Wa), Wc, bc. */
export const decoderTensors = (d: DecoderWeights | undefined): Float32Array[] =>
  !d
    ? []
    : [
        d.kernel,
        d.recurrent,
        d.bias,
        ...(d.attentionKernel ? [d.attentionKernel] : []),
        d.combineKernel,
        d.combineBias,
      ];

/** The attention's tensors in weightTensors order: kernel, bias, vector (dot: the vector alone). */
export const attentionTensors = (a: AttentionWeights | undefined): Float32Array[] =>
  !a ? [] : a.kernel && a.bias ? [a.kernel, a.bias, a.vector] : [a.vector];

/** The directions of a layer, forward first. */
export const directionsOf = (layer: LayerWeights): RecurrentWeights[] =>
  layer.backward ? [layer, layer.backward] : [layer];

const directionTensors = (d: RecurrentWeights): Float32Array[] =>
  d.recurrentBias ? [d.kernel, d.recurrent, d.bias, d.recurrentBias] : [d.kernel, d.recurrent, d.bias];

/**
 * Every tensor in a fixed order: per layer, per direction (forward, then reverse): kernel,
 * recurrent, bias (and the GRU's recurrent bias); then the attention's (attentionTensors), or the
 * decoder's (decoderTensors); then the head kernel and head bias.
 */
export function weightTensors(w: Weights): Float32Array[] {
  return [
    ...w.layers.flatMap((l) => directionsOf(l).flatMap(directionTensors)),
    ...attentionTensors(w.attention),
    ...decoderTensors(w.decoder),
    w.headKernel,
    w.headBias,
  ];
}

/** Which tensors in weightTensors order take L1/L2 (kernels and the attention's vector, not biases). */
export function isRegularized(w: Weights): boolean[] {
  const direction = (d: RecurrentWeights) =>
    d.recurrentBias ? [true, true, false, false] : [true, true, false];
  const attention = !w.attention ? [] : w.attention.kernel ? [true, false, true] : [true];
  // The decoder: kernel, recurrent, (Wa), Wc regularised; its bias and bc not.
  const decoder = !w.decoder
    ? []
    : [true, true, false, ...(w.decoder.attentionKernel ? [true] : []), true, false];
  return [
    ...w.layers.flatMap((l) => directionsOf(l).flatMap(direction)),
    ...attention,
    ...decoder,
    true,
    false,
  ];
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
    ...(w.attention
      ? {
          attention: {
            vector: w.attention.vector.slice(),
            ...(w.attention.kernel ? { kernel: w.attention.kernel.slice() } : {}),
            ...(w.attention.bias ? { bias: w.attention.bias.slice() } : {}),
          },
        }
      : {}),
    ...(w.decoder ? { decoder: cloneDecoder(w.decoder) } : {}),
    headKernel: w.headKernel.slice(),
    headBias: w.headBias.slice(),
  };
}

function cloneDecoder(d: DecoderWeights): DecoderWeights {
  return {
    kernel: d.kernel.slice(),
    recurrent: d.recurrent.slice(),
    bias: d.bias.slice(),
    ...(d.attentionKernel ? { attentionKernel: d.attentionKernel.slice() } : {}),
    combineKernel: d.combineKernel.slice(),
    combineBias: d.combineBias.slice(),
  };
}

/**
 * Trainable parameters (Keras's "Total params"), each layer counted by its kind (LAYER_KINDS): of
 * a description, or of a shape's layers and head.
 */
export function parameterCount(model: ModelShape | readonly ShapeLayer[]): number {
  return describedParams(isDescription(model) ? model : layersOf(model));
}

const isDescription = (model: ModelShape | readonly ShapeLayer[]): model is readonly ShapeLayer[] =>
  Array.isArray(model);

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
  return (
    a.layers.length === b.layers.length &&
    !a.attention === !b.attention &&
    !a.decoder === !b.decoder &&
    ta.length === tb.length &&
    ta.every((t, i) => t.length === tb[i].length)
  );
}
