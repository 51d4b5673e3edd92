import type { Task } from '../../data/types';
import type { ModelShape } from '../../model/params';
import { type ParamLayout, paramLayout, tensorViews } from '../paramLayout';
import type { RowsDims } from '../reference/batchOps';
import type { LossDims } from '../reference/loss';
import { type CellDims, cellDims } from '../reference/lstmCell';
import { type MatmulDims, matmulDims } from '../reference/matmul';
import type { DropoutMasks } from '../reference/model';
import type { ModelTensors } from '../reference/types';
import type { WasmArena } from './kernelPool';
import type { WasmKernels } from './kernels';

/**
 * The reference model's step (reference/model.ts) on the WebAssembly kernels: the same buffers,
 * allocated once in the engine's memory, and the same kernel calls in the same order, each the
 * twin of the reference function of its name. Two differences, both in how the work is cut, not in
 * what is computed: the cell runs every timestep of a layer in one call (lstm_sequence_forward:
 * each thread owns batch rows for all t), and every buffer is f32 (the reference keeps row losses
 * in f64). Activations are time-major: row t·B + b is sample b at timestep t.
 */

interface LayerBuffers {
  F: number;
  H: number;
  cell: CellDims;
  xd: Float32Array; // [T·B, F] input ⊙ m_in
  gates: Float32Array; // [T·B, 4H] Zx = Xd·W + b, then the post-activation gates
  c: Float32Array; // [T·B, H]
  h: Float32Array; // [T·B, H], the next layer's input
  hprev: Float32Array; // [T·B, H] h_{t−1} ⊙ m_rec (block 0 zero)
  dz: Float32Array; // [T·B, 4H] (empty when built for evaluation)
  dH: Float32Array; // [T·B, H] gradient reaching h from above
}

export class WasmLstmModel {
  readonly x0: Float32Array; // [T·B, F]; gather_batch fills it
  readonly y: Float32Array; // [B, K]
  readonly logits: Float32Array; // [B, K]
  readonly outputs: Float32Array; // [B, K] softmax(logits) or the logits
  readonly dlogits: Float32Array; // [B, K]
  readonly rowLoss: Float32Array; // [B]
  readonly stepLoss: Float32Array; // [1]
  readonly layout: ParamLayout;
  readonly gradsFlat: Float32Array;
  readonly grads: ModelTensors<Float32Array>;
  private readonly layers: LayerBuffers[];
  private readonly hd: Float32Array; // [B, H_last]
  private readonly dhd: Float32Array; // [B, H_last]
  private readonly dX: Float32Array; // [T·B, F_max of layers ≥ 1]
  private readonly dc: Float32Array; // [B, H_max]
  private readonly ones: Float32Array; // all-ones mask of the widest row
  private masks: DropoutMasks<Float32Array> | null = null;

  constructor(
    private readonly k: WasmKernels | null,
    arena: WasmArena,
    readonly shape: ModelShape,
    readonly task: Task,
    readonly B: number,
    readonly T: number,
    readonly training = true,
  ) {
    const K = shape.outputs;
    const Hl = shape.layers[shape.layers.length - 1].units;
    const rows = T * B;
    const f32 = (n: number) => arena.f32(n);
    const grad = (n: number) => f32(training ? n : 0);
    this.x0 = f32(rows * shape.features);
    this.y = f32(B * K);
    this.logits = f32(B * K);
    this.outputs = f32(B * K);
    this.dlogits = f32(B * K);
    this.rowLoss = f32(B);
    this.stepLoss = f32(1);
    this.hd = f32(B * Hl);
    this.dhd = grad(B * Hl);
    this.dX = grad(
      shape.layers.length > 1 ? rows * Math.max(...shape.layers.slice(1).map((l) => l.inputSize)) : 0,
    );
    this.dc = grad(B * Math.max(...shape.layers.map((l) => l.units)));
    this.ones = f32(B * Math.max(...shape.layers.flatMap((l) => [l.inputSize, l.units]))).fill(1);
    this.layers = shape.layers.map(({ inputSize: F, units: H }) => ({
      F,
      H,
      cell: cellDims(B, H, T),
      xd: f32(rows * F),
      gates: f32(rows * 4 * H),
      c: f32(rows * H),
      h: f32(rows * H),
      hprev: f32(rows * H),
      dz: grad(rows * 4 * H),
      dH: grad(rows * H),
    }));
    this.layout = paramLayout(shape);
    this.gradsFlat = grad(this.layout.size);
    this.grads = tensorViews(this.layout, this.gradsFlat, shape);
  }

  private get kernels(): WasmKernels {
    if (!this.k) throw new Error('a WasmLstmModel built only to count its bytes has no kernels');
    return this.k;
  }

  /** Forward over all layers and timesteps, then the head: fills logits [B, K]. */
  forward(w: ModelTensors<Float32Array>, masks: DropoutMasks<Float32Array> | null): void {
    this.masks = masks;
    for (let l = 0; l < this.layers.length; l++) this.layerForward(w, l);
    this.headForward(w);
  }

