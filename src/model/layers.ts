import { CELL_KINDS, type CellType } from './cellKinds';

/**
 * The model as data: an ordered list of layer specs, bottom to top, that the engines walk
 * (params.ts's ModelShape is this list's recurrent layers) and the exports write
 * (export/modelSpec.ts). Today a stack of recurrent layers and a Dense head; a new kind (attention,
 * a time-distributed head, an encoder–decoder) is one more member of LayerSpec and one entry in
 * LAYER_KINDS, which `tsc` then demands.
 */

/** One recurrent layer (Keras LSTM / GRU / SimpleRNN, wrapped in Bidirectional when directions = 2). */
export interface RecurrentLayerSpec {
  kind: 'recurrent';
  cell: CellType;
  /** 1, or 2 for Keras Bidirectional(merge_mode='concat'): output [forward h, reverse h]. */
  directions: 1 | 2;
  /** Input width: features for the first layer, else the layer below's output width. */
  inputSize: number;
  /** Units of each direction. */
  units: number;
  /** All but the last recurrent layer hand the whole sequence on. */
  returnSequences: boolean;
}

/** The two ways an attention layer scores a state (issue 22). */
export const ATTENTION_SCORES = ['additive', 'dot'] as const;
export type AttentionScore = (typeof ATTENTION_SCORES)[number];

/**
 * Attention over the states of the recurrent layer below (which returns sequences): a score per
 * step, the softmax over the steps, and the context Σ_t α_t·h_t that the head reads instead of
 * the last state (engine/reference/attention.ts has the equations).
 *   additive (Bahdanau)     e_t = vᵀ·tanh(W·h_t + b)   W [D, A], b [A], v [A]
 *   dot, a learned query    e_t = qᵀ·h_t               q [D]
 */
export interface AttentionLayerSpec {
  kind: 'attention';
  score: AttentionScore;
  /** D: the states' width (the layer below's units · directions); the context is as wide. */
  inputSize: number;
  /** A: the additive score's hidden width (the layer below's units per direction); 0 for dot. */
  hidden: number;
  /**
   * True for text (a dataset with a vocabulary, padded in front with all-zero rows): the softmax
   * leaves out every step whose input row is all zero (attention_padding_mask). Absent: every step
   * counts (a numeric series may have an all-zero row that is real).
   */
  maskPadding?: boolean;
}

/** The two Luong scores a decoder attends with (issue 23): q = s (dot) or q = Wa·s (general). */
export const DECODER_SCORES = ['dot', 'general'] as const;
export type DecoderScore = (typeof DECODER_SCORES)[number];

/**
 * An LSTM decoder with Luong attention over the encoder's last layer (issue 23): it reads the
 * previous output symbol (teacher forcing; the start symbol first), attends to the encoder's
 * states and gives the attentional hidden state h̃ = tanh(Wc·[c; s] + bc) that the Dense head
 * (time-distributed, a softmax per output step) reads. It starts from zeros: the encoder reaches it
 * through the attention alone (engine/reference/seq2seq.ts has the equations).
 *   LSTM   W [V+1, 4·H], U [H, 4·H], b [4·H]   (gate-interleaved, as every recurrent layer)
 *   general  Wa [H, D]                          (dot: none, and H = D)
 *   combine  Wc [D + H, H], bc [H]             (rows: the context's D, then the state's H)
 */
export interface DecoderLayerSpec {
  kind: 'decoder';
  cell: 'lstm';
  score: DecoderScore;
  /** D: the encoder states' width (its last layer's units · directions). */
  inputSize: number;
  /** H: the decoder's units (= D, so that either score fits). */
  units: number;
  /** T_out: output steps. */
  steps: number;
  /** V: output symbols; the decoder reads V + 1 (the start symbol last). */
  vocabulary: number;
  /** The encoder's input is text padded with all-zero rows: the attention masks them. */
  maskPadding?: boolean;
}

/** Whether a dataset's inputs are text padded with all-zero rows (it has a vocabulary). */
export const padsWithZeroRows = (data: { vocabulary?: readonly string[] }): boolean =>
  data.vocabulary !== undefined;

