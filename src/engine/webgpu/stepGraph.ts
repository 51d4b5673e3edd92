import type { Task } from '../../data/types';
import type { Config } from '../../model/config';
import { visitLayer } from '../../model/layers';
import { GATES_OF, gatesOf, layersOf, type ModelShape } from '../../model/params';
import type { Regularization } from '../contracts/backend';
import { cellSpec } from '../contracts/cells';
import { rowsDims } from '../reference/batchOps';
import { maskParams } from '../reference/dropout';
import { type CellDims, cellDims } from '../reference/lstmCell';
import { attentionBackward, attentionForward } from './attentionStage';
import {
  type CellBuffers,
  type CellVariant,
  cellDispatches,
  packCellDims,
  sequenceDispatch,
} from './cellKernels';
import {
  type DecoderStage,
  decoderBackward,
  decoderForward,
  decoderGemmShapes,
  greedyDecode,
} from './decoderStage';
import type { Dispatch, GpuContext, TensorRef } from './gpuContext';
import {
  dropoutDispatch,
  gatherDispatch,
  gradNormDispatch,
  lastHiddenDispatch,
  lossDispatch,
  maskRowsDispatch,
  optimizerDispatches,
  packMaskParams,
  packOptParams,
  sumRowsDispatch,
} from './kernels';
import { type MatmulShape, type MatmulVariant, matmulDispatch } from './matmulKernel';
import { type DirectionBuffers, dropoutMasks, type StepBuffers } from './stepBuffers';

/**
 * The dispatch lists of a training step and of an evaluation chunk, built once from the step's
 * buffers (stepBuffers.ts): a step then only writes its batch rows and step numbers and encodes
 * the list. Each stage has a small builder below; buildStepGraph lists them in execution order,
 * the way MATH.md and the one CPU step (cpu/model.ts) write it. What differs by cell kind is data:
 * its buffers and tensors (contracts/cells.ts) and its kernels (cellKernels.ts GPU_CELLS).
 */
export interface KernelChoice {
  /** Variant per GEMM role (keys of gemmShapes). */
  matmul: Record<string, MatmulVariant>;
  /** Rows per thread of each layer's fused cell. */
  cell: CellVariant[];
}

/** Every cell of a step, one per layer: the one list the graph and the autotuner both read. */
export const cellShapes = (shape: ModelShape, batch: number, steps: number): CellDims[] =>
  shape.layers.map((l) => cellDims(batch, l.units, steps));

/** A GEMM role's name: `layer1.projection`, or `layer1.reverse.projection` for the reverse direction. */
export const role = (l: number, d: number, what: string) => `layer${l}${d === 1 ? '.reverse' : ''}.${what}`;

/** Every GEMM of a step by role: the one list the graph and the autotuner both read. */
export function gemmShapes(shape: ModelShape, batch: number, steps: number): Record<string, MatmulShape> {
  const rows = steps * batch;
  const g = (m: number, n: number, k: number, transA = false, transB = false) => ({
    m,
    n,
    k,
    transA,
    transB,
  });
  const roles: Record<string, MatmulShape> = {};
  for (const [l, layer] of layersOf(shape).entries()) {
    visitLayer(layer, {
      // Its GEMMs over the T_out·B rows (decoderStage.ts).
      decoder: (spec) => {
        Object.assign(roles, decoderGemmShapes(spec, batch));
      },
      recurrent: ({ inputSize: F, units: H, cell, directions }) => {
        const G = GATES_OF[cell];
        for (let d = 0; d < directions; d++) {
          roles[role(l, d, 'projection')] = { ...g(rows, G * H, F), bias: true }; // Zx = Xd·W + b
          roles[role(l, d, 'kernelGrad')] = g(F, G * H, rows, true); // dW = Xdᵀ·dZ
          roles[role(l, d, 'recurrentGrad')] = g(H, G * H, rows, true); // dU = Hprevᵀ·dZr
          if (l > 0) roles[role(l, d, 'inputGrad')] = g(rows, F, G * H, false, true); // dX = dZ·Wᵀ
        }
      },
      // No GEMM: its kernels (attention.wgsl) sum over the steps themselves, one variant each.
      attention: () => {},
      // With a decoder, time-distributed over its T_out·B rows of h̃.
      dense: ({ inputSize: Hout, units: K }) => {
        const n = (shape.decoder?.steps ?? 1) * batch;
        roles.head = { ...g(n, K, Hout), bias: true }; // logits = hd·Wd + bd
        roles.headGrad = g(Hout, K, n, true); // dWd = hdᵀ·dlogits
        roles.headInputGrad = g(n, Hout, K, false, true); // dhd = dlogits·Wdᵀ
      },
    });
  }
  return roles;
}

