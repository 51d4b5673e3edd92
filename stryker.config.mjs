// @ts-check
/**
 * Mutation testing (`npm run mutate`; README, "Mutation testing"). Every scope below is one folder's
 * modules whose unit tests are fast; `MUTATE=data npm run mutate` runs one scope, plain
 * `npm run mutate` runs them all. Each scope keeps its own incremental file, so a run re-tests only
 * the mutants whose module or covering tests changed since the last run of that scope.
 */
const NOT_MUTATED = ['!src/**/*.test.ts', '!src/**/testing/**', '!src/**/timing/**', '!src/export/onnx/**'];

/** Which modules each scope mutates. */
const SCOPES = {
  model: ['src/model/*.ts'],
  data: ['src/data/*.ts'],
  view: ['src/view/*.ts'],
  // The codec and the store's logic; not the worker clients or the service worker, which only a
  // browser runs.
  state: [
    'src/link/{urlCodec,urlKeys}.ts',
    'src/state/{urlSync,store,storyView,runHistory}.ts',
    'src/state/{liveChanges,changeKind,messageBatches,workerMessages}.ts',
  ],
  engine: ['src/engine/training/{trainer,metrics,stepCost}.ts'],
  // The writers of the export files; not the import reader or the export worker.
  export: [
    'src/export/{exportFiles,historyCsv,npz,modelSpec,gateLayout}.ts',
    'src/export/{kerasScript,kerasLayers,kerasTopology,tfjsModel,onnxModel,pytorchFiles}.ts',
  ],
};

const scope = process.env.MUTATE;
if (scope && !(scope in SCOPES)) {
  throw new Error(`MUTATE=${scope}: not a scope; one of ${Object.keys(SCOPES).join(', ')}`);
}
const name = scope ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    ...(scope ? SCOPES[/** @type {keyof typeof SCOPES} */ (scope)] : Object.values(SCOPES).flat()),
    ...NOT_MUTATED,
  ],
  // The machine has two cores and is shared.
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${name}.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
