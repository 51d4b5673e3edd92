import type { Task } from '../../data/types';
import type { Config } from '../../model/config';
import type { ModelShape } from '../../model/params';
import type { Regularization } from '../backend';
import { maskParams } from '../reference/dropout';
import type { CellDims } from '../reference/lstmCell';
import { type CellVariant, lstmCellDispatches } from './cellKernels';
import type { Dispatch, GpuContext, TensorRef } from './gpuContext';
import {
  dropoutDispatch,
  gatherDispatch,
  lossDispatch,
  maskRowsDispatch,
  optimizerDispatches,
  packMaskParams,
  packOptParams,
  sumRowsDispatch,
} from './kernels';
import { type MatmulShape, type MatmulVariant, matmulDispatch } from './matmulKernel';
import { dropoutMasks, type StepBuffers } from './stepBuffers';

/**
 * The dispatch lists of a training step and of an evaluation chunk, built once from the step's
 * buffers (stepBuffers.ts): a step then only writes its batch rows and step numbers and encodes
 * the list. Each stage has a small builder below; buildStepGraph lists them in execution order,
 * the way MATH.md and the reference model (reference/model.ts) write the step.
 */
export interface KernelChoice {
  /** Variant per GEMM role (keys of gemmShapes). */
  matmul: Record<string, MatmulVariant>;
  /** Rows per thread of each layer's fused cell. */
  cell: CellVariant[];
}

/** Every cell of a step, one per layer: the one list the graph and the autotuner both read. */
export const cellShapes = (shape: ModelShape, batch: number, steps: number): CellDims[] =>
  shape.layers.map((l) => ({ batch, units: l.units, steps }));

/** Every GEMM of a step by role: the one list the graph and the autotuner both read. */
export function gemmShapes(shape: ModelShape, batch: number, steps: number): Record<string, MatmulShape> {
  const rows = steps * batch;
  const K = shape.outputs;
  const Hl = shape.layers[shape.layers.length - 1].units;
  const g = (m: number, n: number, k: number, transA = false, transB = false) => ({
    m,
    n,
    k,
    transA,
    transB,
  });
  const roles: Record<string, MatmulShape> = {};
  shape.layers.forEach(({ inputSize: F, units: H }, l) => {
    roles[`layer${l}.projection`] = { ...g(rows, 4 * H, F), bias: true }; // Zx = Xd·W + b
    roles[`layer${l}.kernelGrad`] = g(F, 4 * H, rows, true); // dW = Xdᵀ·dZ
    roles[`layer${l}.recurrentGrad`] = g(H, 4 * H, rows, true); // dU = Hprevᵀ·dZ
    if (l > 0) roles[`layer${l}.inputGrad`] = g(rows, F, 4 * H, false, true); // dX = dZ·Wᵀ
  });
  roles.head = { ...g(batch, K, Hl), bias: true }; // logits = hd·Wd + bd
  roles.headGrad = g(Hl, K, batch, true); // dWd = hdᵀ·dlogits
  roles.headInputGrad = g(batch, Hl, K, false, true); // dhd = dlogits·Wdᵀ
  return roles;
}

export interface StepGraph {
  buffers: StepBuffers;
  train: Dispatch[];
  evaluate: Record<'train' | 'val', Dispatch[]>;
  /** Rewrites the uniforms that hold dropout rates and L1/L2. */
  setRegularization(r: Regularization): void;
}

export interface StepGraphOptions {
  ctx: GpuContext;
  config: Config;
  shape: ModelShape;
  task: Task;
  buffers: StepBuffers;
  choice: KernelChoice;
  /** Floats in the flat parameter buffer (paramLayout). */
  paramFloats: number;
}

/** What every stage builder reads: the context, the buffers, the sizes and a GEMM by role. */
interface Stage {
  ctx: GpuContext;
  b: StepBuffers;
  shape: ModelShape;
  B: number;
  T: number;
  cell: CellVariant[];
  mm(role: string, a: TensorRef, b: TensorRef, c: TensorRef, bias?: TensorRef): Dispatch;
}

