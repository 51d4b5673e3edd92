import type { Dataset } from '../../data/types';
import type { ModelShape } from '../../model/params';
import { NORM_GROUPS } from '../optimizerConstants';
import type { ParamLayout } from '../paramLayout';
import { dropoutStream, maskParams } from '../reference/dropout';
import type { CellDims } from '../reference/lstmCell';
import { type TimeUniform, timeUniform } from './cellKernels';
import type { GpuContext } from './gpuContext';
import { packMaskParams } from './kernels';

/**
 * Every buffer of one config's training step and evaluation, allocated once, as a named struct
 * (llm.c keeps its ActivationTensors apart from gpt2_forward the same way); stepGraph.ts only
 * wires them into dispatches. memoryPlan.ts checks the large ones against the device first.
 * Shapes, time-major (row t·B + b), per layer l with input width F and H units:
 *   xd [T·B, F] input ⊙ m_in · gates [T·B, 4H] (Zx, then post-activation) · c, h [T·B, H]
 *   hprev [T·B, H] (h_{t−1} ⊙ m_rec, block 0 zero) · dz [T·B, 4H] · dH [T·B, H] gradient at h
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

export interface LayerBuffers {
  F: number;
  H: number;
  cell: CellDims;
  /** Float offsets of W [F, 4H], U [H, 4H], b [4H] in params and grads. */
  w: { kernel: number; recurrent: number; bias: number };
  inMask: DropoutMask;
  recMask: DropoutMask;
  xd: GPUBuffer;
  gates: GPUBuffer;
  c: GPUBuffer;
  h: GPUBuffer;
  hprev: GPUBuffer;
  dz: GPUBuffer;
  dH: GPUBuffer;
}

export interface HeadBuffers {
  /** Float offsets of Wd [H_last, K] and bd [K] in params and grads. */
  w: { kernel: number; bias: number };
  outMask: DropoutMask;
  hd: GPUBuffer; // [B, H_last] h_{T−1} ⊙ m_out
  logits: GPUBuffer; // [B, K]
  dlogits: GPUBuffer; // [B, K]
  outputs: GPUBuffer; // [B, K] probabilities or predictions
  rowLoss: GPUBuffer; // [B]
  dhd: GPUBuffer; // [B, H_last]
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
  dc: GPUBuffer; // [B, H_max] gradient at c through time, reused by every layer
  dX: GPUBuffer | null; // [T·B, F_max of layers ≥ 1] dZ·Wᵀ before the input mask
  /** Step losses [capacity + 1]: the ring the readback drains, and evaluation's spare slot. */
  losses: GPUBuffer;
  // Evaluation collects each chunk's outputs and row losses here [rows of the split, ·]
  evalOutputs: GPUBuffer;
  evalRowLoss: GPUBuffer;
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
  const rows = T * B;
  const L = shape.layers.length;
  const P = layout.size;
  const mask = (kind: DropoutMask['kind'], stream: number, cols: number): DropoutMask => {
    const count = B * cols;
    const ones = packMaskParams(maskParams(o.seed, stream, 0, count));
    return {
      kind,
      stream,
      count,
      mask: ctx.storage(`${kind} mask ${stream}`, count),
      trainParams: ctx.uniform(`${kind} mask ${stream} params`, ones),
      evalParams: ctx.uniform(`${kind} mask ${stream} evaluation params`, ones),
    };
  };
  const layers = shape.layers.map(({ inputSize: F, units: H }, l) => ({
    F,
    H,
    cell: { batch: B, units: H, steps: T },
    w: layout.layer(l),
    inMask: mask('input', dropoutStream.input(l), F),
    recMask: mask('recurrent', dropoutStream.recurrent(l), H),
    xd: ctx.storage(`layer ${l} xd`, rows * F),
    gates: ctx.storage(`layer ${l} gates`, rows * 4 * H),
    c: ctx.storage(`layer ${l} c`, rows * H),
    h: ctx.storage(`layer ${l} h`, rows * H),
    hprev: ctx.storage(`layer ${l} hprev`, rows * H),
    dz: ctx.storage(`layer ${l} dz`, rows * 4 * H),
    dH: ctx.storage(`layer ${l} dH`, rows * H),
  }));
  const Hl = shape.layers[L - 1].units;
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
    y0: ctx.storage('y0', B * K),
    stepUniform: ctx.uniform('step', new Uint32Array(4)),
    evalStep: ctx.uniform('evaluation step', new Uint32Array([0, o.losses.size / 4 - 1, 0, 0])),
    time: timeUniform(ctx, T),
    layers,
    head: {
      w: { kernel: layout.headKernel, bias: layout.headBias },
      outMask: mask('output', dropoutStream.output(L), Hl),
      hd: ctx.storage('hd', B * Hl),
      logits: ctx.storage('logits', B * K),
      dlogits: ctx.storage('dlogits', B * K),
      outputs: ctx.storage('outputs', B * K),
      rowLoss: ctx.storage('row loss', B),
      dhd: ctx.storage('dhd', B * Hl),
    },
    dc: ctx.storage('dc', B * Hmax),
    dX: L > 1 ? ctx.storage('dX', rows * Math.max(...layers.slice(1).map((l) => l.F))) : null,
    losses: o.losses,
    evalOutputs: ctx.storage('evaluation outputs', o.evalRows * K),
    evalRowLoss: ctx.storage('evaluation row loss', o.evalRows),
  };
}

/** Every dropout mask of the step: each layer's input and recurrent masks, then the output mask. */
export const dropoutMasks = (b: StepBuffers): DropoutMask[] => [
  ...b.layers.flatMap((l) => [l.inMask, l.recMask]),
  b.head.outMask,
];
