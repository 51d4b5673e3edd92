import type { Task } from '../../data/types';
import { gatesOf, type ModelShape, outputWidth } from '../../model/params';
import { type ParamLayout, paramLayout, tensorViews } from '../paramLayout';
import { probeFloats } from '../probe';
import { last_hidden, last_hidden_backward, mask_rows, rowsDims, sum_rows } from './batchOps';
import { grad_norm_steps } from './gradNorms';
import { gru_cell_backward, gru_cell_forward } from './gruCell';
import { type LossDims, mse_loss, softmax_cross_entropy } from './loss';
import { type CellDims, lstm_cell_backward, lstm_cell_forward, NO_PROBE, stepOrder } from './lstmCell';
import { type MatmulDims, matmul, matmulDims } from './matmul';
import { simple_rnn_cell_backward, simple_rnn_cell_forward } from './simpleRnnCell';
import { type DirectionTensors, directionTensors, type Floats, type ModelTensors } from './types';

/**
 * Stacked recurrent layers (LSTM, GRU or SimpleRNN, each optionally Bidirectional) + a Dense head
 * over a batch of B sequences of T steps (MATH.md): the reference engine's twin of the WebGPU step
 * graph (webgpu/stepGraph.ts), the same buffers, allocated once here, and the same kernel calls in
 * the same order, each a twin of a WGSL kernel. The step reads like the equations:
 *   x0 / y filled by the caller → forward(w, masks) → loss() → backward(w) → grads
 * Activations are time-major: row t·B + b is sample b at timestep t. `A` is the float type:
 * Float32Array in the engine, Float64Array in the gradient check.
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

/** One direction of a layer, as webgpu/stepBuffers.ts allocates it. */
interface DirectionBuffers<A extends Floats> {
  dims: CellDims;
  xd: A; // [T·B, F] input ⊙ m_in
  gates: A; // [T·B, G·H] Zx = Xd·W + b, then the gates after their activations
  c: A; // [T·B, H] LSTM cell state (empty otherwise)
  hcarry: [A, A]; // LSTM: [B, H] h_prev ⊙ m_rec of a step, read and written in turn (empty otherwise)
  hrec: A; // [T·B, H] GRU candidate's recurrent term (empty otherwise)
  hprev: A; // [T·B, H] h_prev ⊙ m_rec (the first step's block zero), the left operand of dU
  dz: A; // [T·B, G·H] gradient at Zx
  /** [T·B, G·H] gradient at the recurrent pre-activations: its own buffer for a GRU, else dz. */
  dzr: A;
  probe: A; // [P, T, H] the probed row's numbers (engine/probe.ts PROBE_QUANTITIES)
  dcSteps: A; // [T·B, H] ∂L/∂c_t of every step (LSTM; empty otherwise)
  dhSteps: A; // [T·B, H] ∂L/∂h_t of every step
  normC: A; // [T·B] Σ over steps of ‖∂L/∂c_t‖ per row (grad_norm_steps; LSTM)
  normH: A; // [T·B] the same for ∂L/∂h_t
}

interface LayerBuffers<A extends Floats> {
  F: number;
  H: number;
  h: A; // [T·B, dirs·H] the layer's output, each direction's units side by side
  dH: A; // [T·B, dirs·H] gradient reaching h from above
  directions: DirectionBuffers<A>[];
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
  private readonly hd: A; // [B, H_out] each direction's last h ⊙ output mask
  private readonly dhd: A; // [B, H_out]
  private readonly dX: A; // [T·B, F_max of layers ≥ 1] dZ·Wᵀ before the input mask
  private readonly dc: A; // [B, H_max] gradient carried back through time (LSTM's c, GRU's h)
  private readonly stepLoss = new Float64Array(1);
  private readonly ones: A; // all-ones mask of the widest row, for "no dropout"
  private masks: DropoutMasks<A> | null = null;
  /** Whether backward() adds the step's gradient norms into normC / normH (the inside views). */
  accumulateGradNorms = false;

