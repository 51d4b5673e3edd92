import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import type { ModelShape } from '../../model/params';
import type { Regularization } from '../backend';
import { dropoutStream } from '../reference/dropout';
import type { Dispatch, GpuContext } from './gpuContext';
import {
  type CellShape,
  type CellVariant,
  dropoutDispatch,
  gatherDispatch,
  lossDispatch,
  lstmCellDispatches,
  maskParams,
  maskRowsDispatch,
  NORM_GROUPS,
  optimizerDispatches,
  optParams,
  sumRowsDispatch,
} from './kernels';
import { type MatmulShape, type MatmulVariant, matmulDispatch } from './matmulKernel';
import type { ParamLayout } from './paramLayout';

/**
 * The buffers of one config and the dispatch lists of a training step and of an evaluation chunk,
 * made once: a step only writes its batch indices and step numbers, then encodes these lists.
 * Activations are time-major [T·B, ·] (MATH.md); per layer l with input width F and H units:
 *   xd [T·B, F] input ⊙ m_in · gates [T·B, 4H] (Zx, then post-activation) · c, h [T·B, H]
 *   hprev [T·B, H] (h_{t-1} ⊙ m_rec, block 0 zero) · dz [T·B, 4H] · dH [T·B, H] gradient at h
 */
export interface KernelChoice {
  /** Variant per GEMM role (keys of gemmShapes). */
  matmul: Record<string, MatmulVariant>;
  /** Rows per thread of each layer's fused cell. */
  cell: CellVariant[];
}

export const cellShapes = (shape: ModelShape, batch: number, steps: number): CellShape[] =>
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

export interface StepBuffers {
  params: GPUBuffer;
  snapshot: GPUBuffer;
  idx: GPUBuffer; // [B] u32
  stepUniform: GPUBuffer; // {step, slot, c1, c2}
  evalOutputs: GPUBuffer; // [chunks·B, K]
  evalRowLoss: GPUBuffer; // [chunks·B]
  outputs: GPUBuffer; // [B, K]
  rowLoss: GPUBuffer; // [B]
  trainMaskParams: {
    buffer: GPUBuffer;
    stream: number;
    count: number;
    kind: 'input' | 'recurrent' | 'output';
  }[];
  optParams: GPUBuffer;
  regularized: GPUBuffer; // [P] 1 on kernels
}

export interface StepGraph {
  buffers: StepBuffers;
  train: Dispatch[];
  evaluate: Record<'train' | 'val', Dispatch[]>;
  /** Rewrites the uniforms that hold dropout rates and L1/L2. */
  setRegularization(r: Regularization): void;
}

