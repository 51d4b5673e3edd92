import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import type { Weights } from '../../model/params';
import {
  type Backend,
  type BackendInfo,
  DeviceLostError,
  type Evaluation,
  type ProbeInput,
  type Regularization,
} from '../contracts/backend';
import { cellSpec } from '../contracts/cells';
import { fillChunkRows } from '../contracts/evaluationChunks';
import { adamCorrections } from '../contracts/optimizerConstants';
import { unpackWeights } from '../contracts/paramLayout';
import {
  type AttentionProbe,
  checkProbeInput,
  checkProbeWindow,
  type GradNorms,
  meanNorms,
  type ProbeActivations,
  probeActivations,
  probeFloats,
  type TranslationProbe,
} from '../contracts/probe';
import { kernelNames } from './autotune';
import { type Dispatch, encodeDispatches, readBuffers, readFloats } from './gpuContext';
import { packStepParams } from './kernels';
import { type PreparedStep, prepareWebGpuStep, type WebGpuStepOptions } from './stepSetup';

export type WebGpuBackendOptions = WebGpuStepOptions;

/**
 * The WebGPU engine behind the Backend seam. Everything is made once by prepareWebGpuStep; a
 * training step writes its batch rows and step numbers, then encodes the prepared dispatch list
 * into ONE command buffer and submits it. Nothing in a step waits for the GPU.
 */
export async function createWebGpuBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  device: GPUDevice,
  options: WebGpuBackendOptions = {},
): Promise<Backend> {
  // Listen before anything else, so a device lost during set-up is seen too.
  const lost = watchDeviceLoss(device);
  const step = await prepareWebGpuStep(device, config, dataset, weights, options);
  return new WebGpuBackend(device, dataset, step, options.adapterName ?? 'WebGPU', lost);
}

/** The reason once the device is lost, null before. */
function watchDeviceLoss(device: GPUDevice): () => string | null {
  let reason: string | null = null;
  device.lost.then((info) => {
    reason = info.message || info.reason || 'unknown reason';
  });
  return () => reason;
}

/** How long a failed readback waits for device.lost before it counts as an error of its own. */
const LOST_GRACE_MS = 2000;