  constructor(
    readonly shape: ModelShape,
    readonly task: Task,
    readonly B: number,
    readonly T: number,
    alloc: (n: number) => A,
    readonly training = true,
  ) {
    const K = shape.outputs;
    const rows = T * B;
    const grad = (n: number) => (training ? alloc(n) : alloc(0));
    const Hout = outputWidth(shape);
    this.x0 = alloc(rows * shape.features);
    this.y = alloc(B * K);
    this.logits = alloc(B * K);
    this.outputs = alloc(B * K);
    this.dlogits = alloc(B * K);
    this.rowLoss = new Float64Array(B);
    this.hd = alloc(B * Hout);
    this.dhd = grad(B * Hout);
    const inputs = shape.layers.slice(1).map((l) => l.inputSize);
    this.dX = grad(inputs.length > 0 ? rows * Math.max(...inputs) : 0);
    this.dc = grad(B * Math.max(...shape.layers.map((l) => l.units)));
    const widths = shape.layers.flatMap((l, i) => [l.inputSize, outputWidth(shape, i)]);
    this.ones = alloc(B * Math.max(...widths)).fill(1) as A;
    this.layers = shape.layers.map((_, l) => this.allocateLayer(l, alloc, grad));
    this.layout = paramLayout(shape);
    this.gradsFlat = grad(this.layout.size);
    this.grads = training
      ? tensorViews(this.layout, this.gradsFlat, shape)
      : { layers: [], headKernel: alloc(0), headBias: alloc(0) };
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
    for (let l = 0; l < this.layers.length; l++) {
      for (let d = 0; d < this.shape.directions; d++) this.directionForward(w, l, d, afterProjection);
    }
    this.headForward(w);
  }

  /** The batch row the cells' forward copies into each direction's probe buffer (NO_PROBE: none). */
  setProbeRow(row: number): void {
    for (const layer of this.layers) for (const dir of layer.directions) dir.dims.probe_row = row;
  }

  /** [layer][direction] the probe buffers [P, T, H] of the last forward(). */
  probeBuffers(): A[][] {
    return this.layers.map((l) => l.directions.map((d) => d.probe));
  }

  /** [layer][direction] ∂L/∂c_t (LSTM) and ∂L/∂h_t [T·B, H] of the last backward(). */
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
    for (let l = this.layers.length - 1; l >= 0; l--) {
      for (let d = 0; d < this.shape.directions; d++) this.directionBackward(w, l, d);
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
    const layer = this.layers[l];
    const dir = layer.directions[d];
    const { kernel: W, bias } = directionTensors(w.layers[l], d);
    const G = gatesOf(this.shape);
    const rows = this.T * this.B;
    const input = l === 0 ? this.x0 : this.layers[l - 1].h;
    mask_rows(rowsDims(rows, layer.F, this.B), input, dir.xd, this.maskOf(this.masks?.input[l]?.[d]));
    matmul(matmulDims(rows, G * layer.H, layer.F), dir.xd, W, dir.gates, bias);
    afterProjection?.(l, d, dir.gates);
    const mrec = this.maskOf(this.masks?.recurrent[l]?.[d]);
    for (const t of stepOrder(dir.dims, false))
      this.cellForward(directionTensors(w.layers[l], d), layer, dir, t, mrec);
  }

  private cellForward(
    w: DirectionTensors<A>,
    layer: LayerBuffers<A>,
    dir: DirectionBuffers<A>,
    t: number,
    mrec: A,
  ) {
    const { dims, gates, c, hrec, hprev, hcarry, probe } = dir;
    if (this.shape.cell === 'lstm') {
      // h_prev ⊙ m_rec passes from step to step through two buffers, read and written in turn.
      const [read, written] = t % 2 === 0 ? hcarry : [hcarry[1], hcarry[0]];
      lstm_cell_forward(dims, t, gates, w.recurrent, c, mrec, hprev, layer.h, read, written, probe);
    } else if (this.shape.cell === 'gru') {
      gru_cell_forward(dims, t, gates, w.recurrent, hrec, mrec, layer.h, w.recurrentBias as A, hprev, probe);
    } else simple_rnn_cell_forward(dims, t, gates, w.recurrent, mrec, layer.h, hprev, probe);
  }

  /** hd = each direction's last h ⊙ m_out; logits = hd·Wd + bd. */
  private headForward(w: ModelTensors<A>): void {
    const last = this.layers[this.layers.length - 1];
    const Hout = outputWidth(this.shape);
    last_hidden(this.lastDims(), last.h, this.maskOf(this.masks?.output), this.hd);
    matmul(matmulDims(this.B, this.shape.outputs, Hout), this.hd, w.headKernel, this.logits, w.headBias);
  }

  /** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhd = dlogits·Wdᵀ, then ⊙ m_out back to where hd was read. */
  private headBackward(w: ModelTensors<A>): void {
    const { B } = this;
    const K = this.shape.outputs;
    const last = this.layers[this.layers.length - 1];
    const Hout = outputWidth(this.shape);
    matmul(matmulDims(Hout, K, B, true), this.hd, this.dlogits, this.grads.headKernel, null);
    sum_rows(rowsDims(B, K, B), this.dlogits, this.grads.headBias);
    matmul(matmulDims(B, Hout, K, false, true), this.dlogits, w.headKernel, this.dhd, null);
    // Only the head's entries of the last layer's dH are ever written: the rest stays zero.
    last_hidden_backward(this.lastDims(), this.dhd, this.maskOf(this.masks?.output), last.dH);
  }

