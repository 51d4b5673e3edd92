import type { Dataset } from '../../data/types';
import type { CellType } from '../../model/config';
import type { AttentionLayerSpec } from '../../model/layers';
import { type ModelShape, outputWidth } from '../../model/params';
import { CELLS, cellSpec, type DirectionBufferName, directionFloats } from '../contracts/cells';
import type { AttentionDims } from '../contracts/dims';
import { NORM_GROUPS } from '../contracts/optimizerConstants';
import type { DirectionOffsets, ParamLayout } from '../contracts/paramLayout';
import { probeFloats } from '../contracts/probe';
import { dropoutStream, maskParams } from '../reference/dropout';
import { type CellDims, NO_PROBE } from '../reference/lstmCell';
import { gpuCell, type TimeUniform, timeUniform } from './cellKernels';
import { allocateDecoderBuffers, type DecoderGpuBuffers } from './decoderStage';
import type { GpuContext } from './gpuContext';
import { packMaskParams } from './kernels';

/**
 * Every buffer of one config's training step and evaluation, allocated once, as a named struct
 * (llm.c keeps its ActivationTensors apart from gpt2_forward the same way); stepGraph.ts only
 * wires them into dispatches. memoryPlan.ts checks the large ones against the device first.
 * Shapes, time-major (row t·B + b), per layer l with input width F, H units, G gates per unit and
 * dirs directions (2 when Bidirectional):
 *   per layer:      h, dH [T·B, dirs·H]: the output (each direction's units side by side), its gradient
 *   per direction (the kind's buffers in contracts/cells.ts, sized there; hcarry WebGPU's own):
 *                   xd [T·B, F] input ⊙ m_in · gates [T·B, G·H] (Zx, then after activation) ·
 *                   hprev [T·B, H] (h_prev ⊙ m_rec, the first step's block zero) · dz [T·B, G·H];
 *                   LSTM: c [T·B, H]; GRU: hrec [T·B, H], dzr [T·B, G·H]
 *   the inside views, per direction: probe [P, T, H] (the evaluation's probed row, engine/contracts/probe.ts) ·
 *                   dhSteps [T·B, H] ∂L/∂h_t and (LSTM) dcSteps ∂L/∂c_t of every step ·
 *                   normH, normC [T·B] their norms summed over the steps (grad_norm_steps)
 *   attention (when the model has it, over the last layer's h, D = dirs·H wide): the buffers of
 *                   cpu/model.ts's AttentionBuffers, AttentionBuffers below
 *   decoder (an encoder–decoder, issue 23): cpu/decoder.ts's DecoderBuffers (decoderStage.ts); the
 *                   head then runs on its T_out·B rows: logits, outputs, dlogits [T_out·B, V], rowLoss
 *                   [T_out·B]; y0 is [B, T_out·V] (the dataset's rows), evaluation's outputs
 *                   [rows, T_out·V] (each chunk's time-major, reordered on readback) and row losses
 *                   [rows·T_out]
 */
export interface DropoutMask {
  kind: 'input' | 'recurrent' | 'output';
  stream: number;
  count: number; // B · D
  mask: GPUBuffer; // [B, D]
  /** Mask parameters: the training rates (rewritten by setRegularization), and all ones. */
  trainParams: GPUBuffer;
  evalParams: GPUBuffer;
}

/** The direction buffers every registered kind keeps (contracts/cells.ts CELLS[kind].buffers). */
type EveryKindKeeps = {
  [N in DirectionBufferName]: [
    { [K in CellType]: N extends (typeof CELLS)[K]['buffers'][number] ? never : K }[CellType],
  ] extends [never]
    ? N
    : never;
}[DirectionBufferName];

/**
 * One direction of a recurrent layer (the forward one, or a Bidirectional layer's reverse one):
 * the buffers its kind keeps, allocated from contracts/cells.ts as the CPU model allocates them
 * (those every kind keeps typed as always there; the rest, c, hrec, dzr, dcSteps, normC, only
 * where the kind keeps them), and WebGPU's own carry.
 */
export type DirectionBuffers = Record<EveryKindKeeps, GPUBuffer> &
  Partial<Record<DirectionBufferName, GPUBuffer>> & {
    dims: CellDims;
    /** Float offsets of this direction's W, U, b (and the GRU's rb) in params and grads. */
    w: DirectionOffsets;
    inMask: DropoutMask;
    recMask: DropoutMask;
    /**
     * WebGPU's own, no direction buffer of the spec: [B, H] h_prev ⊙ m_rec of a step, written and
     * read in turn, for a kind whose forward carries it (cellKernels.ts GPU_CELLS[kind].carry).
     */
    hcarry?: [GPUBuffer, GPUBuffer];
  };