export interface StepGraph {
  buffers: StepBuffers;
  train: Dispatch[];
  /** The training step that also sums each step's gradient norms (grad_norm_steps): the inside views open. */
  trainWithNorms: Dispatch[];
  evaluate: Record<'train' | 'val', Dispatch[]>;
  /**
   * An encoder–decoder's greedy decoding after an evaluation's forward (decoderStage.ts); the
   * caller clears the decoder's pred first. Empty without a decoder.
   */
  greedy: Dispatch[];
  /** The evaluation's forward on x0 as it was written (no gather, no loss): a probe of one's own input. */
  forwardInput: Dispatch[];
  /** Rewrites the uniforms that hold dropout rates and L1/L2. */
  setRegularization(r: Regularization): void;
  /** The batch row the evaluation's cells copy into each direction's probe buffer. */
  setProbeRow(row: number): void;
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
  const { batch: B, steps: T } = b.layers[0].directions[0].dims;
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
  // The model's layers, bottom to top (model/layers.ts): the recurrent layers, the attention or an
  // encoder–decoder's decoder (decoderStage.ts), the head.
  const model = layersOf(shape);
  const forwardOf = (probe?: GPUBuffer[][]) =>
    model.flatMap((layer, l) =>
      visitLayer(layer, {
        recurrent: () => layerForward(s, l, probe?.[l]),
        attention: () => attentionForward(s.ctx, s.b, shape.features),
        decoder: () => decoderForward(decoderStage(s), b.y0, decoderOf(b).ydec),
        dense: () => headForward(s),
      }),
    );
  const backwardOf = (norms: boolean) =>
    [...model.keys()].reverse().flatMap((l) =>
      visitLayer(model[l], {
        recurrent: () => layerBackward(s, l, norms),
        attention: () => attentionBackward(s.ctx, s.b),
        decoder: () => decoderBackward(decoderStage(s)),
        dense: () => headBackward(s),
      }),
    );
  const entry = o.task === 'classification' ? 'softmax_cross_entropy' : 'mse_loss';
  const forward = forwardOf();

  // One training step, in execution order: forward → loss → backward through time → update.
  const train = (norms: boolean) => [
    gather(s, 'train'),
    ...dropout(s, 'train'),
    ...forward,
    loss(s, entry, b.stepUniform),
    ...backwardOf(norms),
    ...update(s, o.config.optimizer, o.config.clipnorm > 0, o.paramFloats),
  ];
  // Evaluation: the forward pass without dropout (all-ones masks), its loss to the spare slot. Its
  // cells copy one batch row into the probe buffers (the row in their own dims uniforms).
  const probeDims = b.layers.map((layer) =>
    layer.directions.map((dir) =>
      ctx.uniform('cell dims (evaluation)', packCellDims({ ...dir.dims, probe_row: 0 })),
    ),
  );
  const probed = forwardOf(probeDims);
  const evaluate = (split: 'train' | 'val') => [
    gather(s, split),
    ...dropout(s, 'eval'),
    ...probed,
    loss(s, entry, b.evalStep),
  ];
  return {
    buffers: b,
    train: train(false),
    trainWithNorms: train(true),
    evaluate: { train: evaluate('train'), val: evaluate('val') },
    greedy: b.decoder ? greedy(s, entry) : [],
    forwardInput: [...dropout(s, 'eval'), ...probed],
    setRegularization: (r) => setRegularization(ctx.device, o.config, b, o.paramFloats, r),
    setProbeRow: (row) => {
      b.layers.forEach((layer, l) => {
        layer.directions.forEach((dir, d) => {
          const dims = packCellDims({ ...dir.dims, probe_row: row });
          ctx.device.queue.writeBuffer(probeDims[l][d], 0, dims);
        });
      });
    },
  };
}

