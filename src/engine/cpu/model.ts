import type { Task } from '../../data/types';
import { type ShapeLayer, visitLayer } from '../../model/layers';
import { layersOf, type ModelShape, outputWidth } from '../../model/params';
import { CELLS, cellSpec } from '../contracts/cells';
import {
  type LastDims,
  type LossDims,
  type MatmulDims,
  matmulDims,
  NO_PROBE,
  rowsDims,
} from '../contracts/dims';
import { type ParamLayout, paramLayout, tensorViews } from '../contracts/paramLayout';
import type { AttentionProbe, TranslationProbe } from '../contracts/probe';
import { directionTensors, type Floats, type ModelTensors } from '../contracts/tensors';
import {
  type AttentionBuffers,
  allocateAttention,
  attentionBackward,
  attentionForward,
  attentionProbeRow,
} from './attention';
import {
  allocateDecoder,
  type DecoderBuffers,
  decoderBackward,
  decoderForward,
  decoderMask,
} from './decoder';
import { allocateDirection, type DirectionBuffers } from './directionBuffers';
import { CPU_CELLS, type CpuKernels } from './kernels';

/**
 * The one CPU step: stacked recurrent layers (each kind in contracts/cells.ts, each optionally
 * Bidirectional) and a Dense head over a batch of B sequences of T steps (MATH.md), on the
 * kernels of an engine (cpu/kernels.ts): the reference's plain TS or the WebAssembly engine's
 * SIMD threads. The same buffers as webgpu/stepBuffers.ts, allocated once, and the same kernel
 * calls in the same order as webgpu/stepGraph.ts. With attention (model/layers.ts), the head reads
 * its context [B, D] (through the output dropout) instead of the last state, and the attention's
 * backward writes the whole of the last layer's dH. The step reads like the equations:
 *   x0 / y filled by the caller → forward(w, masks) → loss() → backward(w) → grads
 * Activations are time-major: row t·B + b is sample b at timestep t. `A` is the float type
 * (Float32Array in the engines, Float64Array in the gradient check), `L` the losses'.
 */

/** Dropout masks (0 or 1/(1−rate)), shared by all timesteps; null = no dropout there (all ones). */
export interface DropoutMasks<A extends Floats> {
  /** [layer][direction] [B, F_l], on the layer's input (each direction draws its own, as Keras). */
  input: (A | null)[][];
  /** [layer][direction] [B, H_l], on h_prev as it enters U. */
  recurrent: (A | null)[][];
  /** [B, H_out], on the last hidden state before the head. */
  output: A | null;
}

/** Where a model's arrays come from: the engine's floats, and its losses' type. */
export interface CpuAlloc<A extends Floats, L extends Floats> {
  floats: (n: number) => A;
  losses: (n: number) => L;
}

interface LayerBuffers<A extends Floats> {
  F: number;
  H: number;
  h: A; // [T·B, dirs·H] the layer's output, each direction's units side by side
  dH: A; // [T·B, dirs·H] gradient reaching h from above
  directions: DirectionBuffers<A>[];
}

export class CpuModel<A extends Floats, L extends Floats> {
  /** [T·B, F] time-major input; the caller (or gather_batch) fills it. */
  readonly x0: A;
  /** [B, K] targets (one-hot or scaled values); the caller fills it. */
  readonly y: A;
  readonly logits: A; // [B, K]
  /** [B, K] after loss(): softmax(logits) (classification) or the logits (regression). */
  readonly outputs: A;
  readonly dlogits: A; // [B, K]
  /** [B] each row's loss after loss(); [1] the batch mean. */
  readonly rowLoss: L;
  readonly stepLoss: L;
  /** Every parameter's gradient in one flat array (paramLayout), and its tensors as views. */
  readonly layout: ParamLayout;
  readonly gradsFlat: A;
  readonly grads: ModelTensors<A>;
  /** The model's layers, bottom to top (model/layers.ts): the recurrent layers, then the head. */
  private readonly model: ShapeLayer[];
  private readonly layers: LayerBuffers<A>[];
  private readonly attention: AttentionBuffers<A> | null;
  /** An encoder–decoder's decoder (cpu/decoder.ts); the head then runs on its T_out·B rows. */
  private readonly decoder: DecoderBuffers<A> | null;
  private readonly hd: A; // [B, H_out] each direction's last h ⊙ output mask
  private readonly dhd: A; // [B, H_out]
  private readonly dX: A; // [T·B, F_max of layers ≥ 1] dZ·Wᵀ before the input mask
  private readonly dc: A; // [B, H_max] gradient carried back through time (LSTM's c, GRU's h)
  private readonly ones: A; // all-ones mask of the widest row, for "no dropout"
  private masks: DropoutMasks<A> | null = null;
  private probeRow = NO_PROBE;
  /** Whether backward() adds the step's gradient norms into normC / normH (the inside views). */
  accumulateGradNorms = false;