export interface LayerBuffers {
  F: number;
  H: number;
  h: GPUBuffer;
  dH: GPUBuffer;
  directions: DirectionBuffers[];
}

export interface HeadBuffers {
  /** Float offsets of Wd [H_out, K] and bd [K] in params and grads. */
  w: { kernel: number; bias: number };
  outMask: DropoutMask;
  hd: GPUBuffer; // [B, H_out] each direction's last h ⊙ m_out
  logits: GPUBuffer; // [B, K] ([T_out·B, K] with a decoder)
  dlogits: GPUBuffer; // [B, K]
  outputs: GPUBuffer; // [B, K] probabilities or predictions
  rowLoss: GPUBuffer; // [B] ([T_out·B] with a decoder)
  dhd: GPUBuffer; // [B, H_out]
}

/**
 * The attention layer over the last layer's h [T·B, D] (shaders/attention.wgsl names them), the
 * same buffers as cpu/model.ts's: the head reads its context instead of the last state.
 */
export interface AttentionBuffers {
  spec: AttentionLayerSpec;
  dims: AttentionDims;
  /** Float offsets of W [D, A], b [A] (additive only) and v [A] or q [D] in params and grads. */
  w: { kernel?: number; bias?: number; vector: number };
  mask: GPUBuffer; // [T·B] 1 a real step: all ones, or text's padding mask from x0 (spec.maskPadding)
  pre: GPUBuffer | null; // [T·B, A] W·h_t + b, additive only
  scores: GPUBuffer; // [T·B] e
  alpha: GPUBuffer; // [T·B] α, the softmax over each row's steps
  context: GPUBuffer; // [B, D] Σ_t α_t·h_t
  dcontext: GPUBuffer; // [B, D]
  de: GPUBuffer; // [T·B] the scores' gradient, between the backward's two halves
}

export interface StepBuffers {
  // Parameters and the update, flat in paramLayout's order [P]
  params: GPUBuffer;
  grads: GPUBuffer;
  snapshot: GPUBuffer;
  m: GPUBuffer;
  v: GPUBuffer; // [P] with Adam, else [1]
  regularized: GPUBuffer; // 1 on kernels
  partials: GPUBuffer; // [NORM_GROUPS + 1]
  optParams: GPUBuffer; // uniform OptParams
  // The data and the batch
  data: Record<'train' | 'val', { x: GPUBuffer; y: GPUBuffer }>;
  idx: GPUBuffer; // [B] u32 rows of the split
  x0: GPUBuffer; // [T·B, F]
  y0: GPUBuffer; // [B, K]
  // Per step: {step, slot, c1, c2}; evaluation's copy writes its loss to the spare slot
  stepUniform: GPUBuffer;
  evalStep: GPUBuffer;
  time: TimeUniform;
  // Activations and their gradients
  layers: LayerBuffers[];
  head: HeadBuffers;
  /** Null without attention (the head reads each direction's last h). */
  attention: AttentionBuffers | null;
  /** Null without a decoder (decoderStage.ts). */
  decoder: DecoderGpuBuffers | null;
  dc: GPUBuffer; // [B, H_max] gradient at c through time, reused by every layer
  dX: GPUBuffer | null; // [T·B, F_max of layers ≥ 1] dZ·Wᵀ before the input mask
  /** Step losses [capacity + 1]: the ring the readback drains, and evaluation's spare slot. */
  losses: GPUBuffer;
  // Evaluation collects each chunk's outputs and row losses here [rows of the split, ·]
  evalOutputs: GPUBuffer;
  evalRowLoss: GPUBuffer;
  /**
   * Where a probe is kept for its readback, copied right after the forward that wrote it: every
   * direction's probe buffer in layer order, then the head's Wd and bd (for the readout at every
   * step), then with attention its scores and alpha [T·B] whole (every batch row: the probed one
   * is picked on the CPU, as a copy cannot stride). Float offsets in probeOutLayout.
   */
  probeOut: GPUBuffer;
  probeOutLayout: {
    directions: number[][];
    headKernel: number;
    headBias: number;
    /** Where the attention's scores and alpha [T·B] sit; absent without attention. */
    attention?: { scores: number; alpha: number };
    /** Where a decoder's alpha [T_out·B·T_in] and the head's outputs [T_out·B, V] sit; absent without one. */
    translation?: { alpha: number; outputs: number };
    floats: number;
  };
}