const at = (buffer: GPUBuffer, offset = 0): TensorRef => ({ buffer, offset });
/** A buffer the cell kind keeps (contracts/cells.ts), so stepBuffers.ts allocated it. */
const kept = (buffer: GPUBuffer | undefined): GPUBuffer => {
  if (!buffer) throw new Error('a buffer the cell kind keeps was not allocated');
  return buffer;
};
const rows = (s: Stage, count: number, cols: number) => rowsDims(count, cols, s.B);

/** x0 [T·B, F] and y0 [B, K] (an encoder–decoder's [B, T_out·V]) from the split's rows in idx. */
function gather(s: Stage, split: 'train' | 'val'): Dispatch {
  const { b, shape } = s;
  const outputs = shape.outputs * (shape.decoder?.steps ?? 1);
  const dims = { batch: s.B, steps: s.T, features: shape.features, outputs };
  return gatherDispatch(s.ctx, dims, b.idx, b.data[split].x, b.data[split].y, b.x0, b.y0);
}

/** Every dropout mask of the step from the shared hash: the training rates, or all ones. */
function dropout(s: Stage, use: 'train' | 'eval'): Dispatch[] {
  const step = use === 'train' ? s.b.stepUniform : s.b.evalStep;
  return dropoutMasks(s.b).map((m) =>
    dropoutDispatch(s.ctx, use === 'train' ? m.trainParams : m.evalParams, m.count, step, m.mask),
  );
}

/**
 * Per direction: Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell over the steps.
 * `probeDims`: the evaluation's cell dims uniforms, per direction (the probed row in them).
 */
function layerForward(s: Stage, l: number, probeDims?: GPUBuffer[]): Dispatch[] {
  const { b } = s;
  const layer = b.layers[l];
  const input = l === 0 ? b.x0 : b.layers[l - 1].h;
  return layer.directions.flatMap((dir, d) => [
    maskRowsDispatch(s.ctx, rows(s, s.T * s.B, layer.F), input, dir.xd, dir.inMask.mask),
    s.mm(
      role(l, d, 'projection'),
      at(dir.xd),
      at(b.params, dir.w.kernel),
      at(dir.gates),
      at(b.params, dir.w.bias),
    ),
    ...cell(s, l, d, false, probeDims?.[d]),
  ]);
}

/**
 * The cell over the direction's steps: one dispatch per timestep, or, where the autotuner found
 * the sequence-fused kernel faster (GPUs), one dispatch for the whole sequence. Both keep the
 * probe (forward, the row in `dims`, a uniform the graph keeps) and the per-step gradients.
 */
function cell(s: Stage, l: number, d: number, backward: boolean, dims?: GPUBuffer): Dispatch[] {
  const dir = s.b.layers[l].directions[d];
  const variant = s.cell[l];
  const sequence = backward ? variant.backwardSequence : variant.forwardSequence;
  const label = role(l, d, backward ? 'cellBackward' : 'cellForward');
  const bufs = cellBuffers(s, l, d);
  if (sequence)
    return [sequenceDispatch(s.ctx, s.shape.cell, dir.dims, bufs, backward, sequence, label, dims)];
  return cellDispatches(s.ctx, s.shape.cell, dir.dims, s.b.time, bufs, backward, label, variant, dims);
}

/** Greedy decoding after an evaluation's forward: per output step the decoder, the head, the loss. */
const greedy = (s: Stage, entry: 'softmax_cross_entropy' | 'mse_loss'): Dispatch[] =>
  greedyDecode(decoderStage(s), () => [...headForward(s), loss(s, entry, s.b.evalStep)], s.b.head.outputs);

/** The decoder's buffers (there when the model has a decoder). */
function decoderOf(b: StepBuffers) {
  if (!b.decoder) throw new Error('this model has no decoder');
  return b.decoder;
}