  /** `kernels` null: a model built only to count its bytes (the WebAssembly engine's plan). */
  constructor(
    private readonly kernels: CpuKernels<A, L> | null,
    alloc: CpuAlloc<A, L>,
    readonly shape: ModelShape,
    readonly task: Task,
    readonly B: number,
    readonly T: number,
    readonly training = true,
  ) {
    cellSpec(shape.cell); // an unregistered kind stops here, before it could pass for another
    this.model = layersOf(shape);
    const K = shape.outputs;
    const rows = T * B;
    const { floats } = alloc;
    const grad = (n: number) => floats(training ? n : 0);
    const Hout = outputWidth(shape);
    this.x0 = floats(rows * shape.features);
    const headRows = (shape.decoder?.steps ?? 1) * B;
    this.y = floats(headRows * K);
    this.logits = floats(headRows * K);
    this.outputs = floats(headRows * K);
    this.dlogits = floats(headRows * K);
    this.rowLoss = alloc.losses(headRows);
    this.stepLoss = alloc.losses(1);
    this.hd = floats(B * Hout);
    this.dhd = grad(B * Hout);
    const inputs = shape.layers.slice(1).map((l) => l.inputSize);
    this.dX = grad(inputs.length > 0 ? rows * Math.max(...inputs) : 0);
    this.dc = grad(B * Math.max(...shape.layers.map((l) => l.units)));
    const widths = shape.layers.flatMap((l, i) => [l.inputSize, outputWidth(shape, i)]);
    this.ones = floats(B * Math.max(...widths)).fill(1) as A;
    this.layers = shape.layers.map((_, l) => this.allocateLayer(l, floats, grad));
    this.attention = shape.attention ? allocateAttention(shape.attention, B, T, floats, grad) : null;
    this.decoder = shape.decoder ? allocateDecoder(shape.decoder, B, T, training, floats) : null;
    this.layout = paramLayout(shape);
    this.gradsFlat = grad(this.layout.size);
    this.grads = training
      ? tensorViews(this.layout, this.gradsFlat, shape)
      : { layers: [], headKernel: floats(0), headBias: floats(0) };
  }

  private get k(): CpuKernels<A, L> {
    if (!this.kernels) throw new Error('a model built only to count its bytes has no kernels');
    return this.kernels;
  }

  /**
   * Forward over all layers, directions and timesteps, then the head: fills logits [B, K].
   * `afterProjection` sees each direction's Zx [T·B, G·H] before the cell runs over it (a test adds
   * to one pre-activation there, to take ∂L/∂c_t by finite differences).
   */
  forward(
    w: ModelTensors<A>,
    masks: DropoutMasks<A> | null,
    afterProjection?: (layer: number, direction: number, zx: A) => void,
  ): void {
    this.masks = masks;
    for (const [l, layer] of this.model.entries()) {
      visitLayer(layer, {
        recurrent: ({ directions }) => {
          for (let d = 0; d < directions; d++) this.directionForward(w, l, d, afterProjection);
        },
        attention: () => this.attentionForward(w),
        decoder: () => this.decoderForward(w, this.y),
        dense: () => this.headForward(w),
      });
    }
  }

  /** The probed row's attention scores and weights [T] of the last forward(); null without attention or probe. */
  attentionProbe(): AttentionProbe | null {
    if (!this.attention || this.probeRow === NO_PROBE) return null;
    return attentionProbeRow(this.attention, this.B, this.T, this.probeRow);
  }

  /** The batch row the cells' forward copies into each direction's probe buffer (NO_PROBE: none). */
  setProbeRow(row: number): void {
    this.probeRow = row;
    for (const layer of this.layers) for (const dir of layer.directions) dir.dims.probe_row = row;
  }

  /** [layer][direction] the probe buffers [P, T, H] of the last forward(). */
  probeBuffers(): A[][] {
    return this.layers.map((l) => l.directions.map((d) => d.probe));
  }

  /** [layer][direction] ∂L/∂c_t (with a cell state) and ∂L/∂h_t [T·B, H] of the last backward(). */
  stepGradients(): { c: A; h: A }[][] {
    return this.layers.map((l) => l.directions.map((d) => ({ c: d.dcSteps, h: d.dhSteps })));
  }

