/**
 * Headless runner: the same Config, Dataset and Trainer as the app, in Node.
 *   npm run train -- [--preset NAME] [--url QUERY_OR_LINK] [--backend cpu|wasm|ref|webgpu] [--epochs N] [--json]
 *                    [--export DIR] [--probe N]
 * --backend cpu (the default) is the best CPU engine: WebAssembly SIMD on every core, or the
 * reference engine where that cannot run (said on stderr); wasm insists on WebAssembly; ref is the
 * reference engine, the oracle.
 * Bad input exits with code 2 and one line on stderr. --export writes every model format (TF.js,
 * ONNX, PyTorch, Keras) for the weights the run ends with, and its history (CSV) and loss chart (SVG).
 * --probe N (with --json) adds validation window N's insides to the final line (probeJson.ts).
 */
import { readNodeDataFile } from '../data/nodeFiles';
import type { Dataset } from '../data/types';
import type { Backend } from '../engine/contracts/backend';
import { openCpuBackend } from '../engine/host/openBackend';
import { prepareRun } from '../engine/host/session';
import { createReferenceBackend } from '../engine/reference/backend';
import type { EpochReport, RunSummary } from '../engine/training/report';
import { Trainer } from '../engine/training/trainer';
import { createWasmBackend } from '../engine/wasm/backend';
import { nodeWasmPlatform } from '../engine/wasm/nodePlatform';
import { leftOutFormats } from '../export/exportFiles';
import { decode } from '../link/urlCodec';
import type { Config } from '../model/config';
import { isPresetName, PRESET_NAMES, PRESETS } from '../model/presets';
import { type CliArgs, CliError, parseCliArgs } from './args';
import { prepareExportDir, writeExport } from './exportDir';
import { formatEpoch, formatSummary } from './format';
import { probeInput, probeJson } from './probeJson';

function resolveConfig(args: CliArgs): Config {
  let base = PRESETS.overfit.config;
  if (args.preset !== undefined) {
    if (!isPresetName(args.preset)) {
      throw new CliError(`unknown preset '${args.preset}' (known: ${PRESET_NAMES.join(', ')})`);
    }
    base = PRESETS[args.preset].config;
  }
  if (args.url === undefined) return base;
  const { config, extras, problems } = decode(args.url, base);
  if (problems.length > 0) throw new CliError(`bad --url: ${problems.map((p) => p.message).join('; ')}`);
  if (extras.preset !== undefined && args.preset === undefined) {
    if (!isPresetName(extras.preset)) throw new CliError(`unknown preset '${extras.preset}' in --url`);
    return decode(args.url, PRESETS[extras.preset].config).config;
  }
  return config;
}

async function openBackend(args: CliArgs, config: Config, run: Awaited<ReturnType<typeof prepareRun>>) {
  const { dataset, weights } = run;
  switch (args.backend) {
    case 'ref':
      return createReferenceBackend(config, dataset, weights);
    case 'wasm':
      return createWasmBackend(config, dataset, weights, nodeWasmPlatform());
    case 'cpu': {
      const opened = await openCpuBackend(config, dataset, weights, nodeWasmPlatform());
      if (opened.fallbackReason)
        process.stderr.write(`${opened.fallbackReason}; the reference engine trains\n`);
      return opened.backend;
    }
    case 'webgpu': {
      const { openNodeWebGpuBackend } = await import('./nodeWebgpu');
      return openNodeWebGpuBackend(config, dataset, weights);
    }
  }
}

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  const config = resolveConfig(args);
  if (config.dataset.name === 'custom') {
    throw new CliError('the custom dataset lives only in the browser that uploaded it; pick another dataset');
  }
  const exportDir = args.export === undefined ? null : prepareExportDir(args.export);
  const run = await prepareRun(config, readNodeDataFile);
  if (args.probe !== undefined && args.probe >= run.dataset.val.n) {
    throw new CliError(
      `--probe ${args.probe} is outside the validation split: it has ${run.dataset.val.n} windows (0 to ${run.dataset.val.n - 1})`,
    );
  }
  let backend: Backend;
  try {
    backend = await openBackend(args, config, run);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (!args.json) {
    print(`${run.dataset.description}`);
    const threads = backend.info.threads ? ` on ${backend.info.threads} thread(s)` : '';
    const build = backend.info.wasmBuild ? ` (${backend.info.wasmBuild} build)` : '';
    print(
      `backend: ${backend.info.label}${build}${threads}; layers ${config.layers.join('→')}; ${args.epochs ?? config.epochs} epochs`,
    );
  }
  const trainer = new Trainer({
    config,
    dataset: run.dataset,
    backend,
    epochs: args.epochs,
    events: {
      onEpoch: (report: EpochReport) => print(args.json ? JSON.stringify(report) : formatEpoch(report)),
      onNotice: (_level, message) => process.stderr.write(`${message}\n`),
    },
  });
  // Probing from the start sums the gradient norms of every epoch; the last epoch's are reported.
  if (args.probe !== undefined) trainer.setProbe(args.probe);
  const summary = await trainer.run();
  // After early stopping with restore_best_weights, the model in hand is the best epoch's.
  const final = await backend.evaluate('val');
  const probed = args.probe !== undefined ? await trainer.probeNow({ window: args.probe }) : null;
  const result = {
    ...summary,
    finalValLoss: final.loss,
    elapsedMs: trainer.history.at(-1)?.elapsedMs ?? 0,
    ...(probed && args.probe !== undefined
      ? {
          probe: probeJson(
            args.probe,
            probed,
            trainer.gradNorms,
            run.dataset,
            probeInput(run.dataset, args.probe),
          ),
        }
      : {}),
    ...(exportDir ? await exportRun(exportDir, config, run.dataset, backend, trainer, summary) : {}),
  };
  print(args.json ? JSON.stringify(result) : formatSummary(result));
  if (!args.json && result.exported)
    print(`exported ${result.exported.files.join(', ')} to ${result.exported.dir}`);
  trainer.dispose();
  return summary.reason === 'diverged' ? 1 : 0;
}

/**
 * `--export DIR` after the run: every format the model can be written in, the run records, and
 * on stderr what was not written and why (a diverged run; text with attention: Keras, TF.js).
 */
async function exportRun(
  dir: string,
  config: Config,
  dataset: Dataset,
  backend: Backend,
  trainer: Trainer,
  summary: RunSummary,
) {
  if (summary.reason === 'diverged') {
    process.stderr.write('not exported: the run diverged (its weights are not numbers)\n');
    return {};
  }
  const source = {
    config,
    dataset,
    weights: await backend.readWeights(),
    epochsTrained: trainer.weightsEpoch,
  };
  const files = writeExport(dir, source, trainer.history, summary);
  const leftOut = leftOutFormats(source);
  if (leftOut) process.stderr.write(`not exported: ${leftOut.formats.join(', ')}: ${leftOut.reason}\n`);
  return { exported: { dir, files, ...(leftOut ? { leftOut } : {}) } };
}

/**
 * Exits once everything written has reached the OS: stdout to a pipe is asynchronous, and an
 * exit right after a large write (a --probe line is ~300 kB) cut it short at 73–131 kB. The exit
 * itself stays explicit because the WebGPU device and the WebAssembly threads keep the loop alive.
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main().then(exitAfterOutput, (error: unknown) => {
  const known = error instanceof CliError || (error instanceof Error && error.name === 'DataError');
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`train: ${known ? message : `unexpected error: ${message}`}\n`);
  exitAfterOutput(2);
});
