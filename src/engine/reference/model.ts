import type { Task } from '../../data/types';
import type { ModelShape } from '../../model/params';
import { mask_rows, sum_rows } from './batchOps';
import { dense_backward, dense_forward } from './head';
import { mse_loss, softmax_cross_entropy } from './loss';
import { lstm_cell_backward, lstm_cell_forward } from './lstmCell';
import { matmul } from './matmul';
import { type Floats, type ModelTensors, tensorList } from './types';

/**
 * A stacked LSTM + Dense head over a batch of B sequences of T steps (MATH.md), with every buffer
 * allocated once here, so a training step allocates nothing. Activations are time-major: row
 * t·B + b is sample b at timestep t. The step reads like the equations:
 *   model.x0 / model.y filled by the caller → forward(w, masks) → loss() → backward(w) → grads
 * `A` is the float type: Float32Array in the engine, Float64Array in the gradient check.
 */

/** Dropout masks (0 or 1/(1−rate)), shared by all timesteps; null = no dropout there. */
export interface DropoutMasks<A extends Floats> {
  /** Per layer [B, F_l], on the layer's input. */
  input: (A | null)[];
  /** Per layer [B, H_l], on h_{t-1} as it enters U. */
  recurrent: (A | null)[];
  /** [B, H_last], on the last hidden state before the head. */
  output: A | null;
}

interface LayerBuffers<A extends Floats> {
  F: number;
  H: number;
  /** [T·B, F] input ⊙ input mask (used only when the layer has an input mask). */
  xd: A;
  /** [T·B, 4H]: Zx = Xd·W + b, overwritten timestep by timestep with the post-activation gates. */
  gates: A;
  c: A; // [T·B, H]
  h: A; // [T·B, H]; also the next layer's input
  /** Views of row block t ([B, ·]) of gates, c, h, made once so the time loop allocates nothing. */
  gatesAt: A[];
  cAt: A[];
  hAt: A[];
  // Backward only (null when the model is built for evaluation):
  dz: A; // [T·B, 4H]
  dH: A; // [T·B, H] gradient at the layer's output h
  dzAt: A[];
  dHAt: A[];
  /** [(T−1)·B, H]: h_{t−1} ⊙ m_rec for t ≥ 1, the left operand of dU. */
  hPrevMasked: A;
}