  /** [layer][direction] the norm accumulators [T·B] (grad_norm_steps); zero them with fill(0). */
  normAccumulators(): { c: A; h: A }[][] {
    return this.layers.map((l) => l.directions.map((d) => ({ c: d.normC, h: d.normH })));
  }

  /**
   * The loss kernel: outputs, dlogits and each row's loss; returns the mean over the first `rows`
   * rows (an evaluation chunk may be padded past the end of a split).
   */
  loss(rows = this.B): number {
    const S = this.shape.decoder?.steps ?? 1;
    const dims: LossDims = { batch: S * this.B, outputs: this.shape.outputs };
    const targets = this.decoder ? this.decoder.ydec : this.y;
    const args = [this.logits, targets, this.dlogits, this.outputs, this.rowLoss, this.stepLoss] as const;
    if (this.task === 'classification') this.k.softmax_cross_entropy(dims, { slot: 0 }, ...args);
    else this.k.mse_loss(dims, { slot: 0 }, ...args);
    if (rows === this.B) return this.stepLoss[0];
    let sum = 0;
    for (let b = 0; b < rows; b++) sum += this.windowLoss(b);
    return sum / rows;
  }

  /** Batch row b's loss after loss(): its row's, or an encoder–decoder's mean over its output steps. */
  windowLoss(b: number): number {
    const S = this.shape.decoder?.steps ?? 1;
    let sum = 0;
    for (let i = 0; i < S; i++) sum += this.rowLoss[i * this.B + b];
    return sum / S;
  }

  /**
   * An encoder–decoder's greedy decoding after forward(): each output step in turn from the
   * model's own choices so far (the decoder is causal, so step i's output no longer changes once
   * steps < i are chosen); then `outputs` holds each step's probabilities as the model decoded it.
   * Returns the choices [B, T_out·V], one-hot.
   */
  greedyDecode(w: ModelTensors<A>): A {
    const dec = this.decoderBuffers();
    dec.pred.fill(0);
    for (let i = 0; i < dec.dims.out_steps; i++) {
      this.decoderForward(w, dec.pred, dec.predTargets);
      this.headForward(w);
      this.loss();
      this.k.greedy_tokens(dec.dims, i, this.outputs, dec.pred);
    }
    return dec.pred;
  }

  /** `outputs` of batch rows [0, count) sample-major into out at `at` ([n, T_out·K]; one step: [n, K]). */
  copyOutputs(count: number, out: Float32Array, at: number): void {
    const S = this.shape.decoder?.steps ?? 1;
    const K = this.shape.outputs;
    for (let b = 0; b < count; b++) {
      for (let i = 0; i < S; i++) {
        const from = (i * this.B + b) * K;
        out.set(this.outputs.subarray(from, from + K), (at + b) * S * K + i * K);
      }
    }
  }

  /** The probed row's alignment [T_out, T_in] and outputs [T_out, V] of the last pass; null without a decoder. */
  translationProbe(): TranslationProbe | null {
    if (!this.decoder || this.probeRow === NO_PROBE) return null;
    const { out_steps: S, steps: T, vocab: V } = this.decoder.dims;
    const alpha = new Float32Array(S * T);
    const outputs = new Float32Array(S * V);
    for (let i = 0; i < S; i++) {
      const r = i * this.B + this.probeRow;
      alpha.set(this.decoder.alpha.subarray(r * T, (r + 1) * T), i * T);
      outputs.set(this.outputs.subarray(r * V, (r + 1) * V), i * V);
    }
    return { outSteps: S, inSteps: T, alpha, outputs };
  }

  /** BPTT through the last forward(): fills grads (data loss only; every gradient overwritten). */
  backward(w: ModelTensors<A>): void {
    if (!this.training) throw new Error('a model built for evaluation has no backward');
    for (let l = this.model.length - 1; l >= 0; l--) {
      visitLayer(this.model[l], {
        recurrent: ({ directions }) => {
          for (let d = 0; d < directions; d++) this.directionBackward(w, l, d);
        },
        attention: () => this.attentionBackward(w),
        decoder: () => this.decoderBackward(w),
        dense: () => this.headBackward(w),
      });
    }
  }

  /** One whole step's gradient: copies x0 [T·B, F] and y [B, K] in, returns the loss and grads. */
  forwardBackward(
    w: ModelTensors<A>,
    x0: Floats,
    y: Floats,
    masks: DropoutMasks<A> | null,
  ): { loss: number; grads: ModelTensors<A> } {
    this.x0.set(x0);
    this.y.set(y);
    this.forward(w, masks);
    const loss = this.loss();
    this.backward(w);
    return { loss, grads: this.grads };
  }