  /** The loss kernel; returns the mean over the first `rows` rows (an evaluation chunk may be padded). */
  loss(rows = this.B): number {
    const dims: LossDims = { batch: this.B, outputs: this.shape.outputs };
    const args = [this.logits, this.y, this.dlogits, this.outputs, this.rowLoss, this.stepLoss] as const;
    if (this.task === 'classification') this.kernels.softmax_cross_entropy(dims, { slot: 0 }, ...args);
    else this.kernels.mse_loss(dims, { slot: 0 }, ...args);
    if (rows === this.B) return this.stepLoss[0];
    let sum = 0;
    for (let b = 0; b < rows; b++) sum += this.rowLoss[b];
    return sum / rows;
  }

  /** BPTT through the last forward(): fills grads (data loss only; every gradient overwritten). */
  backward(w: ModelTensors<Float32Array>): void {
    if (!this.training) throw new Error('WasmLstmModel built for evaluation has no backward');
    this.headBackward(w);
    for (let l = this.layers.length - 1; l >= 0; l--) this.layerBackward(w, l);
  }

  /** Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell, t = 0 … T−1. */
  private layerForward(w: ModelTensors<Float32Array>, l: number): void {
    const k = this.kernels;
    const { F, H, cell, xd, gates, c, h, hprev } = this.layers[l];
    const { kernel: W, recurrent: U, bias } = w.layers[l];
    const input = l === 0 ? this.x0 : this.layers[l - 1].h;
    k.mask_rows(this.rowsDims(this.T * this.B, F), input, xd, this.maskOf(this.masks?.input[l]?.[0]));
    k.matmul(matmulDims(this.T * this.B, 4 * H, F), xd, W, gates, bias);
    k.lstm_sequence_forward(cell, gates, U, c, this.maskOf(this.masks?.recurrent[l]?.[0]), hprev, h);
  }

  /** hd = h_{T−1} ⊙ m_out; logits = hd·Wd + bd. */
  private headForward(w: ModelTensors<Float32Array>): void {
    const { B, T } = this;
    const last = this.layers[this.layers.length - 1];
    const lastStep = { ...this.rowsDims(B, last.H), src_off: (T - 1) * B * last.H };
    this.kernels.mask_rows(lastStep, last.h, this.hd, this.maskOf(this.masks?.output));
    this.kernels.matmul(
      matmulDims(B, this.shape.outputs, last.H),
      this.hd,
      w.headKernel,
      this.logits,
      w.headBias,
    );
  }

  /** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhL = (dlogits·Wdᵀ) ⊙ m_out into block T−1 of the last dH. */
  private headBackward(w: ModelTensors<Float32Array>): void {
    const k = this.kernels;
    const { B, T } = this;
    const K = this.shape.outputs;
    const last = this.layers[this.layers.length - 1];
    const H = last.H;
    k.matmul(matmulDims(H, K, B, true), this.hd, this.dlogits, this.grads.headKernel, null);
    k.sum_rows(this.rowsDims(B, K), this.dlogits, this.grads.headBias);
    k.matmul(matmulDims(B, H, K, false, true), this.dlogits, w.headKernel, this.dhd, null);
    // Only block T−1 of the last layer's dH is ever written: the rest stays zero.
    const lastStep = { ...this.rowsDims(B, H), out_off: (T - 1) * B * H };
    k.mask_rows(lastStep, this.dhd, last.dH, this.maskOf(this.masks?.output));
  }

  /** The cell, t = T−1 … 0; dW = Xdᵀ·dZ, dU = Hprevᵀ·dZ, db = Σ dZ; dX = (dZ·Wᵀ) ⊙ m_in. */
  private layerBackward(w: ModelTensors<Float32Array>, l: number): void {
    const k = this.kernels;
    const { B, T } = this;
    const rows = T * B;
    const { F, H, cell, xd, gates, c, hprev, dz, dH } = this.layers[l];
    const { kernel: W, recurrent: U } = w.layers[l];
    const g = this.grads.layers[l];
    const mrec = this.maskOf(this.masks?.recurrent[l]?.[0]);
    k.lstm_sequence_backward(cell, gates, U, c, mrec, dH, dz, this.dc);
    k.matmul(matmulDims(F, 4 * H, rows, true), xd, dz, g.kernel, null);
    // Block 0 of hprev is zero: skipped, as the reference skips it (the same sum).
    const dU: MatmulDims = { ...matmulDims(H, 4 * H, rows - B, true), a_off: B * H, b_off: B * 4 * H };
    k.matmul(dU, hprev, dz, g.recurrent, null);
    k.sum_rows(this.rowsDims(rows, 4 * H), dz, g.bias);
    if (l > 0) {
      k.matmul(matmulDims(rows, F, 4 * H, false, true), dz, W, this.dX, null);
      k.mask_rows(
        this.rowsDims(rows, F),
        this.dX,
        this.layers[l - 1].dH,
        this.maskOf(this.masks?.input[l]?.[0]),
      );
    }
  }

  private rowsDims(rows: number, cols: number): RowsDims {
    return { rows, cols, batch: this.B, src_off: 0, out_off: 0, accumulate: 0 };
  }

  private maskOf(mask: Float32Array | null | undefined): Float32Array {
    return mask ?? this.ones;
  }
}
