import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import { modelShapeOf, type Weights } from '../../model/params';
import {
  type Backend,
  DeviceLostError,
  type Evaluation,
  type Regularization,
  regularizationOf,
} from '../backend';
import { chooseKernels, kernelNames } from './autotune';
import { encodeDispatches, GpuContext, readFloats } from './gpuContext';
import { LossReadback } from './lossReadback';
import { checkMemoryPlan, DEFAULT_MEMORY_BUDGET, planStepBuffers } from './memoryPlan';
import { packWeights, paramLayout, regularizedMask, unpackWeights } from './paramLayout';
import { buildStepGraph, cellShapes, gemmShapes } from './stepGraph';

export interface WebGpuBackendOptions {
  /** For info.label and the autotuner's cache (requestWebGpuDevice returns it). */
  adapterName?: string;
  /** Refuse configs that need more device memory than this (default 1 GiB). */
  memoryBudgetBytes?: number;
  /** Time the kernel variants at start-up (default true); off, the defaults run. */
  autotune?: boolean;
  /** Step losses held on the GPU between readbacks. */
  lossCapacity?: number;
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

/**
 * The WebGPU engine behind the Backend seam. Buffers, pipelines and bind groups are made here once;
 * a training step writes its batch rows and step numbers, then encodes the prepared dispatch list
 * into ONE command buffer and submits it. Nothing in a step waits for the GPU.
 */
export async function createWebGpuBackend(
  config: Config,
  dataset: Dataset,
  weights: Weights,
  device: GPUDevice,
  options: WebGpuBackendOptions = {},
): Promise<Backend> {
  const adapter = options.adapterName ?? 'WebGPU';
  const shape = modelShapeOf(config, dataset.features, dataset.outputs);
  const T = dataset.timesteps;
  const K = dataset.outputs;
  const B = Math.max(1, Math.min(config.batchSize, dataset.train.n));
  const evalRows = B * Math.ceil(Math.max(dataset.train.n, dataset.val.n, 1) / B);
  const layout = paramLayout(shape);
  checkMemoryPlan(
    planStepBuffers(
      shape,
      { trainX: dataset.train.x.length, valX: dataset.val.x.length },
      B,
      T,
      layout.size,
      evalRows,
    ),
    device.limits,
    options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET,
  );

  let lost: string | null = null;
  device.lost.then((info) => {
    lost = info.message || info.reason || 'unknown reason';
  });
  const alive = () => {
    if (lost !== null) throw new DeviceLostError(lost);
  };

  // Autotuning on this config's shapes; each GEMM role and the cell get their fastest variant.
  // The error scope covers the pipelines autotuning compiles too: a shader that fails to compile
  // must fail the set-up, not leave a step that silently does nothing.
  device.pushErrorScope('validation');
  const choice = await chooseKernels(
    device,
    adapter,
    gemmShapes(shape, B, T),
    cellShapes(shape, B, T),
    options.autotune !== false,
  );

  const ctx = new GpuContext(device);
  const readback = new LossReadback(device, options.lossCapacity ?? 1024);
  const graph = buildStepGraph(ctx, config, dataset, shape, layout, B, evalRows, readback.losses, choice);
  const { buffers } = graph;
  device.queue.writeBuffer(buffers.params, 0, packWeights(layout, weights));
  device.queue.writeBuffer(buffers.regularized, 0, regularizedMask(layout, weights));
  graph.setRegularization(regularizationOf(config));
  const error = await device.popErrorScope();
  if (error) {
    ctx.destroy();
    readback.destroy();
    throw new Error(`WebGPU engine set-up failed: ${error.message}`);
  }

  let updates = 0;
  let hasSnapshot = false;
  const kernels = kernelNames(choice);

  const submit = (encode: (enc: GPUCommandEncoder) => void) => {
    const enc = device.createCommandEncoder();
    encode(enc);
    device.queue.submit([enc.finish()]);
  };
  const runPass = (enc: GPUCommandEncoder, dispatches: typeof graph.train) => {
    const pass = enc.beginComputePass();
    encodeDispatches(pass, dispatches);
    pass.end();
  };

  return {
    info: { kind: 'webgpu', label: adapter, kernels, memoryBytes: ctx.memoryBytes + readback.bytes },

    trainStep(rows: Uint32Array, step: number): void {
      alive();
      if (rows.length !== B)
        throw new Error(`trainStep: ${rows.length} rows, but this engine was built for batches of ${B}`);
      device.queue.writeBuffer(buffers.idx, 0, rows as Uint32Array<ArrayBuffer>);
      const slot = readback.nextSlot();
      const t = updates + 1;
      const stepParams = new ArrayBuffer(16);
      new Uint32Array(stepParams, 0, 2).set([step >>> 0, slot]);
      new Float32Array(stepParams, 8, 2).set([1 - ADAM_BETA1 ** t, 1 - ADAM_BETA2 ** t]);
      device.queue.writeBuffer(buffers.stepUniform, 0, stepParams);
      submit((enc) => runPass(enc, graph.train));
      updates++;
    },

    async takeLosses(): Promise<Float32Array> {
      alive();
      return readback.take();
    },

    async evaluate(which: 'train' | 'val'): Promise<Evaluation> {
      alive();
      const split = dataset[which];
      if (split.n === 0) return { loss: Number.NaN, outputs: new Float32Array(0) };
      const idx = new Uint32Array(B);
      for (let start = 0; start < split.n; start += B) {
        // Pad the last chunk with its first row (as the reference does); only n rows are read.
        for (let b = 0; b < B; b++) idx[b] = start + (start + b < split.n ? b : 0);
        device.queue.writeBuffer(buffers.idx, 0, idx);
        submit((enc) => {
          runPass(enc, graph.evaluate[which]);
          enc.copyBufferToBuffer(buffers.outputs, 0, buffers.evalOutputs, start * K * 4, B * K * 4);
          enc.copyBufferToBuffer(buffers.rowLoss, 0, buffers.evalRowLoss, start * 4, B * 4);
        });
      }
      const [outputs, rowLoss] = await Promise.all([
        readFloats(device, buffers.evalOutputs, 0, split.n * K),
        readFloats(device, buffers.evalRowLoss, 0, split.n),
      ]);
      alive();
      let sum = 0;
      for (const l of rowLoss) sum += l;
      return { loss: sum / split.n, outputs };
    },

    setRegularization(r: Regularization): void {
      alive();
      graph.setRegularization(r);
    },

    saveSnapshot(): void {
      alive();
      submit((enc) => enc.copyBufferToBuffer(buffers.params, 0, buffers.snapshot, 0, layout.size * 4));
      hasSnapshot = true;
    },

    restoreSnapshot(): void {
      alive();
      if (!hasSnapshot) return;
      submit((enc) => enc.copyBufferToBuffer(buffers.snapshot, 0, buffers.params, 0, layout.size * 4));
    },

    async readWeights(): Promise<Weights> {
      alive();
      const flat = await readFloats(device, buffers.params, 0, layout.size);
      alive();
      return unpackWeights(layout, flat, shape);
    },

    dispose(): void {
      ctx.destroy();
      readback.destroy();
    },
  };
}
