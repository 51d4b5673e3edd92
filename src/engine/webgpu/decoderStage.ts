import type { DecoderLayerSpec } from '../../model/layers';
import type { ModelShape } from '../../model/params';
import { CELLS, cellSpec, type DirectionBufferName, directionFloats } from '../contracts/cells';
import { type DecoderDims, NO_PROBE, rowsDims } from '../contracts/dims';
import type { DecoderOffsets, ParamLayout } from '../contracts/paramLayout';
import type { CellDims } from '../reference/lstmCell';
import { paddingMaskDispatch } from './attentionKernels';
import { type CellBuffers, cellDispatches, DEFAULT_CELL, type TimeUniform, timeUniform } from './cellKernels';
import type { Dispatch, GpuContext, TensorRef } from './gpuContext';
import { maskRowsDispatch, sumRowsDispatch } from './kernels';
import type { MatmulShape } from './matmulKernel';
import {
  attentionalHiddenBackwardDispatch,
  attentionalHiddenDispatch,
  greedyTokensDispatch,
  luongBackwardQueriesDispatch,
  luongBackwardStatesDispatch,
  luongForwardDispatch,
  teacherForcingDispatch,
} from './seq2seqKernels';

/**
 * The encoder–decoder's decoder in the WebGPU step (issue 23): its buffers and its stages, the
 * dispatches in the order cpu/decoder.ts calls the same kernels (reference/seq2seq.ts has the
 * equations). The decoder reads the encoder's last layer's states hs [T_in·B, D] and hands the
 * head h̃ [T_out·B, H]; its backward writes the whole of that layer's dH.
 *   forward   (text: the padding mask) → teacher_forcing → X·W + b → the LSTM over T_out steps →
 *             (general: q = s·Wa) → luong_attention_forward → za = c·Wc_c + bc, zb = s·Wc_s →
 *             attentional_hidden
 *   backward  attentional_hidden_backward → dWc, dbc, dc, ds → luong_attention_backward's two
 *             halves (queries: de, dq; states: dhs) → (general: dWa, ds += dq·Waᵀ; dot: ds += dq)
 *             → the LSTM back → dW, dU, db
 * The decoder's LSTM is an LSTM whatever the encoder's kind, over its own T_out steps: its own
 * cell dims and timestep uniform, its own dc carry; it runs the per-step cell (DEFAULT_CELL).
 */

/** The buffers cpu/decoder.ts's DecoderBuffers holds, on the GPU (the LSTM's those its kind keeps). */
export interface DecoderGpuBuffers {
  spec: DecoderLayerSpec;
  dims: DecoderDims;
  /** Float offsets of the decoder's tensors in params and grads. */
  w: DecoderOffsets;
  cellDims: CellDims;
  time: TimeUniform;
  /** The LSTM's buffers (contracts/cells.ts): xd [T_out·B, V+1] is the decoder's input. */
  dir: Partial<Record<DirectionBufferName, GPUBuffer>>;
  hcarry: [GPUBuffer, GPUBuffer];
  ydec: GPUBuffer; // [T_out·B, V] the loss's targets, time-major
  s: GPUBuffer; // [T_out·B, H]
  ds: GPUBuffer;
  q: GPUBuffer | null; // [T_out·B, D] general's query (dot reads s)
  dq: GPUBuffer; // [T_out·B, D]
  dqs: GPUBuffer | null; // [T_out·B, H] general's dq·Waᵀ
  mask: GPUBuffer; // [T_in·B] 1 a real encoder step
  scores: GPUBuffer; // [T_out·B·T_in]
  alpha: GPUBuffer;
  de: GPUBuffer;
  context: GPUBuffer; // [T_out·B, D]
  dcontext: GPUBuffer;
  za: GPUBuffer; // [T_out·B, H]
  zb: GPUBuffer;
  htilde: GPUBuffer;
  dhtilde: GPUBuffer;
  dz: GPUBuffer;
  dc: GPUBuffer; // [B, H] the LSTM's carry through time
  ones: GPUBuffer; // [B, H]
  pred: GPUBuffer; // [B, T_out·V] greedy decoding's choices
  predTargets: GPUBuffer; // [T_out·B, V]
}

