import type { Task } from '../../data/types';
import type { ModelShape } from '../../model/params';
import { type ParamLayout, paramLayout, tensorViews } from '../paramLayout';
import { mask_rows, type RowsDims, sum_rows } from './batchOps';
import { type LossDims, mse_loss, softmax_cross_entropy } from './loss';
import { type CellDims, lstm_cell_backward, lstm_cell_forward } from './lstmCell';
import { type MatmulDims, matmul, matmulDims } from './matmul';
import type { Floats, ModelTensors } from './types';

/**
 * A stacked LSTM + Dense head over a batch of B sequences of T steps (MATH.md), the reference
 * engine's twin of the WebGPU step graph (webgpu/stepGraph.ts): the same buffers, allocated once
 * here, and the same kernel calls in the same order, each a twin of a WGSL kernel. The step reads
 * like the equations:
 *   x0 / y filled by the caller → forward(w, masks) → loss() → backward(w) → grads
 * Activations are time-major: row t·B + b is sample b at timestep t. `A` is the float type:
 * Float32Array in the engine, Float64Array in the gradient check.
 */

/** Dropout masks (0 or 1/(1−rate)), shared by all timesteps; null = no dropout there (all ones). */
export interface DropoutMasks<A extends Floats> {
  /** Per layer [B, F_l], on the layer's input. */
  input: (A | null)[];
  /** Per layer [B, H_l], on h_{t-1} as it enters U. */
  recurrent: (A | null)[];
  /** [B, H_last], on the last hidden state before the head. */
  output: A | null;
}

/** One layer's activations, as webgpu/stepBuffers.ts allocates them. */
interface LayerBuffers<A extends Floats> {
  F: number;
  H: number;
  cell: CellDims;
  xd: A; // [T·B, F] input ⊙ m_in
  gates: A; // [T·B, 4H] Zx = Xd·W + b, then the post-activation gates
  c: A; // [T·B, H]
  h: A; // [T·B, H], the next layer's input
  hprev: A; // [T·B, H] h_{t−1} ⊙ m_rec (block 0 zero), the left operand of dU
  // Backward only (empty when the model is built for evaluation):
  dz: A; // [T·B, 4H]
  dH: A; // [T·B, H] gradient reaching h from above
}

export class LstmModel<A extends Floats = Float32Array> {
  /** [T·B, F] time-major input; the caller fills it. */
  readonly x0: A;
  /** [B, K] targets (one-hot or scaled values); the caller fills it. */
  readonly y: A;
  readonly logits: A; // [B, K]
  /** [B, K] after loss(): softmax(logits) (classification) or the logits (regression). */
  readonly outputs: A;
  readonly dlogits: A; // [B, K]
  /** [B] each row's loss after loss(); kept in f64 (the kernel keeps f32). */
  readonly rowLoss: Float64Array;
  /** Every parameter's gradient in one flat array (paramLayout), and its tensors as views. */
  readonly layout: ParamLayout;
  readonly gradsFlat: A;
  readonly grads: ModelTensors<A>;
  private readonly layers: LayerBuffers<A>[];
  private readonly hd: A; // [B, H_last] last hidden state ⊙ output mask
  private readonly dhd: A; // [B, H_last]
  private readonly dX: A; // [T·B, F_max of layers ≥ 1] dZ·Wᵀ before the input mask
  private readonly dc: A; // [B, H_max] gradient at c, carried back through time
  private readonly stepLoss = new Float64Array(1);
  private readonly ones: A; // all-ones mask of the widest row, for "no dropout"
  private masks: DropoutMasks<A> | null = null;

  constructor(
    readonly shape: ModelShape,
    readonly task: Task,
    readonly B: number,
    readonly T: number,
    alloc: (n: number) => A,
    readonly training = true,
  ) {
    const K = shape.outputs;
    const Hl = shape.layers[shape.layers.length - 1].units;
    const rows = T * B;
    const grad = (n: number) => (training ? alloc(n) : alloc(0));
    const widths = shape.layers.flatMap((l) => [l.inputSize, l.units]);
    this.x0 = alloc(rows * shape.features);
    this.y = alloc(B * K);
    this.logits = alloc(B * K);
    this.outputs = alloc(B * K);
    this.dlogits = alloc(B * K);
    this.rowLoss = new Float64Array(B);
    this.hd = alloc(B * Hl);
    this.dhd = grad(B * Hl);
    this.dX = grad(
      shape.layers.length > 1 ? rows * Math.max(...shape.layers.slice(1).map((l) => l.inputSize)) : 0,
    );
    this.dc = grad(B * Math.max(...shape.layers.map((l) => l.units)));
    this.ones = alloc(B * Math.max(...widths)).fill(1) as A;
    this.layers = shape.layers.map(({ inputSize: F, units: H }) => ({
      F,
      H,
      cell: { batch: B, units: H, steps: T },
      xd: alloc(rows * F),
      gates: alloc(rows * 4 * H),
      c: alloc(rows * H),
      h: alloc(rows * H),
      hprev: alloc(rows * H),
      dz: grad(rows * 4 * H),
      dH: grad(rows * H),
    }));
    this.layout = paramLayout(shape);
    this.gradsFlat = grad(training ? this.layout.size : 0);
    this.grads = training
      ? tensorViews(this.layout, this.gradsFlat, shape)
      : { layers: [], headKernel: alloc(0), headBias: alloc(0) };
  }