export function buildStepGraph(o: StepGraphOptions): StepGraph {
  const { ctx, buffers: b, choice, shape } = o;
  const { batch: B, steps: T } = b.layers[0].cell;
  const shapes = gemmShapes(shape, B, T);
  const s: Stage = {
    ctx,
    b,
    shape,
    B,
    T,
    cell: choice.cell,
    mm: (role, a, bm, c, bias) =>
      matmulDispatch(ctx, choice.matmul[role], shapes[role], { a, b: bm, c, bias }, role),
  };
  const layers = b.layers.map((_, l) => l);
  const entry = o.task === 'classification' ? 'softmax_cross_entropy' : 'mse_loss';
  const forward = [...layers.flatMap((l) => layerForward(s, l)), ...headForward(s)];

  // One training step, in execution order: forward → loss → backward through time → update.
  const train = [
    gather(s, 'train'),
    ...dropout(s, 'train'),
    ...forward,
    loss(s, entry, b.stepUniform),
    ...headBackward(s),
    ...[...layers].reverse().flatMap((l) => layerBackward(s, l)),
    ...update(s, o.config.optimizer, o.config.clipnorm > 0, o.paramFloats),
  ];
  // Evaluation: the forward pass without dropout (all-ones masks), its loss to the spare slot.
  const evaluate = (split: 'train' | 'val') => [
    gather(s, split),
    ...dropout(s, 'eval'),
    ...forward,
    loss(s, entry, b.evalStep),
  ];
  return {
    buffers: b,
    train,
    evaluate: { train: evaluate('train'), val: evaluate('val') },
    setRegularization: (r) => setRegularization(ctx.device, o.config, b, o.paramFloats, r),
  };
}

const at = (buffer: GPUBuffer, offset = 0): TensorRef => ({ buffer, offset });
const rows = (s: Stage, count: number, cols: number) => ({
  rows: count,
  cols,
  batch: s.B,
  src_off: 0,
  out_off: 0,
});

/** x0 [T·B, F] and y0 [B, K] from the split's rows in idx. */
function gather(s: Stage, split: 'train' | 'val'): Dispatch {
  const { b, shape } = s;
  const dims = { batch: s.B, steps: s.T, features: shape.features, outputs: shape.outputs };
  return gatherDispatch(s.ctx, dims, b.idx, b.data[split].x, b.data[split].y, b.x0, b.y0);
}

/** Every dropout mask of the step from the shared hash: the training rates, or all ones. */
function dropout(s: Stage, use: 'train' | 'eval'): Dispatch[] {
  const step = use === 'train' ? s.b.stepUniform : s.b.evalStep;
  return dropoutMasks(s.b).map((m) =>
    dropoutDispatch(s.ctx, use === 'train' ? m.trainParams : m.evalParams, m.count, step, m.mask),
  );
}

/** Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell, t = 0 … T−1. */
function layerForward(s: Stage, l: number): Dispatch[] {
  const { b } = s;
  const layer = b.layers[l];
  const { F, w } = layer;
  const input = l === 0 ? b.x0 : b.layers[l - 1].h;
  return [
    maskRowsDispatch(s.ctx, rows(s, s.T * s.B, F), input, layer.xd, layer.inMask.mask),
    s.mm(`layer${l}.projection`, at(layer.xd), at(b.params, w.kernel), at(layer.gates), at(b.params, w.bias)),
    ...lstmCellDispatches(
      s.ctx,
      layer.cell,
      b.time,
      cellBuffers(s, l),
      false,
      `layer${l}.cellForward`,
      s.cell[l],
    ),
  ];
}

/** hd = h_{T−1} ⊙ m_out; logits = hd·Wd + bd. */
function headForward(s: Stage): Dispatch[] {
  const { b } = s;
  const last = b.layers[b.layers.length - 1];
  const H = last.H;
  const lastStep = { ...rows(s, s.B, H), src_off: (s.T - 1) * s.B * H };
  const { w } = b.head;
  return [
    maskRowsDispatch(s.ctx, lastStep, last.h, b.head.hd, b.head.outMask.mask),
    s.mm('head', at(b.head.hd), at(b.params, w.kernel), at(b.head.logits), at(b.params, w.bias)),
  ];
}

/** softmax_cross_entropy or mse_loss: outputs, dlogits, row losses, and the mean at the step's slot. */
function loss(s: Stage, entry: 'softmax_cross_entropy' | 'mse_loss', step: GPUBuffer): Dispatch {
  const { head, y0 } = s.b;
  const dims = { batch: s.B, outputs: s.shape.outputs };
  return lossDispatch(
    s.ctx,
    entry,
    dims,
    step,
    head.logits,
    y0,
    head.dlogits,
    head.outputs,
    head.rowLoss,
    s.b.losses,
  );
}

/** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhL = (dlogits·Wdᵀ) ⊙ m_out into block T−1 of the last dH. */
function headBackward(s: Stage): Dispatch[] {
  const { b, shape } = s;
  const { head } = b;
  const last = b.layers[b.layers.length - 1];
  const H = last.H;
  // Only block T−1 of the last layer's dH is ever written: the rest stays zero.
  const lastStep = { ...rows(s, s.B, H), out_off: (s.T - 1) * s.B * H };
  return [
    s.mm('headGrad', at(head.hd), at(head.dlogits), at(b.grads, head.w.kernel)),
    sumRowsDispatch(s.ctx, { ...rows(s, s.B, shape.outputs), out_off: head.w.bias }, head.dlogits, b.grads),
    s.mm('headInputGrad', at(head.dlogits), at(b.params, head.w.kernel), at(head.dhd)),
    maskRowsDispatch(s.ctx, lastStep, head.dhd, last.dH, head.outMask.mask),
  ];
}

/** The cell, t = T−1 … 0; dW = Xdᵀ·dZ, dU = Hprevᵀ·dZ, db = Σ dZ; dX = (dZ·Wᵀ) ⊙ m_in. */
function layerBackward(s: Stage, l: number): Dispatch[] {
  const { b } = s;
  const layer = b.layers[l];
  const { F, H, w } = layer;
  const all = s.T * s.B;
  const list = [
    ...lstmCellDispatches(
      s.ctx,
      layer.cell,
      b.time,
      cellBuffers(s, l),
      true,
      `layer${l}.cellBackward`,
      s.cell[l],
    ),
    s.mm(`layer${l}.kernelGrad`, at(layer.xd), at(layer.dz), at(b.grads, w.kernel)),
    s.mm(`layer${l}.recurrentGrad`, at(layer.hprev), at(layer.dz), at(b.grads, w.recurrent)),
    sumRowsDispatch(s.ctx, { ...rows(s, all, 4 * H), out_off: w.bias }, layer.dz, b.grads),
  ];
  if (l > 0 && b.dX) {
    list.push(
      s.mm(`layer${l}.inputGrad`, at(layer.dz), at(b.params, w.kernel), at(b.dX)),
      maskRowsDispatch(s.ctx, rows(s, all, F), b.dX, b.layers[l - 1].dH, layer.inMask.mask),
    );
  }
  return list;
}

/** L1/L2, clipnorm (the global norm first, when on), then the optimizer: optimizer.wgsl. */
function update(s: Stage, optimizer: Config['optimizer'], clip: boolean, paramFloats: number): Dispatch[] {
  const { b } = s;
  const buffers = {
    w: b.params,
    g: b.grads,
    m: b.m,
    v: b.v,
    regularized: b.regularized,
    partials: b.partials,
  };
  return optimizerDispatches(s.ctx, optimizer, paramFloats, clip, b.optParams, b.stepUniform, buffers);
}

/** The cell kernel's buffers for layer l (cellKernels.ts CellBuffers). */
function cellBuffers(s: Stage, l: number) {
  const { b } = s;
  const layer = b.layers[l];
  return {
    gates: layer.gates,
    U: at(b.params, layer.w.recurrent),
    c: layer.c,
    mrec: layer.recMask.mask,
    hprev: layer.hprev,
    h: layer.h,
    dH: layer.dH,
    dz: layer.dz,
    dc: b.dc,
  };
}

/** The dropout rates into each training mask's parameters, and L1/L2 into the optimizer's. */
function setRegularization(
  device: GPUDevice,
  config: Config,
  b: StepBuffers,
  paramFloats: number,
  r: Regularization,
): void {
  for (const m of dropoutMasks(b)) {
    const rate =
      m.kind === 'input' ? r.dropout : m.kind === 'recurrent' ? r.recurrentDropout : r.outputDropout;
    device.queue.writeBuffer(
      m.trainParams,
      0,
      packMaskParams(maskParams(config.seed, m.stream, rate, m.count)),
    );
  }
  const opt = packOptParams(paramFloats, config.learningRate, r.l1, r.l2, config.clipnorm);
  device.queue.writeBuffer(b.optParams, 0, opt);
}
