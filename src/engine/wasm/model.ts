import type { Task } from '../../data/types';
import { gatesOf, type ModelShape, outputWidth } from '../../model/params';
import { type ParamLayout, paramLayout, tensorViews } from '../paramLayout';
import { probeFloats } from '../probe';
import { type LastDims, type RowsDims, rowsDims } from '../reference/batchOps';
import type { LossDims } from '../reference/loss';
import { type CellDims, NO_PROBE } from '../reference/lstmCell';
import { type MatmulDims, matmulDims } from '../reference/matmul';
import type { DropoutMasks } from '../reference/model';
import { type DirectionTensors, directionTensors, type ModelTensors } from '../reference/types';
import type { WasmArena } from './kernelPool';
import type { WasmKernels } from './kernels';

/**
 * The reference model's step (reference/model.ts: stacked LSTM, GRU or SimpleRNN layers, each
 * optionally Bidirectional, and a Dense head) on the WebAssembly kernels: the same buffers,
 * allocated once in the engine's memory, and the same kernel calls in the same order, each the
 * twin of the reference function of its name. Two differences, both in how the work is cut, not in
 * what is computed: the cell runs every step of a direction in one call (lstm_sequence_forward,
 * gru_cell_forward_steps, …: each thread owns batch rows for all t, so the LSTM needs no carry
 * pair), and every buffer is f32 (the reference keeps row losses in f64). Activations are
 * time-major: row t·B + b is sample b at timestep t.
 */

/** One direction of a layer, as reference/model.ts allocates it (less the LSTM's carry pair). */
interface DirectionBuffers {
  dims: CellDims;
  xd: Float32Array; // [T·B, F] input ⊙ m_in
  gates: Float32Array; // [T·B, G·H] Zx = Xd·W + b, then the gates after their activations
  c: Float32Array; // [T·B, H] LSTM cell state (empty otherwise)
  hrec: Float32Array; // [T·B, H] GRU candidate's recurrent term (empty otherwise)
  hprev: Float32Array; // [T·B, H] h_prev ⊙ m_rec (the first step's block zero), the left operand of dU
  dz: Float32Array; // [T·B, G·H] gradient at Zx (empty when built for evaluation)
  dzr: Float32Array; // [T·B, G·H] gradient at the recurrent pre-activations: its own for a GRU, else dz
  probe: Float32Array; // [P, T, H] the probed row's numbers (engine/probe.ts PROBE_QUANTITIES)
  dcSteps: Float32Array; // [T·B, H] ∂L/∂c_t of every step (LSTM, training; empty otherwise)
  dhSteps: Float32Array; // [T·B, H] ∂L/∂h_t of every step (training)
  normC: Float32Array; // [T·B] Σ over steps of ‖∂L/∂c_t‖ per row (grad_norm_steps; LSTM)
  normH: Float32Array; // [T·B] the same for ∂L/∂h_t
}

