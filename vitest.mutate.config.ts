import { defineConfig } from 'vitest/config';
import base from './vite.config';

/**
 * The unit tests Stryker runs against each mutant (`npm run mutate`): the fast ones beside the
 * mutated modules. Left out, because one run of them takes seconds to minutes and a mutant run
 * repeats them hundreds of times: the PyTorch-read exports (pytorchFiles, gruModelJson: python
 * with torch, 38 s and 2 s), the pbjs regeneration of the ONNX encoder, and everything on the
 * WebGPU, WebAssembly and float64 oracle engines, the soak, the CLI and the stories' claims.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'src/model/**/*.test.ts',
      'src/data/**/*.test.ts',
      'src/view/**/*.test.ts',
      'src/link/**/*.test.ts',
      'src/state/**/*.test.ts',
      'src/export/*.test.ts',
      'src/engine/training/trainer.test.ts',
      'src/engine/training/trainerRules.test.ts',
      'src/engine/training/metrics.test.ts',
      'src/engine/training/stepCost.test.ts',
    ],
    exclude: ['src/export/pytorchFiles.test.ts', 'src/export/gruModelJson.test.ts'],
  },
});