  /** The cell back over the steps; dW = Xdᵀ·dZ, dU = Hprevᵀ·dZr, db, (drb); dX += (dZ·Wᵀ) ⊙ m_in. */
  private directionBackward(w: ModelTensors<A>, l: number, d: number): void {
    const { B, T } = this;
    const rows = T * B;
    const layer = this.layers[l];
    const dir = layer.directions[d];
    const { F, H } = layer;
    const G = gatesOf(this.shape);
    const wd = directionTensors(w.layers[l], d);
    const g = directionTensors(this.grads.layers[l], d);
    const mrec = this.maskOf(this.masks?.recurrent[l]?.[d]);
    for (const t of stepOrder(dir.dims, true)) this.cellBackward(wd, layer, dir, t, mrec);
    if (this.accumulateGradNorms) {
      const norms = { rows, cols: H };
      if (this.shape.cell === 'lstm') grad_norm_steps(norms, dir.dcSteps, dir.normC);
      grad_norm_steps(norms, dir.dhSteps, dir.normH);
    }
    matmul(matmulDims(F, G * H, rows, true), dir.xd, dir.dz, g.kernel, null);
    // The first step's block of hprev is zero: the kernel sums it, this skips it (the same sum).
    const first = dir.dims.reverse ? { a_off: 0, b_off: 0 } : { a_off: B * H, b_off: B * G * H };
    const dU: MatmulDims = { ...matmulDims(H, G * H, rows - B, true), ...first };
    matmul(dU, dir.hprev, dir.dzr, g.recurrent, null);
    sum_rows(rowsDims(rows, G * H, B), dir.dz, g.bias);
    if (g.recurrentBias) sum_rows(rowsDims(rows, G * H, B), dir.dzr, g.recurrentBias);
    if (l > 0) {
      matmul(matmulDims(rows, F, G * H, false, true), dir.dz, wd.kernel, this.dX, null);
      const into = { ...rowsDims(rows, F, B), accumulate: d };
      mask_rows(into, this.dX, this.layers[l - 1].dH, this.maskOf(this.masks?.input[l]?.[d]));
    }
  }

  private cellBackward(
    w: DirectionTensors<A>,
    layer: LayerBuffers<A>,
    dir: DirectionBuffers<A>,
    t: number,
    mrec: A,
  ) {
    const { dims, gates, c, hrec, dz, dzr, dcSteps, dhSteps } = dir;
    const U = w.recurrent;
    const { dH, h } = layer;
    if (this.shape.cell === 'lstm')
      lstm_cell_backward(dims, t, gates, U, c, mrec, dH, dz, this.dc, dcSteps, dhSteps);
    else if (this.shape.cell === 'gru') {
      gru_cell_backward(dims, t, gates, U, hrec, mrec, h, dH, dz, dzr, this.dc, dhSteps);
    } else simple_rnn_cell_backward(dims, t, gates, U, mrec, dH, dz, dhSteps);
  }

  private allocateLayer(l: number, alloc: (n: number) => A, grad: (n: number) => A): LayerBuffers<A> {
    const { shape, B, T } = this;
    const { inputSize: F, units: H } = shape.layers[l];
    const rows = T * B;
    const G = gatesOf(shape);
    const dirs = shape.directions;
    const only = (cell: ModelShape['cell'], n: number, of = alloc) =>
      shape.cell === cell ? of(n) : alloc(0);
    const directions = Array.from({ length: dirs }, (_, d) => {
      const dz = grad(rows * G * H);
      return {
        dims: {
          batch: B,
          units: H,
          steps: T,
          reverse: d,
          h_stride: dirs * H,
          h_off: d * H,
          probe_row: NO_PROBE,
        },
        xd: alloc(rows * F),
        gates: alloc(rows * G * H),
        c: only('lstm', rows * H),
        hcarry: [only('lstm', B * H), only('lstm', B * H)] as [A, A],
        hrec: only('gru', rows * H),
        hprev: alloc(rows * H),
        dz,
        dzr: shape.cell === 'gru' ? grad(rows * G * H) : dz,
        probe: alloc(probeFloats(shape.cell, T, H)),
        dcSteps: only('lstm', rows * H, grad),
        dhSteps: grad(rows * H),
        normC: only('lstm', rows, grad),
        normH: grad(rows),
      };
    });
    return { F, H, h: alloc(rows * dirs * H), dH: grad(rows * dirs * H), directions };
  }

  private lastDims() {
    const last = this.layers[this.layers.length - 1];
    return { batch: this.B, units: last.H, steps: this.T, directions: this.shape.directions };
  }

  /** A mask, or all ones where there is no dropout (as the kernel's evaluation masks are). */
  private maskOf(mask: A | null | undefined): A {
    return mask ?? this.ones;
  }
}
