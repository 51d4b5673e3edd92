import type { Dataset } from '../../data/types';
import type { Config } from '../../model/config';
import type { ModelShape, Weights } from '../../model/params';
import { regularizationOf } from '../backend';
import { chooseKernels, kernelNames } from '../webgpu/autotune';
import { GpuContext } from '../webgpu/gpuContext';
import { timeDispatchGroups } from '../webgpu/kernelTiming';
import { LossReadback } from '../webgpu/lossReadback';
import { packWeights, paramLayout, regularizedMask } from '../webgpu/paramLayout';
import { buildStepGraph, cellShapes, gemmShapes } from '../webgpu/stepGraph';

/**
 * Per-kernel breakdown of one training step, printed as a table: the step graph the backend
 * builds (same kernel choice), its dispatches grouped by label and timed (kernelTiming.ts).
 * For stepTiming.ts; the numbers are ms per step, the sum a little above the one-pass step time
 * (each group pays for its own pass).
 */
export async function breakdown(
  device: GPUDevice,
  adapter: string,
  config: Config,
  dataset: Dataset,
  shape: ModelShape,
  weights: Weights,
): Promise<void> {
  const B = config.batchSize;
  const T = dataset.timesteps;
  const layout = paramLayout(shape);
  const choice = await chooseKernels(device, adapter, gemmShapes(shape, B, T), cellShapes(shape, B, T), true);
  const ctx = new GpuContext(device);
  const readback = new LossReadback(device, 16);
  try {
    const graph = buildStepGraph(ctx, config, dataset, shape, layout, B, B, readback.losses, choice);
    device.queue.writeBuffer(graph.buffers.params, 0, packWeights(layout, weights));
    device.queue.writeBuffer(graph.buffers.regularized, 0, regularizedMask(layout, weights));
    graph.setRegularization(regularizationOf(config));
    const names = kernelNames(choice);
    for (const want of ['timestamp-query', 'cpu'] as const) {
      const { groups, method } = await timeDispatchGroups(device, graph.train, 3, want);
      const total = groups.reduce((s, g) => s + g.ms, 0);
      console.log(`breakdown (${method} ms, median of 3), total ${total.toFixed(1)} ms:`);
      for (const g of groups) {
        const per = g.dispatches > 1 ? ` (${((g.ms / g.dispatches) * 1000).toFixed(0)} µs each)` : '';
        const variant = names[g.label] ? ` [${names[g.label]}]` : '';
        console.log(
          `  ${g.label.padEnd(24)} ${g.ms.toFixed(2).padStart(8)} ms ${((100 * g.ms) / total).toFixed(0).padStart(3)}%` +
            `  ×${g.dispatches}${per}${variant}`,
        );
      }
    }
  } finally {
    ctx.destroy();
    readback.destroy();
  }
}
