import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_TORCH, pythonWith, runPython } from '../../test/support/export/python';
import {
  ATTENTION_CASES,
  EXPORT_CASES,
  isGruCase,
  maxAbsDiff,
  trainedModel,
} from '../../test/support/export/trainedModel';
import { exportFiles } from './exportFiles';

/**
 * TF.js 4.22 cannot load a GRU with reset_after=true, which is the GRU our engine trains and what
 * Keras saves. So the GRU's model.json is read here by test/support/export/kerasGruInTorch.py, written from
 * Keras's documented layout (gate blocks z, r, h; bias [2, 3H]: input row, recurrent row), not
 * from our writer, into torch.nn.GRU; its predictions must be our engine's within 1e-5, as TF.js's
 * are for the other cells. Measured 3.7e-8 and 2.2e-8 for the two GRU cases (bound 1e-5, ~270×);
 * with the writer's two bias rows swapped 2.1e-3 and 3.0e-3, with its z and r blocks swapped
 * 0.07 and 0.09. Keras itself agrees where TensorFlow is at hand (kerasScript.test.ts). The GRU
 * attention model (a functional model.json: Dense, Reshape, Softmax, Dot, which TF.js cannot load
 * for its GRU either): measured 6.0e-8; with W written transposed, 0.027.
 */
const TOLERANCE = 1e-5;
const READER = resolve(__dirname, '../../test/support/export/kerasGruInTorch.py');

const torchPython = pythonWith('torch, numpy');
if (!torchPython) console.warn(`SKIPPED: ${NO_TORCH}`);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the GRU's model.json, read by Keras's layout into PyTorch", () => {
  it.for(
    [...Object.entries(EXPORT_CASES), ...Object.entries(ATTENTION_CASES)].filter(([, query]) =>
      isGruCase(query),
    ),
  )('%s: predicts what our engine does', async ([, query], ctx) => {
    if (!torchPython) return ctx.skip(NO_TORCH);
    const trained = await trainedModel(query);
    const dir = mkdtempSync(join(tmpdir(), 'gru-model-json-'));
    dirs.push(dir);
    // The Keras export: model.json + weights.bin (the TF.js files) and data.npz.
    for (const file of exportFiles({ ...trained, epochsTrained: 2 }, ['keras'])) {
      writeFileSync(join(dir, file.name), file.bytes);
    }
    const run = runPython(torchPython, [READER, dir], dir);
    expect(run.code, run.stderr).toBe(0);
    const predicted = JSON.parse(run.stdout) as number[];
    const worst = maxAbsDiff(predicted, trained.valOutputs);
    expect(worst, `max |torch(model.json) − ours| = ${worst}`).toBeLessThan(TOLERANCE);
  });
});
