import type { ModelSnapshot } from '../engine/host/protocol';
import type { FromExportWorker, ToExportWorker } from '../export/exportProtocol';
import type { ExportFile, ModelFormat } from '../export/formats';
import type { ImportFile } from '../export/tfjsImport';
import type { Config } from '../model/config';
import { weightTensors } from '../model/params';

/**
 * Owns the export worker (started on first use): it makes the export files and reads imported
 * models, so the page's main thread only hands buffers over and back (transferred, not copied).
 */
let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (reply: FromExportWorker) => void>();

function exportWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../export/exportWorker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<FromExportWorker>) => {
    pending.get(event.data.id)?.(event.data);
    pending.delete(event.data.id);
  };
  w.onerror = (event) => {
    event.preventDefault();
    for (const [id, resolve] of pending) {
      resolve({ type: 'failed', id, message: event.message || 'the export worker failed' });
    }
    pending.clear();
    worker = null;
  };
  worker = w;
  return w;
}

function send(message: Omit<ToExportWorker, 'id'>, transfer: ArrayBuffer[]): Promise<FromExportWorker> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    exportWorker().postMessage({ ...message, id }, transfer);
  });
}

const buffersOf = (snapshot: ModelSnapshot) => {
  const { dataset, weights } = snapshot;
  const arrays = [dataset.train.x, dataset.train.y, dataset.val.x, dataset.val.y, ...weightTensors(weights)];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
};

/** The snapshot's files in these formats: one file, or a .zip named `zipName`. The snapshot is handed over. */
export async function buildExportFile(
  snapshot: ModelSnapshot,
  formats: ModelFormat[],
  zipName: string,
): Promise<ExportFile> {
  const reply = await send(
    { type: 'build', snapshot, formats, zipName } as Omit<ToExportWorker, 'id'>,
    buffersOf(snapshot),
  );
  if (reply.type !== 'built') throw new Error(reply.type === 'failed' ? reply.message : 'unexpected reply');
  return reply.file;
}

export type ImportReply = Extract<FromExportWorker, { type: 'imported' } | { type: 'failed' }>;

/** Reads a TF.js LayersModel from the chosen files' bytes (handed over). */
export async function readImportedModel(files: ImportFile[], current: Config): Promise<ImportReply> {
  const reply = await send({ type: 'import', files, current } as Omit<ToExportWorker, 'id'>, [
    ...new Set(files.map((f) => f.bytes.buffer as ArrayBuffer)),
  ]);
  if (reply.type === 'built') throw new Error('unexpected reply');
  return reply;
}
