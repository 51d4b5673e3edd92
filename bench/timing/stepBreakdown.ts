import type { Dataset } from '../../src/data/types';
import { kernelNames } from '../../src/engine/webgpu/autotune';
import { timeDispatchGroups } from '../../src/engine/webgpu/kernelTiming';
import { prepareWebGpuStep } from '../../src/engine/webgpu/stepSetup';
import type { Config } from '../../src/model/config';
import type { Weights } from '../../src/model/params';

/**
 * Per-kernel breakdown of one training step, printed as a table: the step the backend runs (the
 * same set-up, prepareWebGpuStep, so the same batch and kernel choice), its dispatches grouped by
 * label and timed (kernelTiming.ts). For stepTiming.ts; the numbers are ms per step, the sum a
 * little above the one-pass step time (each group pays for its own pass).
 */
export async function breakdown(
  device: GPUDevice,
  adapter: string,
  config: Config,
  dataset: Dataset,
  weights: Weights,
): Promise<void> {
  const step = await prepareWebGpuStep(device, config, dataset, weights, {
    adapterName: adapter,
    lossCapacity: 16,
  });
  try {
    const names = kernelNames(step.choice, step.shape.cell);
    for (const want of ['timestamp-query', 'cpu'] as const) {
      const { groups, method } = await timeDispatchGroups(device, step.graph.train, 3, want);
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
    step.destroy();
  }
}