export interface StepBufferOptions {
  shape: ModelShape;
  dataset: Dataset;
  layout: ParamLayout;
  seed: number;
  adam: boolean;
  batch: number;
  /** Rows evaluation collects: the larger split, rounded up to whole batches. */
  evalRows: number;
  /** The step-loss ring (LossReadback.losses); its last slot is evaluation's. */
  losses: GPUBuffer;
}

export function allocateStepBuffers(ctx: GpuContext, o: StepBufferOptions): StepBuffers {
  const { shape, dataset, layout, batch: B } = o;
  const T = dataset.timesteps;
  const K = shape.outputs;
  const S = shape.decoder?.steps ?? 1; // the head's rows per batch row
  const rows = T * B;
  const L = shape.layers.length;
  const P = layout.size;
  const layers = shape.layers.map((_, l) => allocateLayer(ctx, o, l));
  const Hout = outputWidth(shape);
  const Hmax = Math.max(...shape.layers.map((l) => l.units));
  const upload = (split: 'train' | 'val') => ({
    x: ctx.upload(`${split} x`, dataset[split].x),
    y: ctx.upload(`${split} y`, dataset[split].y),
  });
  return {
    params: ctx.storage('params', P),
    grads: ctx.storage('grads', P),
    snapshot: ctx.storage('snapshot', P),
    m: ctx.storage('optimizer m', P),
    v: ctx.storage('optimizer v', o.adam ? P : 1),
    regularized: ctx.storage('regularized', P),
    partials: ctx.storage('norm partials', NORM_GROUPS + 1),
    optParams: ctx.uniform('optimizer params', new ArrayBuffer(32)),
    data: { train: upload('train'), val: upload('val') },
    idx: ctx.storage('batch rows', B),
    x0: ctx.storage('x0', rows * shape.features),
    y0: ctx.storage('y0', B * S * K),
    stepUniform: ctx.uniform('step', new Uint32Array(4)),
    evalStep: ctx.uniform('evaluation step', new Uint32Array([0, o.losses.size / 4 - 1, 0, 0])),
    time: timeUniform(ctx, T),
    layers,
    head: {
      w: { kernel: layout.headKernel, bias: layout.headBias },
      outMask: allocateMask(ctx, o, 'output', dropoutStream.output(L), Hout),
      hd: ctx.storage('hd', B * Hout),
      logits: ctx.storage('logits', S * B * K),
      dlogits: ctx.storage('dlogits', S * B * K),
      outputs: ctx.storage('outputs', S * B * K),
      rowLoss: ctx.storage('row loss', S * B),
      dhd: ctx.storage('dhd', B * Hout),
    },
    attention: shape.attention ? allocateAttention(ctx, shape.attention, layout, B, T) : null,
    decoder: shape.decoder ? allocateDecoderBuffers(ctx, shape.decoder, layout, B, T) : null,
    dc: ctx.storage('dc', B * Hmax),
    dX: L > 1 ? ctx.storage('dX', rows * Math.max(...layers.slice(1).map((l) => l.F))) : null,
    losses: o.losses,
    evalOutputs: ctx.storage('evaluation outputs', o.evalRows * S * K),
    evalRowLoss: ctx.storage('evaluation row loss', o.evalRows * S),
    ...probeOut(ctx, shape, T, B, Hout),
  };
}

/** The attention's buffers, sized as cpu/model.ts's allocateAttention sizes them. */
function allocateAttention(
  ctx: GpuContext,
  spec: AttentionLayerSpec,
  layout: ParamLayout,
  B: number,
  T: number,
): AttentionBuffers {
  const rows = T * B;
  const w = layout.attention;
  if (!w) throw new Error('the parameter layout has no attention tensors');
  return {
    spec,
    dims: { batch: B, steps: T, width: spec.inputSize, hidden: spec.hidden },
    w,
    mask: ctx.upload('attention mask', new Float32Array(rows).fill(1)),
    pre: spec.score === 'additive' ? ctx.storage('attention pre', rows * spec.hidden) : null,
    scores: ctx.storage('attention scores', rows),
    alpha: ctx.storage('attention alpha', rows),
    context: ctx.storage('attention context', B * spec.inputSize),
    dcontext: ctx.storage('attention dcontext', B * spec.inputSize),
    de: ctx.storage('attention de', rows),
  };
}