  /** Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell over the direction's steps. */
  private directionForward(
    w: ModelTensors<A>,
    l: number,
    d: number,
    afterProjection?: (layer: number, direction: number, zx: A) => void,
  ): void {
    const { k } = this;
    const layer = this.layers[l];
    const dir = layer.directions[d];
    const wd = directionTensors(w.layers[l], d);
    const G = CELLS[this.shape.cell].gates;
    const rows = this.T * this.B;
    const input = l === 0 ? this.x0 : this.layers[l - 1].h;
    k.mask_rows(rowsDims(rows, layer.F, this.B), input, dir.xd, this.maskOf(this.masks?.input[l]?.[d]));
    k.matmul(matmulDims(rows, G * layer.H, layer.F), dir.xd, wd.kernel, dir.gates, wd.bias);
    afterProjection?.(l, d, dir.gates);
    const mrec = this.maskOf(this.masks?.recurrent[l]?.[d]);
    CPU_CELLS[this.shape.cell].forward(k, { dir, w: wd, mrec, h: layer.h, dH: layer.dH, dc: this.dc });
  }

  /** Text's padding mask, the scores, their softmax and the context, from the last layer's h. */
  private attentionForward(w: ModelTensors<A>): void {
    const hs = this.layers[this.layers.length - 1].h;
    attentionForward(this.k, this.attentionBuffers(), this.x0, this.shape.features, hs, w);
  }

  /** From dcontext: the whole of the last layer's dH, then the attention's parameters' gradients. */
  private attentionBackward(w: ModelTensors<A>): void {
    const last = this.layers[this.layers.length - 1];
    attentionBackward(this.k, this.attentionBuffers(), last.h, last.dH, w, this.grads);
  }

  /** The decoder over the last layer's states, from targets y0 (the batch's, or its own choices). */
  private decoderForward(w: ModelTensors<A>, y0: A, targets = this.decoderBuffers().ydec): void {
    const dec = this.decoderBuffers();
    const hs = this.layers[this.layers.length - 1].h;
    if (!w.decoder) throw new Error('the weights have no decoder');
    decoderMask(this.k, dec, this.x0, this.shape.features);
    decoderForward(this.k, dec, y0, targets, hs, w.decoder);
  }

  /** From dh̃: the decoder's gradients, and the whole of the last layer's dH. */
  private decoderBackward(w: ModelTensors<A>): void {
    const last = this.layers[this.layers.length - 1];
    if (!w.decoder || !this.grads.decoder) throw new Error('the weights have no decoder');
    decoderBackward(this.k, this.decoderBuffers(), last.h, last.dH, w.decoder, this.grads.decoder);
  }

  private decoderBuffers(): DecoderBuffers<A> {
    if (!this.decoder) throw new Error('this model has no decoder');
    return this.decoder;
  }

  private attentionBuffers(): AttentionBuffers<A> {
    if (!this.attention) throw new Error('this model has no attention layer');
    return this.attention;
  }

  /** hd = each direction's last h (or the attention's context) ⊙ m_out; logits = hd·Wd + bd. */
  private headForward(w: ModelTensors<A>): void {
    if (this.decoder) {
      // Time-distributed over the decoder's T_out·B rows of h̃ (no output dropout: the knobs act on the encoder).
      const { htilde, dims, spec } = this.decoder;
      const m = matmulDims(dims.out_steps * this.B, this.shape.outputs, spec.units);
      this.k.matmul(m, htilde, w.headKernel, this.logits, w.headBias);
      return;
    }
    const last = this.layers[this.layers.length - 1];
    const mout = this.maskOf(this.masks?.output);
    if (this.attention) {
      const { context, dims } = this.attention;
      this.k.mask_rows(rowsDims(this.B, dims.width, this.B), context, this.hd, mout);
    } else this.k.last_hidden(this.lastDims(), last.h, mout, this.hd);
    const dims = matmulDims(this.B, this.shape.outputs, outputWidth(this.shape));
    this.k.matmul(dims, this.hd, w.headKernel, this.logits, w.headBias);
  }