class WebGpuBackend implements Backend {
  readonly info: BackendInfo;
  private updates = 0;
  private hasSnapshot = false;
  /** The inside views: the probed validation window, and training steps whose norms are summed. */
  private probeWindow: number | null = null;
  private normSteps = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly dataset: Dataset,
    private readonly step: PreparedStep,
    adapter: string,
    private readonly lostReason: () => string | null,
  ) {
    const memoryBytes = step.ctx.memoryBytes + step.readback.bytes;
    this.info = {
      kind: 'webgpu',
      label: adapter,
      kernels: kernelNames(step.choice, step.shape.cell),
      memoryBytes,
      dispatchesPerStep: step.graph.train.length,
    };
  }

  trainStep(rows: Uint32Array, step: number): void {
    this.alive();
    const { batch, graph, readback } = this.step;
    if (rows.length !== batch) {
      throw new Error(`trainStep: ${rows.length} rows, but this engine was built for batches of ${batch}`);
    }
    const queue = this.device.queue;
    queue.writeBuffer(graph.buffers.idx, 0, rows as Uint32Array<ArrayBuffer>);
    const { c1, c2 } = adamCorrections(this.updates);
    queue.writeBuffer(graph.buffers.stepUniform, 0, packStepParams(step, readback.nextSlot(), c1, c2));
    const probing = this.probeWindow !== null;
    this.submit((enc) => runPass(enc, probing ? graph.trainWithNorms : graph.train));
    this.updates++;
    if (probing) this.normSteps++;
  }

  async takeLosses(): Promise<Float32Array> {
    this.alive();
    return this.mapped(this.step.readback.take());
  }

  /**
   * The split in chunks of the step's batch; each chunk's outputs and row losses collected on the
   * GPU. An encoder–decoder's loss is teacher-forced, as in training (each window's the mean over
   * its output steps); its outputs are greedy decoding's, each chunk's T_out·B rows time-major
   * there, sample-major here (cpu/backend.ts evaluate).
   */
  async evaluate(which: 'train' | 'val'): Promise<Evaluation> {
    this.alive();
    const split = this.dataset[which];
    if (split.n === 0) return { loss: Number.NaN, outputs: new Float32Array(0) };
    const { batch: B, graph } = this.step;
    const b = graph.buffers;
    const K = this.dataset.outputs; // T_out·V with a decoder
    const S = this.step.shape.decoder?.steps ?? 1;
    const idx = new Uint32Array(B);
    // The probed window sits in row window mod B of its chunk (setProbe put that row in the cells' dims).
    const window = which === 'val' ? this.probeWindow : null;
    const chunks = Math.ceil(split.n / B);
    for (let start = 0; start < split.n; start += B) {
      fillChunkRows(idx, start, split.n);
      this.device.queue.writeBuffer(b.idx, 0, idx);
      this.submit((enc) => {
        runPass(enc, graph.evaluate[which]);
        enc.copyBufferToBuffer(b.head.rowLoss, 0, b.evalRowLoss, start * S * 4, S * B * 4);
        this.decodeGreedy(enc);
        enc.copyBufferToBuffer(b.head.outputs, 0, b.evalOutputs, start * K * 4, B * K * 4);
        if (window !== null && window >= start && window < start + B) this.copyProbe(enc);
      });
    }
    const [outputs, rowLoss, probe] = await this.mapped(
      Promise.all([
        readFloats(this.device, b.evalOutputs, 0, (S > 1 ? chunks * B : split.n) * K),
        readFloats(this.device, b.evalRowLoss, 0, (S > 1 ? chunks * B : split.n) * S),
        window !== null ? this.readProbe(window % B) : undefined,
      ]),
    );
    this.alive();
    if (S > 1)
      return { ...sequenceEvaluation(outputs, rowLoss, split.n, B, S, K), ...(probe ? { probe } : {}) };
    let sum = 0;
    for (const l of rowLoss) sum += l;
    return { loss: sum / split.n, outputs, ...(probe ? { probe } : {}) };
  }

  /** An encoder–decoder's greedy decoding after an evaluation's forward (stepGraph.ts greedy); else nothing. */
  private decodeGreedy(enc: GPUCommandEncoder): void {
    const { graph } = this.step;
    const dec = graph.buffers.decoder;
    if (!dec) return;
    enc.clearBuffer(dec.pred);
    runPass(enc, graph.greedy);
  }

  setProbe(window: number | null): void {
    this.alive();
    checkProbeWindow(window, this.dataset.val.n);
    const turnedOn = window !== null && this.probeWindow === null;
    this.probeWindow = window;
    if (window !== null) this.step.graph.setProbeRow(window % this.step.batch);
    if (!turnedOn) return;
    // The sums restart: what an earlier time on left there is not this epoch's.
    this.submit((enc) => {
      for (const part of this.normParts()) enc.clearBuffer(part.buffer, 0, part.floats * 4);
    });
    this.normSteps = 0;
  }

  async takeGradNorms(): Promise<GradNorms | null> {
    this.alive();
    if (this.probeWindow === null) return null;
    const steps = this.normSteps;
    this.normSteps = 0;
    const parts = this.normParts();
    const sums = await this.mapped(readBuffers(this.device, parts, true));
    this.alive();
    const sumOf = new Map(parts.map((p, i) => [p.buffer, sums[i]]));
    const B = this.step.batch;
    const each = (which: 'normC' | 'normH') =>
      this.step.graph.buffers.layers.map((layer) =>
        layer.directions.map((dir) => meanNorms(sumOf.get(dir[which] as GPUBuffer)!, B, steps)),
      );
    return { steps, c: cellSpec(this.step.shape.cell).cellState ? each('normC') : null, h: each('normH') };
  }

  async probe(input: ProbeInput): Promise<ProbeActivations> {
    this.alive();
    const { batch: B, graph } = this.step;
    const b = graph.buffers;
    const { timesteps: T, features: F } = this.dataset;
    if ('window' in input) {
      checkProbeWindow(input.window, this.dataset.val.n);
      // Every row the window: whichever row the cells probe holds it.
      this.device.queue.writeBuffer(b.idx, 0, new Uint32Array(B).fill(input.window));
      this.submit((enc) => {
        runPass(enc, graph.evaluate.val);
        this.decodeGreedy(enc);
        this.copyProbe(enc);
      });
    } else {
      checkProbeInput(input.x, T, F);
      // x [T, F] into every row of the time-major x0 [T·B, F].
      const x0 = new Float32Array(T * B * F);
      for (let t = 0; t < T; t++)
        for (let r = 0; r < B; r++) x0.set(input.x.subarray(t * F, (t + 1) * F), (t * B + r) * F);
      this.device.queue.writeBuffer(b.x0, 0, x0);
      this.submit((enc) => {
        runPass(enc, graph.forwardInput);
        this.decodeGreedy(enc);
        this.copyProbe(enc);
      });
    }
    // Every row holds the probed input: row 0's attention is its.
    const probe = await this.mapped(this.readProbe(0));
    this.alive();
    return probe;
  }

  /** Every direction's probe buffer, and the head's weights, into probeOut (after the forward that wrote them). */
  private copyProbe(enc: GPUCommandEncoder): void {
    const b = this.step.graph.buffers;
    const at = b.probeOutLayout;
    const { cell } = this.step.shape;
    const T = this.dataset.timesteps;
    b.layers.forEach((layer, l) => {
      // The exact floats (a buffer's size is rounded up to 16 bytes).
      const bytes = probeFloats(cell, T, layer.H) * 4;
      layer.directions.forEach((dir, d) => {
        enc.copyBufferToBuffer(dir.probe, 0, b.probeOut, at.directions[l][d] * 4, bytes);
      });
    });
    const K = this.step.shape.outputs; // the head's: V symbols with a decoder
    const kernelFloats = at.headBias - at.headKernel;
    enc.copyBufferToBuffer(b.params, b.head.w.kernel * 4, b.probeOut, at.headKernel * 4, kernelFloats * 4);
    enc.copyBufferToBuffer(b.params, b.head.w.bias * 4, b.probeOut, at.headBias * 4, K * 4);
    if (b.attention && at.attention) {
      const bytes = T * this.step.batch * 4;
      enc.copyBufferToBuffer(b.attention.scores, 0, b.probeOut, at.attention.scores * 4, bytes);
      enc.copyBufferToBuffer(b.attention.alpha, 0, b.probeOut, at.attention.alpha * 4, bytes);
    }
    if (b.decoder && at.translation) {
      // Every row's alignment and outputs: the probed row's are picked on the CPU.
      const { out_steps: S, steps: T, vocab: V } = b.decoder.dims;
      const rows = S * this.step.batch;
      enc.copyBufferToBuffer(b.decoder.alpha, 0, b.probeOut, at.translation.alpha * 4, rows * T * 4);
      enc.copyBufferToBuffer(b.head.outputs, 0, b.probeOut, at.translation.outputs * 4, rows * V * 4);
    }
  }

  /** The probe copyProbe kept; `row`: the batch row that held the probed window (for the attention). */
  private async readProbe(row: number): Promise<ProbeActivations> {
    const { shape, graph } = this.step;
    const at = graph.buffers.probeOutLayout;
    const flat = await readFloats(this.device, graph.buffers.probeOut, 0, at.floats);
    const T = this.dataset.timesteps;
    const buffers = graph.buffers.layers.map((layer, l) =>
      layer.directions.map((_, d) => {
        const from = at.directions[l][d];
        return flat.subarray(from, from + probeFloats(shape.cell, T, layer.H));
      }),
    );
    const headKernel = flat.subarray(at.headKernel, at.headBias);
    const headBias = flat.subarray(at.headBias, at.headBias + shape.outputs);
    const attention = this.attentionProbe(flat, row);
    const translation = this.translationProbe(flat, row);
    const { task } = this.dataset;
    return probeActivations(shape, task, T, buffers, headKernel, headBias, attention, translation);
  }

  /** The probed row's alignment [T_out, T_in] and outputs [T_out, V] (cpu/model.ts translationProbe). */
  private translationProbe(flat: Float32Array, row: number): TranslationProbe | null {
    const { batch: B, graph } = this.step;
    const dec = graph.buffers.decoder;
    const at = graph.buffers.probeOutLayout.translation;
    if (!dec || !at) return null;
    const { out_steps: S, steps: T, vocab: V } = dec.dims;
    const alpha = new Float32Array(S * T);
    const outputs = new Float32Array(S * V);
    for (let i = 0; i < S; i++) {
      const r = i * B + row;
      alpha.set(flat.subarray(at.alpha + r * T, at.alpha + (r + 1) * T), i * T);
      outputs.set(flat.subarray(at.outputs + r * V, at.outputs + (r + 1) * V), i * V);
    }
    return { outSteps: S, inSteps: T, alpha, outputs };
  }

  /** The probed row's scores and weights [T] out of the kept [T·B] (cpu/model.ts attentionProbe). */
  private attentionProbe(flat: Float32Array, row: number): AttentionProbe | null {
    const { shape, batch: B, graph } = this.step;
    const at = graph.buffers.probeOutLayout.attention;
    if (!shape.attention || !at) return null;
    const T = this.dataset.timesteps;
    const pick = (from: number) => Float32Array.from({ length: T }, (_, t) => flat[from + t * B + row]);
    return { score: shape.attention.score, scores: pick(at.scores), alpha: pick(at.alpha) };
  }

  /** The norm sums [T·B] of every direction, ∂L/∂c_t's (LSTM) before ∂L/∂h_t's. */
  private normParts(): { buffer: GPUBuffer; floats: number }[] {
    const rows = this.dataset.timesteps * this.step.batch;
    return this.step.graph.buffers.layers.flatMap((layer) =>
      layer.directions.flatMap((dir) =>
        [dir.normC, dir.normH].flatMap((buffer) => (buffer ? [{ buffer, floats: rows }] : [])),
      ),
    );
  }

  setRegularization(r: Regularization): void {
    this.alive();
    this.step.graph.setRegularization(r);
  }

  saveSnapshot(): void {
    this.alive();
    const { buffers } = this.step.graph;
    this.submit((enc) =>
      enc.copyBufferToBuffer(buffers.params, 0, buffers.snapshot, 0, this.step.layout.size * 4),
    );
    this.hasSnapshot = true;
  }

  restoreSnapshot(): void {
    this.alive();
    if (!this.hasSnapshot) return;
    const { buffers } = this.step.graph;
    this.submit((enc) =>
      enc.copyBufferToBuffer(buffers.snapshot, 0, buffers.params, 0, this.step.layout.size * 4),
    );
  }

  async readWeights(): Promise<Weights> {
    this.alive();
    const { layout, shape, graph } = this.step;
    const flat = await this.mapped(readFloats(this.device, graph.buffers.params, 0, layout.size));
    this.alive();
    return unpackWeights(layout, flat, shape);
  }

  dispose(): void {
    this.step.destroy();
  }

  private alive(): void {
    const reason = this.lostReason();
    if (reason !== null) throw new DeviceLostError(reason);
  }

  /**
   * A readback whose map failed because the device went away is a DeviceLostError, as any call on
   * a lost device: destroy() (or a real loss) unmaps the staging buffers first, so the pending
   * mapAsync rejects (AbortError, "unmapped before mapping was resolved") before device.lost
   * resolves, and the trainer would fail the run instead of going on on the CPU. So a failed map
   * waits for device.lost, up to LOST_GRACE_MS; a map that failed on a live device rethrows as it came.
   */
  private async mapped<T>(read: Promise<T>): Promise<T> {
    try {
      return await read;
    } catch (error) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), LOST_GRACE_MS);
      });
      const lost = await Promise.race([this.device.lost, grace]);
      clearTimeout(timer);
      if (lost === null) throw error;
      throw new DeviceLostError(this.lostReason() ?? (lost.message || lost.reason || 'unknown reason'));
    }
  }

  private submit(encode: (enc: GPUCommandEncoder) => void): void {
    const enc = this.device.createCommandEncoder();
    encode(enc);
    this.device.queue.submit([enc.finish()]);
  }
}

/**
 * An encoder–decoder's evaluation from what the chunks left (cpu/backend.ts's sums): outputs
 * [n, T_out·V] sample-major out of each chunk's time-major [T_out·B, V], and the loss, the mean
 * over the windows of each window's mean over its output steps.
 */
function sequenceEvaluation(
  chunkOutputs: Float32Array,
  rowLoss: Float32Array,
  n: number,
  B: number,
  S: number,
  K: number, // T_out·V
): Evaluation {
  const V = K / S;
  const outputs = new Float32Array(n * K);
  let sum = 0;
  for (let w = 0; w < n; w++) {
    const start = w - (w % B);
    const b = w % B;
    let window = 0;
    for (let i = 0; i < S; i++) {
      const from = start * K + (i * B + b) * V;
      outputs.set(chunkOutputs.subarray(from, from + V), w * K + i * V);
      window += rowLoss[start * S + i * B + b];
    }
    sum += window / S;
  }
  return { loss: sum / n, outputs };
}

function runPass(enc: GPUCommandEncoder, dispatches: Dispatch[]): void {
  const pass = enc.beginComputePass();
  encodeDispatches(pass, dispatches);
  pass.end();
}