/** The probe's readback buffer and where each part sits in it (StepBuffers.probeOut). */
function probeOut(ctx: GpuContext, shape: ModelShape, T: number, B: number, Hout: number) {
  let floats = 0;
  const directions = shape.layers.map((l) =>
    Array.from({ length: shape.directions }, () => {
      const at = floats;
      floats += probeFloats(shape.cell, T, l.units);
      return at;
    }),
  );
  const headKernel = floats;
  const headBias = headKernel + Hout * shape.outputs;
  floats = headBias + shape.outputs;
  const attention = shape.attention ? { scores: floats, alpha: floats + T * B } : undefined;
  if (attention) floats = attention.alpha + T * B;
  const dec = shape.decoder;
  const translation = dec ? { alpha: floats, outputs: floats + dec.steps * B * T } : undefined;
  if (dec && translation) floats = translation.outputs + dec.steps * B * dec.vocabulary;
  return {
    probeOut: ctx.storage('probe readback', floats),
    probeOutLayout: {
      directions,
      headKernel,
      headBias,
      ...(attention ? { attention } : {}),
      ...(translation ? { translation } : {}),
      floats,
    },
  };
}

/** A dropout mask [B, D] and its parameter uniforms, all ones until setRegularization. */
function allocateMask(
  ctx: GpuContext,
  o: StepBufferOptions,
  kind: DropoutMask['kind'],
  stream: number,
  cols: number,
): DropoutMask {
  const count = o.batch * cols;
  const ones = packMaskParams(maskParams(o.seed, stream, 0, count));
  return {
    kind,
    stream,
    count,
    mask: ctx.storage(`${kind} mask ${stream}`, count),
    trainParams: ctx.uniform(`${kind} mask ${stream} params`, ones),
    evalParams: ctx.uniform(`${kind} mask ${stream} evaluation params`, ones),
  };
}

/** Layer l: its output and output gradient, and each direction's buffers. */
function allocateLayer(ctx: GpuContext, o: StepBufferOptions, l: number): LayerBuffers {
  const { inputSize: F, units: H } = o.shape.layers[l];
  const rows = o.dataset.timesteps * o.batch;
  const dirs = o.shape.directions;
  return {
    F,
    H,
    h: ctx.storage(`layer ${l} h`, rows * dirs * H),
    dH: ctx.storage(`layer ${l} dH`, rows * dirs * H),
    directions: Array.from({ length: dirs }, (_, d) => allocateDirection(ctx, o, l, d)),
  };
}

/** Direction d (0 forward, 1 reverse) of layer l: its cell's buffers, masks and weights' offsets. */
function allocateDirection(ctx: GpuContext, o: StepBufferOptions, l: number, d: number): DirectionBuffers {
  const { shape, batch: B } = o;
  const { inputSize: F, units: H } = shape.layers[l];
  const T = o.dataset.timesteps;
  const { cell } = shape;
  const name = (what: string) => `layer ${l}${d ? ' reverse' : ''} ${what}`;
  const sizes = { cell, rows: T * B, batch: B, steps: T, inputs: F, units: H, gates: CELLS[cell].gates };
  // Every buffer the kind keeps, sized as the CPU model and the memory plan size it (training).
  const kept = Object.fromEntries(
    cellSpec(cell).buffers.map((buffer) => [
      buffer,
      ctx.storage(name(buffer), directionFloats(sizes, buffer, true)),
    ]),
  ) as Record<EveryKindKeeps, GPUBuffer> & Partial<Record<DirectionBufferName, GPUBuffer>>;
  return {
    dims: {
      batch: B,
      units: H,
      steps: T,
      reverse: d,
      h_stride: shape.directions * H,
      h_off: d * H,
      probe_row: NO_PROBE,
    },
    w: o.layout.layer(l, d),
    inMask: allocateMask(ctx, o, 'input', dropoutStream.input(l, d), F),
    recMask: allocateMask(ctx, o, 'recurrent', dropoutStream.recurrent(l, d), H),
    ...kept,
    ...(gpuCell(cell).carry
      ? { hcarry: [ctx.storage(name('h carry even'), B * H), ctx.storage(name('h carry odd'), B * H)] }
      : {}),
  };
}

/** Every dropout mask of the step: each layer's input and recurrent masks, then the output mask. */
export const dropoutMasks = (b: StepBuffers): DropoutMask[] => [
  ...b.layers.flatMap((l) => l.directions.flatMap((d) => [d.inMask, d.recMask])),
  b.head.outMask,
];