/** The decoder's buffers, sized as cpu/decoder.ts's allocateDecoder sizes them (training). */
export function allocateDecoderBuffers(
  ctx: GpuContext,
  spec: DecoderLayerSpec,
  layout: ParamLayout,
  B: number,
  T: number,
): DecoderGpuBuffers {
  const { inputSize: D, units: H, steps: S, vocabulary: V } = spec;
  if (!layout.decoder) throw new Error('the parameter layout has no decoder tensors');
  const rows = S * B;
  const f = (name: string, n: number) => ctx.storage(`decoder ${name}`, n);
  const general = spec.score === 'general';
  const sizes = { cell: 'lstm' as const, rows, batch: B, steps: S, inputs: V + 1, units: H, gates: 4 };
  const dir = Object.fromEntries(
    cellSpec('lstm').buffers.map((name) => [name, f(name, directionFloats(sizes, name, true))]),
  );
  return {
    spec,
    dims: { batch: B, steps: T, out_steps: S, width: D, vocab: V },
    w: layout.decoder,
    cellDims: { batch: B, units: H, steps: S, reverse: 0, h_stride: H, h_off: 0, probe_row: NO_PROBE },
    time: timeUniform(ctx, S),
    dir,
    hcarry: [f('h carry even', B * H), f('h carry odd', B * H)],
    ydec: f('targets', rows * V),
    s: f('states', rows * H),
    ds: f('states gradient', rows * H),
    q: general ? f('query', rows * D) : null,
    dq: f('query gradient', rows * D),
    dqs: general ? f('query gradient through Wa', rows * H) : null,
    mask: ctx.upload('decoder mask', new Float32Array(T * B).fill(1)),
    scores: f('scores', rows * T),
    alpha: f('alpha', rows * T),
    de: f('score gradients', rows * T),
    context: f('context', rows * D),
    dcontext: f('context gradient', rows * D),
    za: f('za', rows * H),
    zb: f('zb', rows * H),
    htilde: f('attentional hidden', rows * H),
    dhtilde: f('attentional hidden gradient', rows * H),
    dz: f('dz', rows * H),
    dc: f('dc', B * H),
    ones: ctx.upload('decoder ones', new Float32Array(B * H).fill(1)),
    pred: f('greedy choices', B * S * V),
    predTargets: f('greedy targets', rows * V),
  };
}

/** The GEMMs of the decoder by role (the autotuner times each shape), and the head's over T_out·B rows. */
export function decoderGemmShapes(spec: DecoderLayerSpec, batch: number): Record<string, MatmulShape> {
  const { inputSize: D, units: H, steps: S, vocabulary: V } = spec;
  const rows = S * batch;
  const g = (m: number, n: number, k: number, transA = false, transB = false) => ({
    m,
    n,
    k,
    transA,
    transB,
  });
  const roles: Record<string, MatmulShape> = {
    'decoder.projection': { ...g(rows, 4 * H, V + 1), bias: true }, // Z = X·W + b
    'decoder.combineContext': { ...g(rows, H, D), bias: true }, // za = c·Wc_c + bc
    'decoder.combineState': g(rows, H, H), // zb = s·Wc_s
    'decoder.combineContextGrad': g(D, H, rows, true), // dWc_c = cᵀ·dz
    'decoder.combineStateGrad': g(H, H, rows, true), // dWc_s = sᵀ·dz
    'decoder.contextGrad': g(rows, D, H, false, true), // dc = dz·Wc_cᵀ
    'decoder.stateGrad': g(rows, H, H, false, true), // ds = dz·Wc_sᵀ
    'decoder.kernelGrad': g(V + 1, 4 * H, rows, true), // dW = Xᵀ·dZ
    'decoder.recurrentGrad': g(H, 4 * H, rows - batch, true), // dU = Hprevᵀ·dZ (the zero first step skipped)
  };
  if (spec.score === 'general') {
    roles['decoder.query'] = g(rows, D, H); // q = s·Wa
    roles['decoder.queryKernelGrad'] = g(H, D, rows, true); // dWa = sᵀ·dq
    roles['decoder.queryGrad'] = g(rows, H, D, false, true); // dq·Waᵀ
  }
  return roles;
}

/** What the decoder's stages read of the step graph: the context, the buffers and a GEMM by role. */
export interface DecoderStage {
  ctx: GpuContext;
  decoder: DecoderGpuBuffers;
  params: GPUBuffer;
  grads: GPUBuffer;
  /** x0 [T_in·B, F] and its F (text's padding mask reads it). */
  x0: GPUBuffer;
  features: number;
  /** The encoder's last layer: its states hs and their gradient dhs [T_in·B, D]. */
  hs: GPUBuffer;
  dhs: GPUBuffer;
  mm(role: string, a: TensorRef, b: TensorRef, c: TensorRef, bias?: TensorRef): Dispatch;
}