export function buildStepGraph(
  ctx: GpuContext,
  config: Config,
  dataset: Dataset,
  shape: ModelShape,
  layout: ParamLayout,
  batch: number,
  evalRows: number,
  losses: GPUBuffer,
  choice: KernelChoice,
): StepGraph {
  const { device } = ctx;
  const B = batch;
  const T = dataset.timesteps;
  const K = dataset.outputs;
  const L = shape.layers.length;
  const rows = T * B;
  const Hl = shape.layers[L - 1].units;
  const Hmax = Math.max(...shape.layers.map((l) => l.units));
  const ref = (buffer: GPUBuffer, offset = 0) => ({ buffer, offset });
  const shapes = gemmShapes(shape, B, T);
  const mm = (role: string, ops: Parameters<typeof matmulDispatch>[3]) =>
    matmulDispatch(ctx, choice.matmul[role], shapes[role], ops, role);

  const params = ctx.storage('params', layout.size);
  const grads = ctx.storage('grads', layout.size);
  const data = {
    train: { x: ctx.upload('train x', dataset.train.x), y: ctx.upload('train y', dataset.train.y) },
    val: { x: ctx.upload('val x', dataset.val.x), y: ctx.upload('val y', dataset.val.y) },
  };
  const idx = ctx.storage('batch rows', B);
  const x0 = ctx.storage('x0', rows * shape.features);
  const y0 = ctx.storage('y', B * K);
  const stepUniform = ctx.uniform('step', new Uint32Array(4));
  // Evaluation writes its mean loss to the spare slot after the ring's capacity.
  const evalStep = ctx.uniform('eval step', new Uint32Array([0, losses.size / 4 - 1, 0, 0]));
  const timeStride = device.limits.minUniformBufferOffsetAlignment;
  const times = new Uint32Array((T * timeStride) / 4);
  for (let t = 0; t < T; t++) times[(t * timeStride) / 4] = t;
  const time = ctx.uniform('timesteps', times);
  const dc = ctx.storage('dc', B * Hmax);

  // Masks [B, D] and their parameter uniforms: the training rates, and all-ones for evaluation.
  const trainMaskParams: StepBuffers['trainMaskParams'] = [];
  const maskPasses = { train: [] as Dispatch[], eval: [] as Dispatch[] };
  const newMask = (kind: 'input' | 'recurrent' | 'output', stream: number, cols: number) => {
    const count = B * cols;
    const mask = ctx.storage(`${kind} mask ${stream}`, count);
    const trainParams = ctx.uniform('mask params', maskParams({ seed: config.seed, stream, rate: 0, count }));
    const evalParams = ctx.uniform(
      'eval mask params',
      maskParams({ seed: config.seed, stream, rate: 0, count }),
    );
    trainMaskParams.push({ buffer: trainParams, stream, count, kind });
    maskPasses.train.push(dropoutDispatch(ctx, trainParams, stepUniform, mask, count));
    maskPasses.eval.push(dropoutDispatch(ctx, evalParams, evalStep, mask, count));
    return mask;
  };

  const forward: Dispatch[] = [];
  const backward: Dispatch[] = [];
  const layers = shape.layers.map(({ inputSize: F, units: H }, l) => ({
    F,
    H,
    w: layout.layer(l),
    inMask: newMask('input', dropoutStream.input(l), F),
    recMask: newMask('recurrent', dropoutStream.recurrent(l), H),
    xd: ctx.storage(`xd ${l}`, rows * F),
    gates: ctx.storage(`gates ${l}`, rows * 4 * H),
    c: ctx.storage(`c ${l}`, rows * H),
    h: ctx.storage(`h ${l}`, rows * H),
    hprev: ctx.storage(`hprev ${l}`, rows * H),
    dz: ctx.storage(`dz ${l}`, rows * 4 * H),
    dH: ctx.storage(`dH ${l}`, rows * H),
  }));
  const dxRaw = L > 1 ? ctx.storage('dX', rows * Math.max(...layers.slice(1).map((l) => l.F))) : null;

  layers.forEach((layer, l) => {
    const { F, H, w } = layer;
    const input = l === 0 ? x0 : layers[l - 1].h;
    const cell = {
      time,
      timeStride,
      gates: layer.gates,
      recurrent: ref(params, w.recurrent),
      hprev: layer.hprev,
      h: layer.h,
      c: layer.c,
      recMask: layer.recMask,
      dH: layer.dH,
      dz: layer.dz,
      dc,
    };
    const cellShape = { batch: B, units: H, steps: T };
    // Forward: Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell, t = 0 … T−1.
    forward.push(
      maskRowsDispatch(ctx, rows, F, B, ref(input), layer.inMask, ref(layer.xd)),
      mm(`layer${l}.projection`, {
        a: ref(layer.xd),
        b: ref(params, w.kernel),
        c: ref(layer.gates),
        bias: ref(params, w.bias),
      }),
      ...lstmCellDispatches(ctx, cellShape, cell, false, `layer${l}.cellForward`, choice.cell[l]),
    );
    // Backward (prepended, so the list runs from the last layer down): the cell, t = T−1 … 0;
    // dW = Xdᵀ·dZ, dU = Hprevᵀ·dZ, db = Σ dZ; dX = (dZ·Wᵀ) ⊙ m_in into the layer below's dH.
    const layerBackward: Dispatch[] = [
      ...lstmCellDispatches(ctx, cellShape, cell, true, `layer${l}.cellBackward`, choice.cell[l]),
      mm(`layer${l}.kernelGrad`, {
        a: ref(layer.xd),
        b: ref(layer.dz),
        c: ref(grads, w.kernel),
      }),
      mm(`layer${l}.recurrentGrad`, {
        a: ref(layer.hprev),
        b: ref(layer.dz),
        c: ref(grads, w.recurrent),
      }),
      sumRowsDispatch(ctx, rows, 4 * H, ref(layer.dz), ref(grads, w.bias)),
    ];
    if (l > 0 && dxRaw) {
      layerBackward.push(
        mm(`layer${l}.inputGrad`, {
          a: ref(layer.dz),
          b: ref(params, w.kernel),
          c: ref(dxRaw),
        }),
        maskRowsDispatch(ctx, rows, F, B, ref(dxRaw), layer.inMask, ref(layers[l - 1].dH)),
      );
    }
    backward.unshift(...layerBackward);
  });

  // Head on the last timestep: hd = h_{T−1} ⊙ m_out; logits = hd·Wd + bd; loss and dlogits.
  const last = layers[L - 1];
  const outMask = newMask('output', dropoutStream.output(L), Hl);
  const hd = ctx.storage('hd', B * Hl);
  const logits = ctx.storage('logits', B * K);
  const dlogits = ctx.storage('dlogits', B * K);
  const outputs = ctx.storage('outputs', B * K);
  const rowLoss = ctx.storage('row loss', B);
  const dhd = ctx.storage('dhd', B * Hl);
  const head: Dispatch[] = [
    maskRowsDispatch(ctx, B, Hl, B, ref(last.h, (T - 1) * B * Hl), outMask, ref(hd)),
    mm('head', {
      a: ref(hd),
      b: ref(params, layout.headKernel),
      c: ref(logits),
      bias: ref(params, layout.headBias),
    }),
  ];
  const classification = dataset.task === 'classification';
  const lossBuffers = { stepUniform, logits, y: y0, dlogits, outputs, rowLoss, stepLoss: losses };
  const trainLoss = lossDispatch(ctx, classification, B, K, lossBuffers);
  const evalLoss = lossDispatch(ctx, classification, B, K, { ...lossBuffers, stepUniform: evalStep });
  // Head backward: dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhL = (dlogits·Wdᵀ) ⊙ m_out into dH block T−1.
  const headBackward: Dispatch[] = [
    mm('headGrad', {
      a: ref(hd),
      b: ref(dlogits),
      c: ref(grads, layout.headKernel),
    }),
    sumRowsDispatch(ctx, B, K, ref(dlogits), ref(grads, layout.headBias)),
    mm('headInputGrad', {
      a: ref(dlogits),
      b: ref(params, layout.headKernel),
      c: ref(dhd),
    }),
    maskRowsDispatch(ctx, B, Hl, B, ref(dhd), outMask, ref(last.dH, (T - 1) * B * Hl)),
  ];

  const regularized = ctx.storage('regularized', layout.size);
  const optParamsBuffer = ctx.uniform(
    'optimizer params',
    optParams(layout.size, config.learningRate, config.l1, config.l2, config.clipnorm),
  );
  const update = optimizerDispatches(ctx, config.optimizer, layout.size, config.clipnorm > 0, {
    params,
    stepUniform,
    optParams: optParamsBuffer,
    grads,
    m: ctx.storage('optimizer m', layout.size),
    v: ctx.storage('optimizer v', config.optimizer === 'adam' ? layout.size : 1),
    regularized,
    partials: ctx.storage('norm partials', NORM_GROUPS + 1),
  });

  const gather = (split: 'train' | 'val') =>
    gatherDispatch(
      ctx,
      { batch: B, steps: T, features: shape.features, outputs: K },
      idx,
      data[split].x,
      data[split].y,
      x0,
      y0,
    );
  const evalForward = [...maskPasses.eval, ...forward, ...head, evalLoss];

  const graph: StepGraph = {
    buffers: {
      params,
      snapshot: ctx.storage('snapshot', layout.size),
      idx,
      stepUniform,
      evalOutputs: ctx.storage('eval outputs', evalRows * K),
      evalRowLoss: ctx.storage('eval row loss', evalRows),
      outputs,
      rowLoss,
      trainMaskParams,
      optParams: optParamsBuffer,
      regularized,
    },
    train: [
      gather('train'),
      ...maskPasses.train,
      ...forward,
      ...head,
      trainLoss,
      ...headBackward,
      ...backward,
      ...update,
    ],
    evaluate: { train: [gather('train'), ...evalForward], val: [gather('val'), ...evalForward] },
    setRegularization(r: Regularization) {
      for (const m of trainMaskParams) {
        const rate =
          m.kind === 'input' ? r.dropout : m.kind === 'recurrent' ? r.recurrentDropout : r.outputDropout;
        device.queue.writeBuffer(
          m.buffer,
          0,
          maskParams({ seed: config.seed, stream: m.stream, rate, count: m.count }),
        );
      }
      device.queue.writeBuffer(
        optParamsBuffer,
        0,
        optParams(layout.size, config.learningRate, r.l1, r.l2, config.clipnorm),
      );
    },
  };
  return graph;
}
