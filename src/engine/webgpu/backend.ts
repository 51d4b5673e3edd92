import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import type { Weights } from '../../model/params';
import {
  type Backend,
  type BackendInfo,
  DeviceLostError,
  type Evaluation,
  type Regularization,
} from '../backend';
import { fillChunkRows } from '../evaluationChunks';
import { adamCorrections } from '../optimizerConstants';
import { unpackWeights } from '../paramLayout';
import { kernelNames } from './autotune';
import { type Dispatch, encodeDispatches, readFloats } from './gpuContext';
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

class WebGpuBackend implements Backend {
  readonly info: BackendInfo;
  private updates = 0;
  private hasSnapshot = false;

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
    this.submit((enc) => runPass(enc, graph.train));
    this.updates++;
  }

  async takeLosses(): Promise<Float32Array> {
    this.alive();
    return this.step.readback.take();
  }

  /** The split in chunks of the step's batch; each chunk's outputs and row losses collected on the GPU. */
  async evaluate(which: 'train' | 'val'): Promise<Evaluation> {
    this.alive();
    const split = this.dataset[which];
    if (split.n === 0) return { loss: Number.NaN, outputs: new Float32Array(0) };
    const { batch: B, graph } = this.step;
    const b = graph.buffers;
    const K = this.dataset.outputs;
    const idx = new Uint32Array(B);
    for (let start = 0; start < split.n; start += B) {
      fillChunkRows(idx, start, split.n);
      this.device.queue.writeBuffer(b.idx, 0, idx);
      this.submit((enc) => {
        runPass(enc, graph.evaluate[which]);
        enc.copyBufferToBuffer(b.head.outputs, 0, b.evalOutputs, start * K * 4, B * K * 4);
        enc.copyBufferToBuffer(b.head.rowLoss, 0, b.evalRowLoss, start * 4, B * 4);
      });
    }
    const [outputs, rowLoss] = await Promise.all([
      readFloats(this.device, b.evalOutputs, 0, split.n * K),
      readFloats(this.device, b.evalRowLoss, 0, split.n),
    ]);
    this.alive();
    let sum = 0;
    for (const l of rowLoss) sum += l;
    return { loss: sum / split.n, outputs };
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
    const flat = await readFloats(this.device, graph.buffers.params, 0, layout.size);
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

  private submit(encode: (enc: GPUCommandEncoder) => void): void {
    const enc = this.device.createCommandEncoder();
    encode(enc);
    this.device.queue.submit([enc.finish()]);
  }
}

function runPass(enc: GPUCommandEncoder, dispatches: Dispatch[]): void {
  const pass = enc.beginComputePass();
  encodeDispatches(pass, dispatches);
  pass.end();
}