/** The additive score's hidden width A for states of a layer of `units` per direction; dot has none. */
export const attentionHidden = (score: AttentionScore, units: number): number =>
  score === 'additive' ? units : 0;

/** The head's shape: all the engines and the counts need (its activation follows the task). */
export interface DenseShape {
  kind: 'dense';
  /** The last recurrent layer's output width. */
  inputSize: number;
  /** The model's outputs K. */
  units: number;
}

/** The Dense head, last: softmax for classification, linear for regression. */
export interface DenseHeadSpec extends DenseShape {
  activation: 'softmax' | 'linear';
}

export type LayerSpec = RecurrentLayerSpec | AttentionLayerSpec | DecoderLayerSpec | DenseHeadSpec;
export type LayerKind = LayerSpec['kind'];
/** A layer as the engines see it: the head without its activation (the loss applies it). */
export type ShapeLayer = RecurrentLayerSpec | AttentionLayerSpec | DecoderLayerSpec | DenseShape;
/** The model, bottom to top: recurrent layers, optionally attention, then the head. */
export type ModelDescription = readonly LayerSpec[];

/** What a task needs of the head (data/types.ts's Task; model/ sits below data/). */
export type HeadTask = 'classification' | 'regression';

/** One training step's size, for FLOP counts. */
export interface StepSize {
  batch: number;
  timesteps: number;
  /** Whether the layer reads the model's input (no input gradient to compute). */
  first: boolean;
}

/** What every layer kind must say about itself. */
export interface LayerKindSpec<L> {
  /** Trainable parameters, as Keras's model.summary() counts them. */
  params(layer: L): number;
  /** The width of the layer's output (the next layer's input). */
  outputWidth(layer: L): number;
  /** Matmul FLOPs of one training step, forward and backward (2 per multiply-add). */
  stepFlops(layer: L, step: StepSize): number;
}

/** Each kind's entry; a LayerSpec kind missing here, or an entry for no kind, fails `tsc`. */
export type LayerKindRegistry = { [K in LayerKind]: LayerKindSpec<Extract<ShapeLayer, { kind: K }>> };

