import { type ExportKind, MODEL_FORMATS, type ModelFormat, writableFormats } from '../export/formats';
import type { Config } from '../model/config';
import { hasSequenceTarget } from '../model/sequenceTarget';

/** An item of the Export menu's model part: one format, or all of them in one zip. */
export type ExportItem = ModelFormat | 'all';

/**
 * What the page's model is, for the formats (export/exportFiles.ts exportKind says it from the
 * built model; the menu knows it from the config and the dataset's summary before any model is
 * built): a translation dataset's encoder–decoder, text with attention (its padding masked), or
 * neither.
 */
export function pageExportKind(
  config: Pick<Config, 'attention' | 'dataset'>,
  dataset: { text?: boolean; target?: unknown } | null,
): ExportKind {
  if (hasSequenceTarget(config.dataset.name)) return 'seq2seq';
  if (config.attention !== 'none' && dataset?.text === true && dataset.target === undefined)
    return 'masksPadding';
  return 'plain';
}

/**
 * The menu's items that would not write this kind of model (export/formats.ts's refused lists):
 * each such format, and "all" when no format is left to put in its zip.
 */
export function refusedItems(kind: ExportKind): ExportItem[] {
  const writable = writableFormats(MODEL_FORMATS, kind);
  const refused: ExportItem[] = MODEL_FORMATS.filter((f) => !writable.includes(f));
  return writable.length === 0 ? [...refused, 'all'] : refused;
}