const at = (buffer: GPUBuffer, offset = 0): TensorRef => ({ buffer, offset });

const need = <T>(x: T | null | undefined, what: string): T => {
  if (x === null || x === undefined) throw new Error(`the decoder has no ${what}`);
  return x;
};

/** The LSTM's buffers as the cell kernels bind them (cellKernels.ts CellBuffers). */
function cellBuffers(st: DecoderStage): CellBuffers {
  const dec = st.decoder;
  const d = dec.dir;
  return {
    gates: need(d.gates, 'gates'),
    U: at(st.params, dec.w.recurrent),
    mrec: dec.ones,
    h: dec.s,
    hprev: need(d.hprev, 'hprev'),
    dH: dec.ds,
    dz: need(d.dz, 'dz'),
    dc: dec.dc,
    c: d.c,
    hcarry: dec.hcarry,
    probe: need(d.probe, 'probe'),
    dc_steps: d.dcSteps,
    dh_steps: need(d.dhSteps, 'dhSteps'),
  };
}

const lstm = (st: DecoderStage, backward: boolean): Dispatch[] =>
  cellDispatches(
    st.ctx,
    'lstm',
    st.decoder.cellDims,
    st.decoder.time,
    cellBuffers(st),
    backward,
    backward ? 'decoder.cellBackward' : 'decoder.cellForward',
    DEFAULT_CELL,
  );

/**
 * The decoder's forward from targets y0 [B, T_out·V] (the batch's y0, or greedy decoding's own
 * choices) into `targets`, over the encoder's states: fills h̃ (cpu/decoder.ts decoderMask, then
 * decoderForward).
 */
export function decoderForward(st: DecoderStage, y0: GPUBuffer, targets: GPUBuffer): Dispatch[] {
  const { ctx, decoder: dec, params } = st;
  const { dims, w, spec } = dec;
  const { width: D, batch: B, steps: T } = dims;
  const H = spec.units;
  const rows = dims.out_steps * B;
  const xd = need(dec.dir.xd, 'xd');
  const gates = need(dec.dir.gates, 'gates');
  const list: Dispatch[] = [];
  if (spec.maskPadding) {
    const maskDims = { batch: B, steps: T, width: st.features, hidden: 0 };
    list.push(paddingMaskDispatch(ctx, maskDims, st.x0, dec.mask));
  }
  list.push(
    teacherForcingDispatch(ctx, dims, y0, targets, xd),
    st.mm('decoder.projection', at(xd), at(params, w.kernel), at(gates), at(params, w.bias)),
    ...lstm(st, false),
  );
  const q = dec.q ?? dec.s;
  if (dec.q) list.push(st.mm('decoder.query', at(dec.s), at(params, need(w.attentionKernel, 'Wa')), at(q)));
  list.push(
    luongForwardDispatch(ctx, dims, q, st.hs, dec.mask, dec.scores, dec.alpha, dec.context),
    st.mm(
      'decoder.combineContext',
      at(dec.context),
      at(params, w.combineKernel),
      at(dec.za),
      at(params, w.combineBias),
    ),
    st.mm('decoder.combineState', at(dec.s), at(params, w.combineKernel + D * H), at(dec.zb)),
    attentionalHiddenDispatch(ctx, { rows, cols: H }, dec.za, dec.zb, dec.htilde),
  );
  return list;
}

/** From dh̃ (the head's backward wrote it): the decoder's gradients, and the whole of dhs. */
export function decoderBackward(st: DecoderStage): Dispatch[] {
  const { ctx, decoder: dec, params, grads } = st;
  const { dims, w, spec } = dec;
  const { width: D, batch: B } = dims;
  const H = spec.units;
  const rows = dims.out_steps * B;
  const Wc = w.combineKernel;
  const list: Dispatch[] = [
    attentionalHiddenBackwardDispatch(ctx, { rows, cols: H }, dec.htilde, dec.dhtilde, dec.dz),
    st.mm('decoder.combineContextGrad', at(dec.context), at(dec.dz), at(grads, Wc)),
    st.mm('decoder.combineStateGrad', at(dec.s), at(dec.dz), at(grads, Wc + D * H)),
    sumRowsDispatch(ctx, { ...rowsDims(rows, H, B), out_off: w.combineBias }, dec.dz, grads),
    st.mm('decoder.contextGrad', at(dec.dz), at(params, Wc), at(dec.dcontext)),
    st.mm('decoder.stateGrad', at(dec.dz), at(params, Wc + D * H), at(dec.ds)),
  ];
  const q = dec.q ?? dec.s;
  list.push(
    luongBackwardQueriesDispatch(ctx, dims, st.hs, dec.alpha, dec.dcontext, dec.de, dec.dq),
    luongBackwardStatesDispatch(ctx, dims, q, dec.alpha, dec.dcontext, dec.de, st.dhs),
  );
  const add = { ...rowsDims(rows, H, B), accumulate: 1 };
  if (dec.dqs) {
    const Wa = need(w.attentionKernel, 'Wa');
    list.push(
      st.mm('decoder.queryKernelGrad', at(dec.s), at(dec.dq), at(grads, Wa)),
      st.mm('decoder.queryGrad', at(dec.dq), at(params, Wa), at(dec.dqs)),
      maskRowsDispatch(ctx, add, dec.dqs, dec.ds, dec.ones),
    );
  } else list.push(maskRowsDispatch(ctx, add, dec.dq, dec.ds, dec.ones));
  return [...list, ...lstmWeightsBackward(st)];
}