export const LAYER_KINDS = {
  recurrent: {
    // Per direction: W [F, G·H], U [H, G·H], bias [G·H] (and the GRU's recurrent bias [G·H]).
    params: ({ cell, directions, inputSize: F, units: H }) => {
      const { gates: G, recurrentBias } = CELL_KINDS[cell];
      return directions * (F + H + (recurrentBias ? 2 : 1)) * G * H;
    },
    outputWidth: ({ units, directions }) => units * directions,
    // Per direction, rows = B·T: projection X·W 2·rows·F·GH and recurrent h·U 2·rows·H·GH forward;
    // backward dZ·Uᵀ (recurrent), dZ·Wᵀ (projection, not for the first layer), dW and dU.
    stepFlops: ({ cell, directions, inputSize: F, units: H }, { batch, timesteps, first }) => {
      const G = CELL_KINDS[cell].gates;
      const rows = batch * timesteps;
      const projection = 2 * rows * F * G * H;
      const recurrent = 2 * rows * H * G * H;
      const forward = projection + recurrent;
      const backward = recurrent + (first ? 0 : projection) + projection + recurrent;
      return directions * (forward + backward);
    },
  },
  attention: {
    // additive: W [D, A], b [A], v [A]; dot: q [D].
    params: ({ score, inputSize: D, hidden: A }) => (score === 'additive' ? D * A + 2 * A : D),
    outputWidth: ({ inputSize }) => inputSize,
    // Over rows = B·T. Forward: the scores (additive W·h_t 2·rows·D·A and v·tanh 2·rows·A; dot
    // q·h_t 2·rows·D) and the weighted sum 2·rows·D. Backward: dα_t = dc·h_t 2·rows·D, dh_t's
    // α_t·dc 2·rows·D and its score term (additive Wᵀ·du 2·rows·D·A; dot de·q 2·rows·D), and the
    // parameters' (additive dW 2·rows·D·A, dv 2·rows·A; dot dq 2·rows·D).
    stepFlops: ({ score, inputSize: D, hidden: A }, { batch, timesteps }) => {
      const rows = batch * timesteps;
      const scores = score === 'additive' ? 2 * rows * (D * A + A) : 2 * rows * D;
      const scoresBackward = score === 'additive' ? 2 * rows * (2 * D * A + A) : 2 * rows * 2 * D;
      return scores + 2 * rows * D + 2 * 2 * rows * D + scoresBackward;
    },
  },
  decoder: {
    params: ({ score, inputSize: D, units: H, vocabulary: V }) =>
      (V + 1 + H + 1) * 4 * H + (score === 'general' ? H * D : 0) + (D + H + 1) * H,
    outputWidth: ({ units }) => units,
    // Over rows = B·T_out (its own steps), T = T_in. The LSTM: forward X·W, s·U; backward dZ·Uᵀ, dW,
    // dU (its input is the targets: no dX). The query (general: Wa·s, backward dWa and dq·Waᵀ);
    // the scores and the context 2·rows·T·D each, their backward 2·rows·T·D each for dα, dq and
    // dh twice; the combine 2·rows·(D+H)·H, backward twice that. The head over the T_out − 1 steps
    // the Dense entry does not count (it counts one row per window).
    stepFlops: ({ score, inputSize: D, units: H, steps, vocabulary: V }, { batch, timesteps: T }) => {
      const rows = batch * steps;
      const lstm = 2 * rows * 4 * H * (2 * (V + 1) + 3 * H);
      const query = score === 'general' ? 3 * 2 * rows * H * D : 0;
      const attention = 2 * rows * T * D * (2 + 4);
      const combine = 3 * 2 * rows * (D + H) * H;
      const head = 3 * 2 * batch * (steps - 1) * H * V;
      return lstm + query + attention + combine + head;
    },
  },
  dense: {
    params: ({ inputSize, units }) => (inputSize + 1) * units,
    outputWidth: ({ units }) => units,
    // Logits, the kernel's gradient and the input gradient, once per window (the last step only).
    stepFlops: ({ inputSize, units }, { batch }) => 3 * 2 * batch * inputSize * units,
  },
} satisfies LayerKindRegistry;

/** The registry's entry for a layer's kind (one cast: TS cannot tie the key to the member). */
const kindOf = <L extends ShapeLayer>(layer: L) => LAYER_KINDS[layer.kind] as unknown as LayerKindSpec<L>;

export const layerParams = (layer: ShapeLayer): number => kindOf(layer).params(layer);
export const layerOutputWidth = (layer: ShapeLayer): number => kindOf(layer).outputWidth(layer);

/** Trainable parameters of a whole model (Keras's "Total params"). */
export const describedParams = (layers: readonly ShapeLayer[]): number =>
  layers.reduce((n, layer) => n + layerParams(layer), 0);

/** Matmul FLOPs of one training step of a whole model over a batch of windows. */
export function describedStepFlops(layers: readonly ShapeLayer[], batch: number, timesteps: number): number {
  return layers.reduce(
    (n, layer, i) => n + kindOf(layer).stepFlops(layer, { batch, timesteps, first: i === 0 }),
    0,
  );
}

/** One function per layer kind: what an engine does for a layer (a kind missing fails `tsc`). */
export type LayerVisitor<R> = { [K in LayerKind]: (layer: Extract<ShapeLayer, { kind: K }>) => R };

/** Runs the visitor's function for the layer's kind. */
export const visitLayer = <R>(layer: ShapeLayer, visit: LayerVisitor<R>): R =>
  (visit[layer.kind] as (layer: ShapeLayer) => R)(layer);

/** The recurrent stack and head a config asks for (what params.ts's ModelShape and describeModel share). */
export interface StackRequest {
  /** Units of each recurrent layer, bottom to top. */
  layers: readonly number[];
  cell: CellType;
  bidirectional: boolean;
  /** Attention over the last recurrent layer's states before the head; 'none' (or absent): none. */
  attention?: AttentionScore | 'none';
  features: number;
  outputs: number;
  /** The input is text padded with all-zero rows: the attention masks them (AttentionLayerSpec). */
  maskPadding?: boolean;
  /** An encoder–decoder (issue 23): the decoder over the last layer's states; `outputs` is then V. */
  decoder?: DecoderRequest;
}