  /** Forward over all layers and timesteps, then the head: fills logits [B, K]. */
  forward(w: ModelTensors<A>, masks: DropoutMasks<A> | null): void {
    this.masks = masks;
    for (let l = 0; l < this.layers.length; l++) this.layerForward(w, l);
    this.headForward(w);
  }

  /**
   * The loss kernel: outputs, dlogits and each row's loss; returns the mean over the first `rows`
   * rows (an evaluation chunk may be padded past the end of a split).
   */
  loss(rows = this.B): number {
    const dims: LossDims = { batch: this.B, outputs: this.shape.outputs };
    const loss = this.task === 'classification' ? softmax_cross_entropy : mse_loss;
    loss(dims, { slot: 0 }, this.logits, this.y, this.dlogits, this.outputs, this.rowLoss, this.stepLoss);
    if (rows === this.B) return this.stepLoss[0];
    let sum = 0;
    for (let b = 0; b < rows; b++) sum += this.rowLoss[b];
    return sum / rows;
  }

  /** BPTT through the last forward(): fills grads (data loss only; every gradient overwritten). */
  backward(w: ModelTensors<A>): void {
    if (!this.training) throw new Error('LstmModel built for evaluation has no backward');
    this.headBackward(w);
    for (let l = this.layers.length - 1; l >= 0; l--) this.layerBackward(w, l);
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

  /** Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell, t = 0 … T−1. */
  private layerForward(w: ModelTensors<A>, l: number): void {
    const layer = this.layers[l];
    const { F, H, cell, xd, gates, c, h, hprev } = layer;
    const { kernel: W, recurrent: U, bias } = w.layers[l];
    const rows = this.T * this.B;
    const input = l === 0 ? this.x0 : this.layers[l - 1].h;
    mask_rows(this.rowsDims(rows, F), input, xd, this.maskOf(this.masks?.input[l]));
    matmul(matmulDims(rows, 4 * H, F), xd, W, gates, bias);
    const mrec = this.maskOf(this.masks?.recurrent[l]);
    for (let t = 0; t < this.T; t++) lstm_cell_forward(cell, t, gates, U, c, mrec, hprev, h);
  }

  /** hd = h_{T−1} ⊙ m_out; logits = hd·Wd + bd. */
  private headForward(w: ModelTensors<A>): void {
    const { B, T } = this;
    const H = this.layers[this.layers.length - 1].H;
    const last = this.layers[this.layers.length - 1];
    const lastStep = { ...this.rowsDims(B, H), src_off: (T - 1) * B * H };
    mask_rows(lastStep, last.h, this.hd, this.maskOf(this.masks?.output));
    matmul(matmulDims(B, this.shape.outputs, H), this.hd, w.headKernel, this.logits, w.headBias);
  }

  /** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhL = (dlogits·Wdᵀ) ⊙ m_out into block T−1 of the last dH. */
  private headBackward(w: ModelTensors<A>): void {
    const { B, T } = this;
    const K = this.shape.outputs;
    const last = this.layers[this.layers.length - 1];
    const H = last.H;
    matmul(matmulDims(H, K, B, true), this.hd, this.dlogits, this.grads.headKernel, null);
    sum_rows(this.rowsDims(B, K), this.dlogits, this.grads.headBias);
    matmul(matmulDims(B, H, K, false, true), this.dlogits, w.headKernel, this.dhd, null);
    // Only block T−1 of the last layer's dH is ever written: the rest stays zero.
    const lastStep = { ...this.rowsDims(B, H), out_off: (T - 1) * B * H };
    mask_rows(lastStep, this.dhd, last.dH, this.maskOf(this.masks?.output));
  }

  /** The cell, t = T−1 … 0; dW = Xdᵀ·dZ, dU = Hprevᵀ·dZ, db = Σ dZ; dX = (dZ·Wᵀ) ⊙ m_in. */
  private layerBackward(w: ModelTensors<A>, l: number): void {
    const { B, T } = this;
    const rows = T * B;
    const layer = this.layers[l];
    const { F, H, cell, xd, gates, c, hprev, dz, dH } = layer;
    const { kernel: W, recurrent: U } = w.layers[l];
    const g = this.grads.layers[l];
    const mrec = this.maskOf(this.masks?.recurrent[l]);
    for (let t = T - 1; t >= 0; t--) lstm_cell_backward(cell, t, gates, U, c, mrec, dH, dz, this.dc);
    matmul(matmulDims(F, 4 * H, rows, true), xd, dz, g.kernel, null);
    // Block 0 of hprev is zero: the kernel sums it, this skips it (the same sum).
    const dU: MatmulDims = { ...matmulDims(H, 4 * H, rows - B, true), a_off: B * H, b_off: B * 4 * H };
    matmul(dU, hprev, dz, g.recurrent, null);
    sum_rows(this.rowsDims(rows, 4 * H), dz, g.bias);
    if (l > 0) {
      matmul(matmulDims(rows, F, 4 * H, false, true), dz, W, this.dX, null);
      mask_rows(this.rowsDims(rows, F), this.dX, this.layers[l - 1].dH, this.maskOf(this.masks?.input[l]));
    }
  }

  private rowsDims(rows: number, cols: number): RowsDims {
    return { rows, cols, batch: this.B, src_off: 0, out_off: 0 };
  }

  /** A mask, or all ones where there is no dropout (as the kernel's evaluation masks are). */
  private maskOf(mask: A | null | undefined): A {
    return mask ?? this.ones;
  }
}
