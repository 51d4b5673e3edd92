import { type ExportFile, MODEL_FORMATS, type ModelFormat } from '../export/formats';
import { ImportError } from '../export/importError';
import { checkImportSize } from '../export/importSize';
import { buildExportFile, readImportedModel } from './exportClient';
import { usePlayground } from './store';
import { requestWorker } from './workerClient';

/**
 * Export and import as the page does them: the training worker gives a consistent snapshot of the
 * weights (training goes on), the export worker makes the files; an imported model is read by the
 * export worker, checked against its dataset by the training worker, and only then becomes the
 * page's model. Every outcome is a ModelIoStatus (an i18n key and its values) in the store.
 */

export type ExportChoice = ModelFormat | 'all';

const FORMATS: Record<ExportChoice, ModelFormat[]> = {
  tfjs: ['tfjs'],
  onnx: ['onnx'],
  pytorch: ['pytorch'],
  keras: ['keras'],
  all: [...MODEL_FORMATS],
};

const store = () => usePlayground.getState();
const customFor = (name: string) => (name === 'custom' ? (store().custom ?? undefined) : undefined);

/** The file the user downloads, or null when the export failed (the status says why). */
export async function exportModel(choice: ExportChoice): Promise<ExportFile | null> {
  const s = store();
  const config = s.runConfig ?? s.config;
  const { imported } = s;
  s.setModelIo({ state: 'working', key: 'exportWorking', vars: {} });
  try {
    const reply = await requestWorker({
      type: 'snapshot',
      config,
      custom: customFor(config.dataset.name),
      fromRun: s.runConfig !== null,
      ...(imported ? { weights: imported.weights } : {}),
    });
    if (!reply.ok) throw new Error(reply.message);
    if (!('snapshot' in reply)) throw new Error('unexpected reply');
    const { origin } = reply;
    const { epochsTrained } = reply.snapshot;
    const file = await buildExportFile(reply.snapshot, FORMATS[choice], `lstm-playground-${choice}.zip`);
    const running = store().runState === 'running';
    // While training, the snapshot falls inside the epoch after the last finished one.
    const epoch = String(running ? epochsTrained + 1 : epochsTrained);
    const key =
      origin === 'run'
        ? running
          ? 'exportedRunning'
          : 'exportedRun'
        : origin === 'imported'
          ? 'exportedImported'
          : 'exportedInitial';
    store().setModelIo({ state: 'done', key, vars: { file: file.name, epoch } });
    return file;
  } catch (error) {
    store().setModelIo({ state: 'failed', key: 'exportFailed', vars: { message: (error as Error).message } });
    return null;
  }
}

/** Opens the chosen files as the page's model, or says why not; the current model stays until it succeeds. */
export async function importModel(files: readonly File[]): Promise<boolean> {
  const fail = (key: string, vars: Record<string, string>) => {
    store().setModelIo({ state: 'failed', key, vars });
    return false;
  };
  try {
    checkImportSize(files);
  } catch (error) {
    if (error instanceof ImportError) return fail(`import_${error.code}`, error.vars);
    throw error;
  }
  store().setModelIo({ state: 'working', key: 'importWorking', vars: {} });
  try {
    const bytes = await Promise.all(
      files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    const read = await readImportedModel(bytes, store().config);
    if (read.type === 'failed')
      return read.code
        ? fail(`import_${read.code}`, read.vars ?? {})
        : fail('importFailed', { message: read.message });
    const { config, weights, topology, playground } = read;
    const checked = await requestWorker({
      type: 'checkImport',
      config,
      custom: customFor(config.dataset.name),
      weights,
      model: { features: topology.features, outputs: topology.outputs, task: topology.task },
    });
    if (!checked.ok)
      return checked.code
        ? fail(`import_${checked.code}`, checked.vars ?? {})
        : fail('importFailed', { message: checked.message });
    if (!('valLoss' in checked)) throw new Error('unexpected reply');
    const fileName = files.find((f) => f.name.toLowerCase().endsWith('.json'))?.name ?? files[0]?.name ?? '';
    store().adoptImported(config, {
      weights,
      fileName,
      layers: config.layers,
      datasetName: config.dataset.name,
      valLoss: checked.valLoss,
      epochsTrained: playground?.epochsTrained ?? null,
    });
    store().setModelIo({
      state: 'done',
      key: 'imported',
      vars: {
        file: fileName,
        cell: topology.bidirectional ? `Bidirectional ${topology.cellClass}` : topology.cellClass,
        layers: config.layers.join('→'),
        valLoss: checked.valLoss.toPrecision(4),
      },
    });
    return true;
  } catch (error) {
    return fail('importFailed', { message: (error as Error).message });
  }
}

/** Which weights an export would write now: the note the Export menu shows above its items. */
export function exportNoteKey(s: {
  runConfig: unknown;
  runState: string;
  imported: unknown;
}): 'exportFromRun' | 'exportFromRunning' | 'exportFromInitial' | 'exportFromImported' {
  if (s.runConfig !== null)
    return s.runState === 'running' || s.runState === 'paused' ? 'exportFromRunning' : 'exportFromRun';
  return s.imported ? 'exportFromImported' : 'exportFromInitial';
}

/** The epoch whose weights the run holds now: the last one, or the best one early stopping restored. */
export function runWeightsEpoch(s: {
  reports: readonly { epoch: number }[];
  summary: { stoppedEarly: boolean; bestEpoch: number } | null;
  runConfig: { earlyStopping: { restoreBestWeights: boolean } } | null;
}): number {
  if (s.summary?.stoppedEarly && s.runConfig?.earlyStopping.restoreBestWeights) return s.summary.bestEpoch;
  return s.reports[s.reports.length - 1]?.epoch ?? 0;
}