  /** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhd = dlogits·Wdᵀ, then ⊙ m_out back to where hd was read. */
  private headBackward(w: ModelTensors<A>): void {
    if (this.decoder) {
      this.decoderHeadBackward(w, this.decoder);
      return;
    }
    const { k, B } = this;
    const K = this.shape.outputs;
    const last = this.layers[this.layers.length - 1];
    const Hout = outputWidth(this.shape);
    k.matmul(matmulDims(Hout, K, B, true), this.hd, this.dlogits, this.grads.headKernel, null);
    k.sum_rows(rowsDims(B, K, B), this.dlogits, this.grads.headBias);
    k.matmul(matmulDims(B, Hout, K, false, true), this.dlogits, w.headKernel, this.dhd, null);
    const mout = this.maskOf(this.masks?.output);
    if (this.attention) {
      const { dcontext, dims } = this.attention;
      k.mask_rows(rowsDims(B, dims.width, B), this.dhd, dcontext, mout);
      return;
    }
    // Only the head's entries of the last layer's dH are ever written: the rest stays zero.
    k.last_hidden_backward(this.lastDims(), this.dhd, mout, last.dH);
  }

  /** The time-distributed head's dWd = h̃ᵀ·dlogits, dbd = Σ dlogits, dh̃ = dlogits·Wdᵀ. */
  private decoderHeadBackward(w: ModelTensors<A>, dec: DecoderBuffers<A>): void {
    const rows = dec.dims.out_steps * this.B;
    const K = this.shape.outputs;
    const H = dec.spec.units;
    this.k.matmul(matmulDims(H, K, rows, true), dec.htilde, this.dlogits, this.grads.headKernel, null);
    this.k.sum_rows(rowsDims(rows, K, this.B), this.dlogits, this.grads.headBias);
    this.k.matmul(matmulDims(rows, H, K, false, true), this.dlogits, w.headKernel, dec.dhtilde, null);
  }

  /** The cell back over the steps; dW = Xdᵀ·dZ, dU = Hprevᵀ·dZr, db, (drb); dX (+)= (dZ·Wᵀ) ⊙ m_in. */
  private directionBackward(w: ModelTensors<A>, l: number, d: number): void {
    const { k, B, T } = this;
    const rows = T * B;
    const layer = this.layers[l];
    const dir = layer.directions[d];
    const { F, H } = layer;
    const { gates: G, cellState } = CELLS[this.shape.cell];
    const wd = directionTensors(w.layers[l], d);
    const g = directionTensors(this.grads.layers[l], d);
    const mrec = this.maskOf(this.masks?.recurrent[l]?.[d]);
    CPU_CELLS[this.shape.cell].backward(k, { dir, w: wd, mrec, h: layer.h, dH: layer.dH, dc: this.dc });
    if (this.accumulateGradNorms) {
      const norms = { rows, cols: H };
      if (cellState) k.grad_norm_steps(norms, dir.dcSteps, dir.normC);
      k.grad_norm_steps(norms, dir.dhSteps, dir.normH);
    }
    k.matmul(matmulDims(F, G * H, rows, true), dir.xd, dir.dz, g.kernel, null);
    // The first step's block of hprev is zero: the kernels would sum it, this skips it (the same sum).
    const first = dir.dims.reverse ? { a_off: 0, b_off: 0 } : { a_off: B * H, b_off: B * G * H };
    const dU: MatmulDims = { ...matmulDims(H, G * H, rows - B, true), ...first };
    k.matmul(dU, dir.hprev, dir.dzr, g.recurrent, null);
    k.sum_rows(rowsDims(rows, G * H, B), dir.dz, g.bias);
    if (g.recurrentBias) k.sum_rows(rowsDims(rows, G * H, B), dir.dzr, g.recurrentBias);
    if (l > 0) {
      k.matmul(matmulDims(rows, F, G * H, false, true), dir.dz, wd.kernel, this.dX, null);
      const into = { ...rowsDims(rows, F, B), accumulate: d };
      k.mask_rows(into, this.dX, this.layers[l - 1].dH, this.maskOf(this.masks?.input[l]?.[d]));
    }
  }

  /** The layer's output and gradient, and per direction the buffers its kind keeps (contracts/cells.ts). */
  private allocateLayer(l: number, floats: (n: number) => A, grad: (n: number) => A): LayerBuffers<A> {
    const { shape, B, T, training } = this;
    const { inputSize: F, units: H } = shape.layers[l];
    const dirs = shape.directions;
    const directions = Array.from({ length: dirs }, (_, d) =>
      allocateDirection(shape.cell, { B, T, F, H, d, dirs }, training, floats),
    );
    return { F, H, h: floats(T * B * dirs * H), dH: grad(T * B * dirs * H), directions };
  }

  private lastDims(): LastDims {
    const last = this.layers[this.layers.length - 1];
    return { batch: this.B, units: last.H, steps: this.T, directions: this.shape.directions };
  }

  /** A mask, or all ones where there is no dropout (as the kernels' evaluation masks are). */
  private maskOf(mask: A | null | undefined): A {
    return mask ?? this.ones;
  }
}
