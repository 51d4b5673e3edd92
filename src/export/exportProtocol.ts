import type { ModelSnapshot } from '../engine/host/protocol';
import type { Config } from '../model/config';
import type { Weights } from '../model/params';
import type { ExportFile, ModelFormat } from './formats';
import type { ImportErrorCode } from './importError';
import type { ImportedTopology } from './kerasTopology';
import type { ImportFile } from './tfjsImport';
import type { PlaygroundMetadata } from './tfjsModel';

/** The messages between the page and the export worker (files are made off the main thread). */

export type ToExportWorker =
  /** The formats' files for a snapshot: one file as it is, several in one .zip named `zipName`. */
  | { type: 'build'; id: number; snapshot: ModelSnapshot; formats: ModelFormat[]; zipName: string }
  /** Read a TF.js LayersModel; `current` is the page's config, which a foreign model keeps. */
  | { type: 'import'; id: number; files: ImportFile[]; current: Config };

export type FromExportWorker =
  | { type: 'built'; id: number; file: ExportFile }
  | {
      type: 'imported';
      id: number;
      config: Config;
      weights: Weights;
      topology: ImportedTopology;
      playground: PlaygroundMetadata | null;
    }
  | { type: 'failed'; id: number; message: string; code?: ImportErrorCode; vars?: Record<string, string> };
