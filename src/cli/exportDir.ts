import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EpochReport, RunSummary } from '../engine/training/report';
import { type ExportSource, exportFiles } from '../export/exportFiles';
import { historyCsv } from '../export/historyCsv';
import { lossChartSvg } from '../view/lossChartSvg';
import { CliError } from './args';

/**
 * `--export DIR`: checked before training (so a typo costs no run), written after it. The folder
 * is made if missing; a path that is a file, or a folder that cannot be written, is a CliError.
 */
export function prepareExportDir(dir: string): string {
  const path = resolve(dir);
  let isFile = false;
  try {
    isFile = !statSync(path).isDirectory();
  } catch {
    // Missing: made below.
  }
  if (isFile) throw new CliError(`--export ${dir}: that path is a file, not a folder`);
  try {
    makeFolder(path);
    // A real write: permission bits alone say nothing about a read-only disk, or to root.
    const probe = join(path, '.lstm-playground-write-test');
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`--export ${dir}: cannot write there (${code})`);
  }
  return path;
}

/** mkdir -p one level at a time: Node's own recursive mkdir loops forever where /proc says ENOENT. */
function makeFolder(path: string): void {
  if (existsSync(path)) return;
  const parent = dirname(path);
  if (parent !== path) makeFolder(parent);
  mkdirSync(path);
}

/** Every model format plus the run records; returns the names written, in order. */
export function writeExport(
  path: string,
  source: ExportSource,
  reports: readonly EpochReport[],
  summary: RunSummary,
): string[] {
  const files = exportFiles(source).map(({ name, bytes }) => ({ name, bytes: bytes as Uint8Array | string }));
  files.push({ name: 'history.csv', bytes: historyCsv(reports) });
  files.push({
    name: 'loss.svg',
    bytes: lossChartSvg(
      reports,
      summary,
      {
        title: 'Training and validation loss',
        epoch: 'epoch',
        loss: 'loss',
        train: 'training loss',
        val: 'validation loss',
        best: (e) => `best epoch ${e}`,
        stopped: (e) => `stopped at epoch ${e}`,
      },
      source.config.epochs,
    ),
  });
  for (const { name, bytes } of files) writeFileSync(join(path, name), bytes);
  return files.map((f) => f.name);
}