/** What the decoder's stages read (decoderStage.ts), over the last layer's states. */
function decoderStage(s: Stage): DecoderStage {
  const { b } = s;
  const last = b.layers[b.layers.length - 1];
  return {
    ctx: s.ctx,
    decoder: decoderOf(b),
    params: b.params,
    grads: b.grads,
    x0: b.x0,
    features: s.shape.features,
    hs: last.h,
    dhs: last.dH,
    mm: s.mm,
  };
}

/**
 * hd = each direction's last h (or the attention's context) ⊙ m_out; logits = hd·Wd + bd. With a
 * decoder, time-distributed over its T_out·B rows of h̃ (no output dropout: the knobs act on the encoder).
 */
function headForward(s: Stage): Dispatch[] {
  const { b } = s;
  const { head, attention, decoder } = b;
  if (decoder) {
    const w = head.w;
    return [s.mm('head', at(decoder.htilde), at(b.params, w.kernel), at(head.logits), at(b.params, w.bias))];
  }
  const last = b.layers[b.layers.length - 1];
  const hd = attention
    ? maskRowsDispatch(
        s.ctx,
        rows(s, s.B, attention.dims.width),
        attention.context,
        head.hd,
        head.outMask.mask,
      )
    : lastHiddenDispatch(s.ctx, false, lastDims(s), last.h, head.outMask.mask, head.hd);
  return [
    hd,
    s.mm('head', at(head.hd), at(b.params, head.w.kernel), at(head.logits), at(b.params, head.w.bias)),
  ];
}

const lastDims = (s: Stage) => ({
  batch: s.B,
  units: s.shape.layers[s.shape.layers.length - 1].units,
  steps: s.T,
  directions: s.shape.directions,
});

/**
 * softmax_cross_entropy or mse_loss: outputs, dlogits, row losses, and the mean at the step's slot.
 * With a decoder over its T_out·B rows, the teacher-forced targets ydec.
 */
function loss(s: Stage, entry: 'softmax_cross_entropy' | 'mse_loss', step: GPUBuffer): Dispatch {
  const { head, y0, decoder } = s.b;
  const dims = { batch: (s.shape.decoder?.steps ?? 1) * s.B, outputs: s.shape.outputs };
  return lossDispatch(
    s.ctx,
    entry,
    dims,
    step,
    head.logits,
    decoder ? decoder.ydec : y0,
    head.dlogits,
    head.outputs,
    head.rowLoss,
    s.b.losses,
  );
}

/** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhd = dlogits·Wdᵀ, then ⊙ m_out back to where hd was read. */
function headBackward(s: Stage): Dispatch[] {
  const { b, shape } = s;
  const { head, attention, decoder } = b;
  if (decoder) return decoderHeadBackward(s, decoder.htilde, decoder.dhtilde);
  const last = b.layers[b.layers.length - 1];
  // Without attention only the head's entries of the last layer's dH are ever written: the rest
  // stays zero. With it, dcontext; the attention's backward then writes the whole of dH.
  const dhd = attention
    ? maskRowsDispatch(
        s.ctx,
        rows(s, s.B, attention.dims.width),
        head.dhd,
        attention.dcontext,
        head.outMask.mask,
      )
    : lastHiddenDispatch(s.ctx, true, lastDims(s), head.dhd, head.outMask.mask, last.dH);
  return [
    s.mm('headGrad', at(head.hd), at(head.dlogits), at(b.grads, head.w.kernel)),
    sumRowsDispatch(s.ctx, { ...rows(s, s.B, shape.outputs), out_off: head.w.bias }, head.dlogits, b.grads),
    s.mm('headInputGrad', at(head.dlogits), at(b.params, head.w.kernel), at(head.dhd)),
    dhd,
  ];
}