interface LayerBuffers {
  F: number;
  H: number;
  h: Float32Array; // [T·B, dirs·H] the layer's output, each direction's units side by side
  dH: Float32Array; // [T·B, dirs·H] gradient reaching h from above
  directions: DirectionBuffers[];
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
  private readonly hd: Float32Array; // [B, H_out] each direction's last h ⊙ output mask
  private readonly dhd: Float32Array; // [B, H_out]
  private readonly dX: Float32Array; // [T·B, F_max of layers ≥ 1]
  private readonly dc: Float32Array; // [B, H_max] carried back through time (LSTM's c, GRU's h)
  private readonly ones: Float32Array; // all-ones mask of the widest row
  private masks: DropoutMasks<Float32Array> | null = null;
  /** Whether backward() adds the step's gradient norms into normC / normH (the inside views). */
  accumulateGradNorms = false;

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
    const Hout = outputWidth(shape);
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
    this.hd = f32(B * Hout);
    this.dhd = grad(B * Hout);
    const inputs = shape.layers.slice(1).map((l) => l.inputSize);
    this.dX = grad(inputs.length > 0 ? rows * Math.max(...inputs) : 0);
    this.dc = grad(B * Math.max(...shape.layers.map((l) => l.units)));
    const widths = shape.layers.flatMap((l, i) => [l.inputSize, outputWidth(shape, i)]);
    this.ones = f32(B * Math.max(...widths)).fill(1);
    this.layers = shape.layers.map((_, l) => this.allocateLayer(l, f32, grad));
    this.layout = paramLayout(shape);
    this.gradsFlat = grad(this.layout.size);
    this.grads = training
      ? tensorViews(this.layout, this.gradsFlat, shape)
      : { layers: [], headKernel: f32(0), headBias: f32(0) };
  }

  private get kernels(): WasmKernels {
    if (!this.k) throw new Error('a WasmLstmModel built only to count its bytes has no kernels');
    return this.k;
  }

  /** Forward over all layers, directions and timesteps, then the head: fills logits [B, K]. */
  forward(w: ModelTensors<Float32Array>, masks: DropoutMasks<Float32Array> | null): void {
    this.masks = masks;
    for (let l = 0; l < this.layers.length; l++) {
      for (let d = 0; d < this.shape.directions; d++) this.directionForward(w, l, d);
    }
    this.headForward(w);
  }

  /** The batch row the cells' forward copies into each direction's probe buffer (NO_PROBE: none). */
  setProbeRow(row: number): void {
    for (const layer of this.layers) for (const dir of layer.directions) dir.dims.probe_row = row;
  }

  /** [layer][direction] the probe buffers [P, T, H] of the last forward(). */
  probeBuffers(): Float32Array[][] {
    return this.layers.map((l) => l.directions.map((d) => d.probe));
  }

  /** [layer][direction] ∂L/∂c_t (LSTM) and ∂L/∂h_t [T·B, H] of the last backward(). */
  stepGradients(): { c: Float32Array; h: Float32Array }[][] {
    return this.layers.map((l) => l.directions.map((d) => ({ c: d.dcSteps, h: d.dhSteps })));
  }

  /** [layer][direction] the norm accumulators [T·B] (grad_norm_steps); zero them with fill(0). */
  normAccumulators(): { c: Float32Array; h: Float32Array }[][] {
    return this.layers.map((l) => l.directions.map((d) => ({ c: d.normC, h: d.normH })));
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
    for (let l = this.layers.length - 1; l >= 0; l--) {
      for (let d = 0; d < this.shape.directions; d++) this.directionBackward(w, l, d);
    }
  }

  /** Xd = X ⊙ m_in; Zx = Xd·W + b (one GEMM over all T·B rows); the cell over the direction's steps. */
  private directionForward(w: ModelTensors<Float32Array>, l: number, d: number): void {
    const k = this.kernels;
    const layer = this.layers[l];
    const dir = layer.directions[d];
    const wd = directionTensors(w.layers[l], d);
    const rows = this.T * this.B;
    const input = l === 0 ? this.x0 : this.layers[l - 1].h;
    k.mask_rows(this.rowsDims(rows, layer.F), input, dir.xd, this.maskOf(this.masks?.input[l]?.[d]));
    k.matmul(matmulDims(rows, gatesOf(this.shape) * layer.H, layer.F), dir.xd, wd.kernel, dir.gates, wd.bias);
    const mrec = this.maskOf(this.masks?.recurrent[l]?.[d]);
    const { dims, gates, c, hrec, hprev, probe } = dir;
    const U = wd.recurrent;
    const rb = wd.recurrentBias as Float32Array;
    if (this.shape.cell === 'lstm') k.lstm_sequence_forward(dims, gates, U, c, mrec, hprev, layer.h, probe);
    else if (this.shape.cell === 'gru')
      k.gru_cell_forward_steps(dims, gates, U, hrec, mrec, layer.h, rb, hprev, probe);
    else k.simple_rnn_cell_forward_steps(dims, gates, U, mrec, layer.h, hprev, probe);
  }

  /** hd = each direction's last h ⊙ m_out; logits = hd·Wd + bd. */
  private headForward(w: ModelTensors<Float32Array>): void {
    const last = this.layers[this.layers.length - 1];
    this.kernels.last_hidden(this.lastDims(), last.h, this.maskOf(this.masks?.output), this.hd);
    const dims = matmulDims(this.B, this.shape.outputs, outputWidth(this.shape));
    this.kernels.matmul(dims, this.hd, w.headKernel, this.logits, w.headBias);
  }

  /** dWd = hdᵀ·dlogits, dbd = Σ dlogits, dhd = dlogits·Wdᵀ, then ⊙ m_out back to where hd was read. */
  private headBackward(w: ModelTensors<Float32Array>): void {
    const k = this.kernels;
    const { B } = this;
    const K = this.shape.outputs;
    const Hout = outputWidth(this.shape);
    const last = this.layers[this.layers.length - 1];
    k.matmul(matmulDims(Hout, K, B, true), this.hd, this.dlogits, this.grads.headKernel, null);
    k.sum_rows(this.rowsDims(B, K), this.dlogits, this.grads.headBias);
    k.matmul(matmulDims(B, Hout, K, false, true), this.dlogits, w.headKernel, this.dhd, null);
    // Only the head's entries of the last layer's dH are ever written: the rest stays zero.
    k.last_hidden_backward(this.lastDims(), this.dhd, this.maskOf(this.masks?.output), last.dH);
  }

  /** The cell back over the steps; dW = Xdᵀ·dZ, dU = Hprevᵀ·dZr, db, (drb); dX (+)= (dZ·Wᵀ) ⊙ m_in. */
  private directionBackward(w: ModelTensors<Float32Array>, l: number, d: number): void {
    const k = this.kernels;
    const { B, T } = this;
    const rows = T * B;
    const layer = this.layers[l];
    const dir = layer.directions[d];
    const { F, H } = layer;
    const G = gatesOf(this.shape);
    const wd = directionTensors(w.layers[l], d);
    const g = directionTensors(this.grads.layers[l], d);
    this.cellBackward(wd, layer, dir, this.maskOf(this.masks?.recurrent[l]?.[d]));
    if (this.accumulateGradNorms) {
      const norms = { rows, cols: H };
      if (this.shape.cell === 'lstm') k.grad_norm_steps(norms, dir.dcSteps, dir.normC);
      k.grad_norm_steps(norms, dir.dhSteps, dir.normH);
    }
    k.matmul(matmulDims(F, G * H, rows, true), dir.xd, dir.dz, g.kernel, null);
    // The first step's block of hprev is zero: skipped, as the reference skips it (the same sum).
    const first = dir.dims.reverse ? { a_off: 0, b_off: 0 } : { a_off: B * H, b_off: B * G * H };
    const dU: MatmulDims = { ...matmulDims(H, G * H, rows - B, true), ...first };
    k.matmul(dU, dir.hprev, dir.dzr, g.recurrent, null);
    k.sum_rows(this.rowsDims(rows, G * H), dir.dz, g.bias);
    if (g.recurrentBias) k.sum_rows(this.rowsDims(rows, G * H), dir.dzr, g.recurrentBias);
    if (l > 0) {
      k.matmul(matmulDims(rows, F, G * H, false, true), dir.dz, wd.kernel, this.dX, null);
      const into = { ...this.rowsDims(rows, F), accumulate: d };
      k.mask_rows(into, this.dX, this.layers[l - 1].dH, this.maskOf(this.masks?.input[l]?.[d]));
    }
  }

  private cellBackward(
    w: DirectionTensors<Float32Array>,
    layer: LayerBuffers,
    dir: DirectionBuffers,
    mrec: Float32Array,
  ): void {
    const k = this.kernels;
    const { dims, gates, c, hrec, dz, dzr, dcSteps, dhSteps } = dir;
    const U = w.recurrent;
    const { dH, h } = layer;
    if (this.shape.cell === 'lstm')
      k.lstm_sequence_backward(dims, gates, U, c, mrec, dH, dz, this.dc, dcSteps, dhSteps);
    else if (this.shape.cell === 'gru')
      k.gru_cell_backward_steps(dims, gates, U, hrec, mrec, h, dH, dz, dzr, this.dc, dhSteps);
    else k.simple_rnn_cell_backward_steps(dims, gates, U, mrec, dH, dz, dhSteps);
  }

  private allocateLayer(
    l: number,
    f32: (n: number) => Float32Array,
    grad: (n: number) => Float32Array,
  ): LayerBuffers {
    const { shape, B, T } = this;
    const { inputSize: F, units: H } = shape.layers[l];
    const rows = T * B;
    const G = gatesOf(shape);
    const dirs = shape.directions;
    const only = (cell: ModelShape['cell'], n: number, alloc = f32) => alloc(shape.cell === cell ? n : 0);
    const directions = Array.from({ length: dirs }, (_, d): DirectionBuffers => {
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
        xd: f32(rows * F),
        gates: f32(rows * G * H),
        c: only('lstm', rows * H),
        hrec: only('gru', rows * H),
        hprev: f32(rows * H),
        dz,
        dzr: shape.cell === 'gru' ? grad(rows * G * H) : dz,
        probe: f32(probeFloats(shape.cell, T, H)),
        dcSteps: only('lstm', rows * H, grad),
        dhSteps: grad(rows * H),
        normC: only('lstm', rows, grad),
        normH: grad(rows),
      };
    });
    return { F, H, h: f32(rows * dirs * H), dH: grad(rows * dirs * H), directions };
  }

  private lastDims(): LastDims {
    const last = this.layers[this.layers.length - 1];
    return { batch: this.B, units: last.H, steps: this.T, directions: this.shape.directions };
  }

  private rowsDims(rows: number, cols: number): RowsDims {
    return rowsDims(rows, cols, this.B);
  }

  private maskOf(mask: Float32Array | null | undefined): Float32Array {
    return mask ?? this.ones;
  }
}