export class LstmModel<A extends Floats = Float32Array> {
  /** [T·B, F] time-major input; the caller fills it. */
  readonly x0: A;
  /** [B, K] targets (one-hot or scaled values); the caller fills it. */
  readonly y: A;
  readonly logits: A; // [B, K]
  /** [B, K] softmax(logits) after loss() (classification). */
  readonly probs: A;
  readonly grads: ModelTensors<A>;
  private readonly layers: LayerBuffers<A>[];
  private readonly hd: A; // [B, H_last] last hidden state ⊙ output mask
  private readonly dlogits: A; // [B, K]
  private readonly dc: A; // [B, H_max] gradient at c, carried back through time
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
    this.x0 = alloc(rows * shape.features);
    this.y = alloc(B * K);
    this.logits = alloc(B * K);
    this.probs = alloc(B * K);
    this.hd = alloc(B * Hl);
    this.dlogits = grad(B * K);
    this.dc = grad(B * Math.max(...shape.layers.map((l) => l.units)));
    const views = (a: A, width: number) =>
      Array.from({ length: T }, (_, t) => a.subarray(t * B * width, (t + 1) * B * width) as A);
    this.layers = shape.layers.map(({ inputSize: F, units: H }) => {
      const gates = alloc(rows * 4 * H);
      const c = alloc(rows * H);
      const h = alloc(rows * H);
      const dz = grad(rows * 4 * H);
      const dH = grad(rows * H);
      return {
        F,
        H,
        xd: alloc(rows * F),
        gates,
        c,
        h,
        gatesAt: views(gates, 4 * H),
        cAt: views(c, H),
        hAt: views(h, H),
        dz,
        dH,
        dzAt: training ? views(dz, 4 * H) : [],
        dHAt: training ? views(dH, H) : [],
        hPrevMasked: grad((T - 1) * B * H),
      };
    });
    this.grads = {
      layers: shape.layers.map(({ inputSize: F, units: H }) => ({
        kernel: grad(F * 4 * H),
        recurrent: grad(H * 4 * H),
        bias: grad(4 * H),
      })),
      headKernel: grad(Hl * K),
      headBias: grad(K),
    };
  }

  /** Forward over all layers and timesteps, then the head: fills logits [B, K]. */
  forward(w: ModelTensors<A>, masks: DropoutMasks<A> | null): void {
    const { B, T } = this;
    const rows = T * B;
    this.masks = masks;
    this.layers.forEach((layer, l) => {
      const { F, H, gates } = layer;
      const G = 4 * H;
      const { kernel: W, recurrent: U, bias } = w.layers[l];
      const x = l === 0 ? this.x0 : this.layers[l - 1].h;
      const mIn = masks?.input[l] ?? null;
      const mRec = masks?.recurrent[l] ?? null;
      const xd = mIn ? mask_rows(layer.xd, x, mIn, rows, F, B) : x;
      // Zx = Xd·W + b for all timesteps at once, into the gates buffer.
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < G; j++) gates[r * G + j] = bias[j];
      }
      matmul(gates, xd, W, rows, G, F, false, false, true);
      const { gatesAt, cAt, hAt } = layer;
      for (let t = 0; t < T; t++) {
        const hPrev = t > 0 ? hAt[t - 1] : null;
        const cPrev = t > 0 ? cAt[t - 1] : null;
        lstm_cell_forward(hAt[t], cAt[t], gatesAt[t], gatesAt[t], hPrev, cPrev, U, mRec, B, H);
      }
    });
    const last = this.layers[this.layers.length - 1];
    const hL = last.hAt[T - 1];
    const mOut = masks?.output ?? null;
    const hd = mOut ? mask_rows(this.hd, hL, mOut, B, last.H, B) : hL;
    dense_forward(this.logits, hd, w.headKernel, w.headBias, B, last.H, this.shape.outputs);
  }

  /**
   * Mean data loss of the first `rows` rows (an evaluation chunk may be padded); writes probs
   * (classification) and, when training, dlogits for backward.
   */
  loss(rows = this.B): number {
    const K = this.shape.outputs;
    const dlogits = this.training ? this.dlogits : null;
    if (this.task === 'classification') {
      return softmax_cross_entropy(this.probs, dlogits, this.logits, this.y, rows, K);
    }
    return mse_loss(dlogits, this.logits, this.y, rows, K);
  }

  /** BPTT through the last forward(): zeroes grads, then fills them (data loss only). */
  backward(w: ModelTensors<A>): void {
    if (!this.training) throw new Error('LstmModel built for evaluation has no backward');
    const { B, T } = this;
    const rows = T * B;
    const K = this.shape.outputs;
    const masks = this.masks;
    for (const g of tensorList(this.grads)) g.fill(0);

    // Head: dWd, dbd, and dhL = (dlogits·Wdᵀ) ⊙ m_out into row block T−1 of the last dH.
    const last = this.layers[this.layers.length - 1];
    last.dH.fill(0);
    const mOut = masks?.output ?? null;
    const hd = mOut ? this.hd : last.hAt[T - 1];
    const dhL = last.dHAt[T - 1];
    dense_backward(
      dhL,
      this.grads.headKernel,
      this.grads.headBias,
      this.dlogits,
      hd,
      w.headKernel,
      B,
      last.H,
      K,
    );
    if (mOut) mask_rows(dhL, dhL, mOut, B, last.H, B);

    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const { F, H, dz } = layer;
      const G = 4 * H;
      const { kernel: W, recurrent: U } = w.layers[l];
      const g = this.grads.layers[l];
      const mIn = masks?.input[l] ?? null;
      const mRec = masks?.recurrent[l] ?? null;
      const { dzAt, dHAt, gatesAt, cAt } = layer;
      const dc = this.dc;
      dc.fill(0);
      for (let t = T - 1; t >= 0; t--) {
        const dhRec = t > 0 ? dHAt[t - 1] : null;
        const cPrev = t > 0 ? cAt[t - 1] : null;
        lstm_cell_backward(dzAt[t], dhRec, dc, dHAt[t], dc, gatesAt[t], cAt[t], cPrev, U, mRec, B, H);
      }
      // Weight gradients summed over time, each one GEMM over all rows.
      const x = l === 0 ? this.x0 : this.layers[l - 1].h;
      const xd = mIn ? layer.xd : x;
      matmul(g.kernel, xd, dz, F, G, rows, true, false, true);
      if (T > 1) {
        const n = (T - 1) * B * H;
        const hPrev = mRec
          ? mask_rows(layer.hPrevMasked, layer.h, mRec, (T - 1) * B, H, B)
          : (layer.h.subarray(0, n) as A);
        matmul(g.recurrent, hPrev, dz.subarray(B * G) as A, H, G, (T - 1) * B, true, false, true);
      }
      sum_rows(g.bias, dz, rows, G);
      if (l > 0) {
        // dX_l = (dZ·Wᵀ) ⊙ m_in becomes the gradient at the layer below's output.
        const dX = this.layers[l - 1].dH;
        matmul(dX, dz, W, rows, F, G, false, true, false);
        if (mIn) mask_rows(dX, dX, mIn, rows, F, B);
      }
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
}