/** The time-distributed head's dWd = h̃ᵀ·dlogits, dbd = Σ dlogits, dh̃ = dlogits·Wdᵀ over T_out·B rows. */
function decoderHeadBackward(s: Stage, htilde: GPUBuffer, dhtilde: GPUBuffer): Dispatch[] {
  const { b, shape } = s;
  const { head } = b;
  const n = (shape.decoder?.steps ?? 1) * s.B;
  return [
    s.mm('headGrad', at(htilde), at(head.dlogits), at(b.grads, head.w.kernel)),
    sumRowsDispatch(s.ctx, { ...rows(s, n, shape.outputs), out_off: head.w.bias }, head.dlogits, b.grads),
    s.mm('headInputGrad', at(head.dlogits), at(b.params, head.w.kernel), at(dhtilde)),
  ];
}

/**
 * Per direction: the cell back over the steps (with `norms`, each step's ‖∂L/∂c_t‖ and ‖∂L/∂h_t‖
 * summed by grad_norm_steps); dW = Xdᵀ·dZ, dU = Hprevᵀ·dZr, db = Σ dZ (and the GRU's drb = Σ dZr);
 * dX = (dZ·Wᵀ) ⊙ m_in into the layer below's dH, the reverse direction adding.
 */
function layerBackward(s: Stage, l: number, norms: boolean): Dispatch[] {
  const { b } = s;
  const layer = b.layers[l];
  const { F, H } = layer;
  const all = s.T * s.B;
  const G = gatesOf(s.shape);
  return layer.directions.flatMap((dir, d) => {
    const { w } = dir;
    const dzr = dir.dzr ?? dir.dz; // dz where the kind keeps no dzr (contracts/cells.ts)
    const list = [
      ...cell(s, l, d, true),
      ...(norms ? gradNorms(s, dir, H) : []),
      s.mm(role(l, d, 'kernelGrad'), at(dir.xd), at(dir.dz), at(b.grads, w.kernel)),
      s.mm(role(l, d, 'recurrentGrad'), at(dir.hprev), at(dzr), at(b.grads, w.recurrent)),
      sumRowsDispatch(s.ctx, { ...rows(s, all, G * H), out_off: w.bias }, dir.dz, b.grads),
    ];
    if (w.recurrentBias !== undefined) {
      list.push(sumRowsDispatch(s.ctx, { ...rows(s, all, G * H), out_off: w.recurrentBias }, dzr, b.grads));
    }
    if (l > 0 && b.dX) {
      const into = { ...rows(s, all, F), accumulate: d };
      list.push(
        s.mm(role(l, d, 'inputGrad'), at(dir.dz), at(b.params, w.kernel), at(b.dX)),
        maskRowsDispatch(s.ctx, into, b.dX, b.layers[l - 1].dH, dir.inMask.mask),
      );
    }
    return list;
  });
}

/** ‖∂L/∂c_t‖ (a kind with a cell state) and ‖∂L/∂h_t‖ of every row of the step, added to the direction's sums. */
function gradNorms(s: Stage, dir: DirectionBuffers, H: number): Dispatch[] {
  const dims = { rows: s.T * s.B, cols: H };
  const h = gradNormDispatch(s.ctx, dims, dir.dhSteps, dir.normH);
  if (!cellSpec(s.shape.cell).cellState) return [h];
  return [gradNormDispatch(s.ctx, dims, kept(dir.dcSteps), kept(dir.normC)), h];
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

/** The cell kernel's buffers for direction d of layer l (cellKernels.ts CellBuffers). */
function cellBuffers(s: Stage, l: number, d: number): CellBuffers {
  const { b } = s;
  const layer = b.layers[l];
  const dir = layer.directions[d];
  return {
    gates: dir.gates,
    U: at(b.params, dir.w.recurrent),
    mrec: dir.recMask.mask,
    h: layer.h,
    hprev: dir.hprev,
    dH: layer.dH,
    dz: dir.dz,
    dc: b.dc,
    c: dir.c,
    hcarry: dir.hcarry,
    hrec: dir.hrec,
    rbias: dir.w.recurrentBias === undefined ? undefined : at(b.params, dir.w.recurrentBias),
    dzr: dir.dzr,
    probe: dir.probe,
    dc_steps: dir.dcSteps,
    dh_steps: dir.dhSteps,
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
