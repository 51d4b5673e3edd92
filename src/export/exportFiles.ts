import type { ModelSnapshot } from '../engine/host/protocol';
import { encode } from '../link/urlCodec';
import {
  type ExportFile,
  type ExportKind,
  MODEL_FORMATS,
  type ModelFormat,
  refusalReason,
  writableFormats,
} from './formats';
import { kerasScript } from './kerasScript';
import { modelSpecOf } from './modelSpec';
import { onnxModel } from './onnxModel';
import { pytorchData, pytorchScript, pytorchWeights, scriptConfig } from './pytorchFiles';
import { TFJS_WEIGHTS_FILE, tfjsModelFiles } from './tfjsModel';

export type { ExportFile, ModelFormat } from './formats';

/** A model to export: the weights of a run at one moment, with the data and settings they belong to. */
export type ExportSource = ModelSnapshot;

const JSON_MIME = 'application/json';
const BINARY = 'application/octet-stream';
const PYTHON = 'text/x-python';

/**
 * The files of one or more formats; a file two formats share (model.json, data.npz) appears once.
 * A format that cannot write this model as the engines run it (writableFormats: Keras and TF.js for
 * text with attention) is left out; asked for alone, it is refused with the reason.
 */
/** An encoder–decoder, a model whose attention masks text's padding (what Keras's stock layers cannot write), or neither. */
export const exportKind = (spec: Pick<ReturnType<typeof modelSpecOf>, 'model'>): ExportKind =>
  spec.model.some((l) => l.kind === 'decoder')
    ? 'seq2seq'
    : spec.model.some((l) => l.kind === 'attention' && l.maskPadding)
      ? 'masksPadding'
      : 'plain';

/** The formats of `asked` this model leaves out, and why (none for most models). */
export function leftOutFormats(
  source: Pick<ExportSource, 'config' | 'dataset'>,
  asked: readonly ModelFormat[] = MODEL_FORMATS,
): { formats: ModelFormat[]; reason: string } | null {
  const kind = exportKind(modelSpecOf(source.config, source.dataset));
  const writable = writableFormats(asked, kind);
  const formats = asked.filter((f) => !writable.includes(f));
  return formats.length > 0 ? { formats, reason: refusalReason(kind) } : null;
}

export function exportFiles(
  source: ExportSource,
  asked: readonly ModelFormat[] = MODEL_FORMATS,
): ExportFile[] {
  const { config, dataset, weights, epochsTrained } = source;
  const spec = modelSpecOf(config, dataset);
  const kind = exportKind(spec);
  const formats = writableFormats(asked, kind);
  if (formats.length === 0) throw new Error(`${asked.join(', ')}: ${refusalReason(kind)}`);
  const link = encode(config);
  const text = (s: string) => new TextEncoder().encode(s);
  const files = new Map<string, () => ExportFile>();
  const add = (name: string, mime: string, make: () => Uint8Array) => {
    if (!files.has(name)) files.set(name, () => ({ name, mime, bytes: make() }));
  };
  let tfjs: ReturnType<typeof tfjsModelFiles> | null = null;
  const tfjsFiles = () => {
    tfjs ??= tfjsModelFiles(spec, weights, {
      link,
      epochsTrained,
      ...(dataset.classNames ? { classNames: dataset.classNames } : {}),
      ...(dataset.targetScale ? { targetScale: dataset.targetScale } : {}),
    });
    return tfjs;
  };
  const tfjsPair = () => {
    add('model.json', JSON_MIME, () => text(tfjsFiles().modelJson));
    add(TFJS_WEIGHTS_FILE, BINARY, () => tfjsFiles().weightsBin);
  };
  for (const format of formats) {
    switch (format) {
      case 'tfjs':
        tfjsPair();
        break;
      case 'onnx':
        add('model.onnx', BINARY, () => onnxModel(spec, weights, { link, epochsTrained }));
        break;
      case 'pytorch':
        add('train_pytorch.py', PYTHON, () => text(pytorchScript(scriptConfig(spec, config, dataset, link))));
        add('weights.npz', BINARY, () => pytorchWeights(spec, weights));
        add('data.npz', BINARY, () => pytorchData(dataset));
        break;
      case 'keras':
        add('train_keras.py', PYTHON, () => text(kerasScript(spec, config, weights)));
        tfjsPair();
        add('data.npz', BINARY, () => pytorchData(dataset));
        break;
    }
  }
  return [...files.values()].map((make) => make());
}