/** The LSTM back over the steps, then dW = Xᵀ·dZ, dU = Hprevᵀ·dZ (the zero first step skipped), db. */
function lstmWeightsBackward(st: DecoderStage): Dispatch[] {
  const { decoder: dec, grads } = st;
  const { batch: B } = dec.dims;
  const H = dec.spec.units;
  const rows = dec.dims.out_steps * B;
  const dz = need(dec.dir.dz, 'dz');
  const { w } = dec;
  return [
    ...lstm(st, true),
    st.mm('decoder.kernelGrad', at(need(dec.dir.xd, 'xd')), at(dz), at(grads, w.kernel)),
    st.mm(
      'decoder.recurrentGrad',
      at(need(dec.dir.hprev, 'hprev'), B * H),
      at(dz, B * 4 * H),
      at(grads, w.recurrent),
    ),
    sumRowsDispatch(st.ctx, { ...rowsDims(rows, 4 * H, B), out_off: w.bias }, dz, grads),
  ];
}

/**
 * Greedy decoding after the evaluation's forward (cpu/model.ts greedyDecode): per output step i,
 * the decoder from its own choices so far, the head and the loss (`head`), then greedy_tokens
 * writes step i's choice from the head's `outputs`. The caller clears pred first. Then the head's outputs hold each step's
 * probabilities as the model decoded it, and alpha the alignment of that last pass.
 */
export function greedyDecode(st: DecoderStage, head: () => Dispatch[], outputs: GPUBuffer): Dispatch[] {
  const dec = st.decoder;
  const list: Dispatch[] = [];
  for (let i = 0; i < dec.dims.out_steps; i++) {
    list.push(
      ...decoderForward(st, dec.pred, dec.predTargets),
      ...head(),
      greedyTokensDispatch(st.ctx, dec.dims, i, outputs, dec.pred),
    );
  }
  return list;
}

/**
 * The decoder's buffers as the memory plan counts them, one entry per buffer allocateDecoderBuffers
 * makes over T_out·B rows (the LSTM's kept ones included), and the probe's copies of its alignment
 * and outputs (copied into, never bound): [what, floats, bound].
 */
export function decoderPlanFloats(
  shape: ModelShape,
  batch: number,
  steps: number,
): [string, number, boolean][] {
  const spec = shape.decoder;
  if (!spec) return [];
  const { inputSize: D, units: H, steps: S, vocabulary: V } = spec;
  const rows = S * batch;
  const sizes = {
    cell: 'lstm' as const,
    rows,
    batch,
    steps: S,
    inputs: V + 1,
    units: H,
    gates: CELLS.lstm.gates,
  };
  const general = spec.score === 'general';
  const each = (what: string, count: number, floats: number) =>
    Array.from({ length: count }, (): [string, number, boolean] => [what, floats, true]);
  return [
    ...cellSpec('lstm').buffers.map((n): [string, number, boolean] => [
      `LSTM ${n}`,
      directionFloats(sizes, n, true),
      true,
    ]),
    ...each('states or their gradient', 2, rows * H),
    ...each('queries or their gradient', general ? 2 : 1, rows * D),
    ...each("queries' gradient through Wa", general ? 1 : 0, rows * H),
    ...each('alignment scores, weights or their gradient', 3, rows * steps),
    ...each('contexts or their gradient', 2, rows * D),
    ...each('attentional hidden states or their gradients', 5, rows * H),
    ...each('targets or greedy choices', 3, rows * V),
    ['probed alignment and outputs', rows * (steps + V), false],
  ];
}
