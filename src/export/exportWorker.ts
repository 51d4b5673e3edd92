/// <reference lib="webworker" />
/**
 * Makes export files and reads imported models off the main thread: a large model's files take
 * tens of milliseconds to encode and zip, more than the page may spend in one task.
 */
import { type Zippable, zipSync } from 'fflate';
import { weightTensors } from '../model/params';
import { type ExportFile, exportFiles } from './exportFiles';
import type { FromExportWorker, ToExportWorker } from './exportProtocol';
import { ImportError } from './importError';
import { importTfjsModel } from './tfjsImport';

declare const self: DedicatedWorkerGlobalScope;

/** Text compresses; float data barely does, so it is stored as it is (fast). */
const isText = (name: string) => /\.(py|json|csv|svg)$/.test(name);

function bundle(files: ExportFile[], zipName: string): ExportFile {
  if (files.length === 1) return files[0];
  const entries: Zippable = {};
  for (const f of files) entries[f.name] = [f.bytes, { level: isText(f.name) ? 6 : 0 }];
  return {
    name: zipName,
    mime: 'application/zip',
    bytes: zipSync(entries, { mtime: new Date('2024-01-01T00:00:00Z') }),
  };
}

function handle(message: ToExportWorker): [FromExportWorker, ArrayBuffer[]] {
  const { id } = message;
  try {
    if (message.type === 'build') {
      const file = bundle(exportFiles(message.snapshot, message.formats), message.zipName);
      return [{ type: 'built', id, file }, [file.bytes.buffer as ArrayBuffer]];
    }
    const imported = importTfjsModel(message.files, message.current);
    const buffers = [...new Set(weightTensors(imported.weights).map((t) => t.buffer as ArrayBuffer))];
    return [{ type: 'imported', id, ...imported }, buffers];
  } catch (error) {
    if (error instanceof ImportError)
      return [{ type: 'failed', id, message: error.message, code: error.code, vars: error.vars }, []];
    return [{ type: 'failed', id, message: error instanceof Error ? error.message : String(error) }, []];
  }
}

self.onmessage = (event: MessageEvent<ToExportWorker>) => {
  const [reply, transfer] = handle(event.data);
  self.postMessage(reply, transfer);
};