/** What an encoder–decoder's decoder needs besides the stack: its score and its output side. */
export interface DecoderRequest {
  score: DecoderScore;
  /** T_out. */
  steps: number;
  /** V: output symbols. */
  vocabulary: number;
}

type StackLayers = [...(RecurrentLayerSpec | AttentionLayerSpec | DecoderLayerSpec)[], DenseShape];

/** The layers of a stack, bottom to top, the head's activation left to the caller; validated. */
export function stackLayers(req: StackRequest): StackLayers {
  const directions = req.bidirectional ? 2 : 1;
  const score = req.attention && req.attention !== 'none' ? req.attention : null;
  if (req.decoder && score)
    throw new Error(
      `a translation model's decoder attends; attention ${score} over its encoder does not apply`,
    );
  const recurrent = req.layers.map(
    (units, l): RecurrentLayerSpec => ({
      kind: 'recurrent',
      cell: req.cell,
      directions,
      inputSize: l === 0 ? req.features : req.layers[l - 1] * directions,
      units,
      returnSequences: l < req.layers.length - 1 || score !== null || req.decoder !== undefined,
    }),
  );
  const last = recurrent[recurrent.length - 1];
  const width = last ? layerOutputWidth(last) : 0;
  const attention: AttentionLayerSpec[] = score
    ? [
        {
          kind: 'attention',
          score,
          inputSize: width,
          hidden: attentionHidden(score, last?.units ?? 0),
          ...(req.maskPadding ? { maskPadding: true } : {}),
        },
      ]
    : [];
  const decoder: DecoderLayerSpec[] = req.decoder
    ? [
        {
          kind: 'decoder',
          cell: 'lstm',
          score: req.decoder.score,
          inputSize: width,
          units: width,
          steps: req.decoder.steps,
          vocabulary: req.decoder.vocabulary,
          ...(req.maskPadding ? { maskPadding: true } : {}),
        },
      ]
    : [];
  const head: DenseShape = { kind: 'dense', inputSize: width, units: req.outputs };
  const layers: StackLayers = [...recurrent, ...attention, ...decoder, head];
  validateLayers(layers, req.features);
  return layers;
}

/**
 * The model a config describes, for data of this width and task: recurrent layers, then the Dense
 * head (softmax for classification, linear for regression). Throws on an impossible description.
 */
export function describeModel(
  config: Pick<StackRequest, 'layers' | 'cell' | 'bidirectional' | 'attention'> & {
    decoderAttention?: DecoderScore;
  },
  data: DescribedData,
): LayerSpec[] {
  const layers = stackLayers(stackRequestOf(config, data));
  const head = layers.pop() as DenseShape;
  const activation = data.task === 'classification' ? 'softmax' : 'linear';
  return [...(layers as Exclude<LayerSpec, DenseHeadSpec>[]), { ...head, activation }];
}

/** What a model's description needs of its data (data/types.ts's Dataset has all of it). */
export interface DescribedData {
  features: number;
  outputs: number;
  task: HeadTask;
  vocabulary?: readonly string[];
  /** A sequence-to-sequence dataset's output side (data/types.ts SequenceTarget). */
  target?: { steps: number; vocabulary: readonly string[] };
}

/**
 * The stack a config asks for on this data: a dataset with a sequence target makes an
 * encoder–decoder (its head then has the V output symbols, not the flat width of y).
 */
export function stackRequestOf(
  config: Pick<StackRequest, 'layers' | 'cell' | 'bidirectional' | 'attention'> & {
    decoderAttention?: DecoderScore;
  },
  data: DescribedData,
): StackRequest {
  const { layers, cell, bidirectional, attention, decoderAttention } = config;
  const maskPadding = padsWithZeroRows(data);
  const { target } = data;
  if (!target)
    return {
      layers,
      cell,
      bidirectional,
      attention,
      features: data.features,
      outputs: data.outputs,
      maskPadding,
    };
  const decoder = {
    score: decoderAttention ?? 'general',
    steps: target.steps,
    vocabulary: target.vocabulary.length,
  };
  return {
    layers,
    cell,
    bidirectional,
    attention,
    features: data.features,
    outputs: decoder.vocabulary,
    maskPadding,
    decoder,
  };
}

