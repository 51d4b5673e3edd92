import type { Dataset } from '../../data/types';
import type { CellType, Config } from '../../model/config';
import { engineShapeOf, type ModelShape, type Weights } from '../../model/params';
import { regularizationOf, stepBatchSize } from '../contracts/backend';
import { type ParamLayout, packWeights, paramLayout, regularizedMask } from '../contracts/paramLayout';
import type { CellDims } from '../reference/lstmCell';
import { chooseKernels } from './autotune';
import { maxSequenceRows, type SequenceVariant, sequencePersistentFits } from './cellKernels';
import { GpuContext } from './gpuContext';
import { LossReadback } from './lossReadback';
import { checkMemoryPlan, DEFAULT_MEMORY_BUDGET, planStepBuffers } from './memoryPlan';
import { allocateStepBuffers } from './stepBuffers';
import { buildStepGraph, cellShapes, gemmShapes, type KernelChoice, type StepGraph } from './stepGraph';

export interface WebGpuStepOptions {
  /** For info.label and the autotuner's cache (requestWebGpuDevice returns it). */
  adapterName?: string;
  /** Refuse configs that need more device memory than this (default 1 GiB). */
  memoryBudgetBytes?: number;
  /** Time the kernel variants at start-up (default true); off, the defaults run. */
  autotune?: boolean;
  /** Step losses held on the GPU between readbacks. */
  lossCapacity?: number;
  /**
   * Run every layer's cell (any kind) with the sequence-fused kernels of this shape (its rows cut
   * to what the workgroup memory holds), whatever the autotuner would pick: for tests and timing
   * scripts on software adapters, where it never picks them. `persistent`: U staged in workgroup
   * memory in each layer and direction of work where it fits (else read from the storage buffer).
   */
  forceSequence?: SequenceVariant;
}

/** The choice with the sequence-fused kernels for every layer (rows cut to fit its units). */
function withSequence(
  choice: KernelChoice,
  cells: CellDims[],
  sequence: SequenceVariant,
  limits: GPUSupportedLimits,
  cellType: CellType,
): KernelChoice {
  const bytes = limits.maxComputeWorkgroupStorageSize;
  const cell = choice.cell.map((v, l) => {
    const H = cells[l].units;
    const rows = Math.max(1, Math.min(sequence.rows, maxSequenceRows(H, bytes)));
    const fused = (backward: boolean): SequenceVariant =>
      sequence.persistent && sequencePersistentFits(cellType, backward, H, sequence.rows, bytes)
        ? { rows: sequence.rows, threads: sequence.threads, persistent: true }
        : { rows, threads: sequence.threads };
    return { ...v, forwardSequence: fused(false), backwardSequence: fused(true) };
  });
  return { ...choice, cell };
}

/** One config's step on one device, ready to run: what the backend and every timing script use. */
export interface PreparedStep {
  ctx: GpuContext;
  readback: LossReadback;
  shape: ModelShape;
  layout: ParamLayout;
  /** The step's batch: config.batchSize, at most the training rows. */
  batch: number;
  choice: KernelChoice;
  graph: StepGraph;
  destroy(): void;
}

/**
 * The set-up sequence, in one place: plan the memory (refusing what cannot fit, before anything
 * is allocated), choose kernel variants for this adapter and these shapes, allocate the step's
 * buffers, build its dispatch lists, and upload the weights. An error scope around it all turns a
 * shader that fails to compile into a failed set-up, not a step that silently does nothing.
 */
export async function prepareWebGpuStep(
  device: GPUDevice,
  config: Config,
  dataset: Dataset,
  weights: Weights,
  options: WebGpuStepOptions = {},
): Promise<PreparedStep> {
  const shape = engineShapeOf(config, dataset);
  const T = dataset.timesteps;
  const B = stepBatchSize(config, dataset);
  const evalRows = B * Math.ceil(Math.max(dataset.train.n, dataset.val.n, 1) / B);
  const layout = paramLayout(shape);
  const data = { trainX: dataset.train.x.length, valX: dataset.val.x.length };
  const plan = planStepBuffers(shape, data, B, T, layout.size, evalRows);
  checkMemoryPlan(plan, device.limits, options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET);

  device.pushErrorScope('validation');
  const autotune = options.autotune !== false;
  const adapter = options.adapterName ?? 'WebGPU';
  const cells = cellShapes(shape, B, T);
  const tuned = await chooseKernels(device, adapter, gemmShapes(shape, B, T), cells, autotune, shape.cell);
  const choice = options.forceSequence
    ? withSequence(tuned, cells, options.forceSequence, device.limits, shape.cell)
    : tuned;
  const ctx = new GpuContext(device);
  const readback = new LossReadback(device, options.lossCapacity ?? 1024);
  const buffers = allocateStepBuffers(ctx, {
    shape,
    dataset,
    layout,
    seed: config.seed,
    adam: config.optimizer === 'adam',
    batch: B,
    evalRows,
    losses: readback.losses,
  });
  const graph = buildStepGraph({
    ctx,
    config,
    shape,
    task: dataset.task,
    buffers,
    choice,
    paramFloats: layout.size,
  });
  device.queue.writeBuffer(buffers.params, 0, packWeights(layout, weights));
  device.queue.writeBuffer(buffers.regularized, 0, regularizedMask(layout, weights));
  graph.setRegularization(regularizationOf(config));
  const destroy = () => {
    ctx.destroy();
    readback.destroy();
  };
  const error = await device.popErrorScope();
  if (error) {
    destroy();
    throw new Error(`WebGPU engine set-up failed: ${error.message}`);
  }
  return { ctx, readback, shape, layout, batch: B, choice, graph, destroy };
}