const isWidth = (n: number) => Number.isInteger(n) && n > 0;

/**
 * Throws an Error naming the layer (1-based, bottom to top) and what is wrong when the list is no
 * model the engines can run: no recurrent layer, a width that is not a positive integer, a head
 * that is not last (or missing), widths that do not chain, return sequences where the next layer
 * does not read them, cells and directions that differ between layers (each engine runs one), or
 * an attention layer anywhere but between the last recurrent layer and the head.
 */
export function validateLayers(layers: readonly ShapeLayer[], features: number): void {
  const fail = (i: number, what: string): never => {
    throw new Error(`layer ${i + 1} (${layers[i]?.kind ?? 'none'}): ${what}`);
  };
  if (!isWidth(features))
    throw new Error(`the model's input must be at least 1 feature wide, not ${features}`);
  const first = layers.find((l): l is RecurrentLayerSpec => l.kind === 'recurrent');
  if (!first) throw new Error('a model needs at least one recurrent layer');
  if (layers[0] !== first) fail(0, 'the first layer must be recurrent');
  let width = features;
  layers.forEach((layer, i) => {
    if (layer.kind === 'attention') {
      const hidden = layer.score === 'additive' ? isWidth(layer.hidden) : layer.hidden === 0;
      if (!hidden) fail(i, `a ${layer.score} score cannot have a hidden width of ${layer.hidden}`);
    } else if (!isWidth(layer.units)) fail(i, `needs at least 1 unit, not ${layer.units}`);
    if (layer.kind === 'decoder')
      validateDecoder(layer, layers[i - 1], layers[i + 1], (what) => fail(i, what));
    if (layer.inputSize !== width)
      fail(i, `reads ${layer.inputSize} inputs but the layer below gives ${width}`);
    const last = i === layers.length - 1;
    const next = layers[i + 1]?.kind;
    if (layer.kind === 'dense' && !last) fail(i, 'the Dense head must be the last layer');
    if (layer.kind === 'attention') {
      if (layers[i - 1].kind !== 'recurrent') fail(i, 'attention must read a recurrent layer');
      if (next !== 'dense') fail(i, 'attention must be followed by the Dense head');
    }
    if (layer.kind === 'recurrent') {
      if (last) fail(i, 'the model ends without a Dense head');
      if (layer.cell !== first.cell)
        fail(i, `is ${layer.cell} but layer 1 is ${first.cell}: one cell kind per model`);
      if (layer.directions !== first.directions)
        fail(i, 'every recurrent layer must have the same directions');
      const readsSequences = next === 'recurrent' || next === 'attention' || next === 'decoder';
      if (layer.returnSequences !== readsSequences) {
        fail(
          i,
          readsSequences
            ? `must return sequences to the ${next} layer above`
            : 'must not return sequences to the head',
        );
      }
    }
    width = layerOutputWidth(layer);
  });
}

/** A decoder reads the last recurrent layer, is read by the head, and is as wide as the states. */
function validateDecoder(
  layer: DecoderLayerSpec,
  below: ShapeLayer | undefined,
  above: ShapeLayer | undefined,
  fail: (what: string) => never,
): void {
  if (below?.kind !== 'recurrent') fail('the decoder must read a recurrent encoder');
  if (above?.kind !== 'dense') fail('the decoder must be followed by the Dense head');
  if (layer.units !== layer.inputSize)
    fail(`has ${layer.units} units but attends over states ${layer.inputSize} wide: they must match`);
  if (!isWidth(layer.steps)) fail(`needs at least 1 output step, not ${layer.steps}`);
  if (!isWidth(layer.vocabulary)) fail(`needs at least 1 output symbol, not ${layer.vocabulary}`);
  if (above?.kind === 'dense' && above.units !== layer.vocabulary)
    fail(`gives ${layer.vocabulary} symbols but the head has ${above.units} outputs`);
}
