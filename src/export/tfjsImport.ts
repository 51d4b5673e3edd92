import { unzipSync } from 'fflate';
import { decode } from '../link/urlCodec';
import { CELL_KINDS } from '../model/cellKinds';
import { type Config, cloneConfig, LIMITS } from '../model/config';
import {
  allocWeights,
  type LayerShape,
  type ModelShape,
  modelShape,
  outputWidth,
  type RecurrentWeights,
  type Weights,
} from '../model/params';
import { blocksToInterleaved } from './gateLayout';
import { ImportError } from './importError';
import { checkImportSize, MAX_IMPORT_BYTES, megabytes } from './importSize';
import { type ImportedTopology, readKerasTopology } from './kerasTopology';
import type { CellKind } from './modelSpec';
import { METADATA_KEY, type PlaygroundMetadata } from './tfjsModel';

/**
 * Opens a TF.js LayersModel (ours, or one tensorflowjs_converter made from Keras): model.json and
 * its weight shard(s), or a .zip holding them. What it makes: a Config for the run (the model's
 * layers and knobs; the rest from the run link our export stores, or from the current config)
 * and the weights in our layout. Anything else is an ImportError naming what is wrong.
 */

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportedModel {
  config: Config;
  weights: Weights;
  topology: ImportedTopology;
  /** Set when model.json came from the playground (its run link and epochs). */
  playground: PlaygroundMetadata | null;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** A .zip is opened (refusing what would unpack past the size limit); other files are taken as they are. */
function unpack(files: readonly ImportFile[]): ImportFile[] {
  return files.flatMap((file) => {
    if (!file.name.toLowerCase().endsWith('.zip')) return [file];
    let unpacked = 0;
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(file.bytes, {
        filter: (entry) => {
          unpacked += entry.originalSize;
          if (unpacked > MAX_IMPORT_BYTES) {
            throw new ImportError('tooLarge', {
              file: file.name,
              size: `> ${megabytes(MAX_IMPORT_BYTES)}`,
              limit: megabytes(MAX_IMPORT_BYTES),
            });
          }
          return !entry.name.endsWith('/');
        },
      });
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw new ImportError('notLayersModel', { found: `${file.name} is not a readable .zip` });
    }
    return Object.entries(entries).map(([name, bytes]) => ({ name: baseName(name), bytes }));
  });
}

interface ManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype?: string; quantization?: unknown }[];
}

/** name → values of every weight, reading each group's shards back to back (TF.js's layout). */
function readWeightData(
  manifest: ManifestGroup[],
  files: readonly ImportFile[],
): Map<string, { shape: number[]; values: Float32Array }> {
  const byName = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const group of manifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      throw new ImportError('notLayersModel', { found: 'its weightsManifest is malformed' });
    }
    const shards = group.paths.map((path) => {
      const bytes = byName.get(baseName(path));
      if (!bytes) throw new ImportError('weightsMissing', { file: path });
      return bytes;
    });
    const got = shards.reduce((n, s) => n + s.byteLength, 0);
    let want = 0;
    for (const w of group.weights) {
      if ((w.dtype ?? 'float32') !== 'float32' || w.quantization) {
        throw new ImportError('unsupportedSetting', {
          layer: w.name,
          setting: 'dtype',
          found: w.quantization ? `quantized ${JSON.stringify(w.quantization)}` : String(w.dtype),
          supported: 'float32',
        });
      }
      want += 4 * w.shape.reduce((n, d) => n * d, 1);
    }
    if (got !== want) throw new ImportError('weightsSize', { got: String(got), want: String(want) });
    const data = new Uint8Array(got);
    let offset = 0;
    for (const shard of shards) {
      data.set(shard, offset);
      offset += shard.byteLength;
    }
    const floats = new Float32Array(data.buffer);
    offset = 0;
    for (const w of group.weights) {
      const count = w.shape.reduce((n, d) => n * d, 1);
      out.set(w.name, { shape: w.shape, values: floats.slice(offset, offset + count) });
      offset += count;
    }
  }
  return out;
}

/**
 * Keras names a layer's weights `layer/kernel`, or (Keras 2 with TF ≥ 2.2) `layer/lstm_cell/kernel`;
 * a Bidirectional layer's `bidirectional/forward_lstm/…` and `bidirectional/backward_lstm/…`.
 * `prefix` is `layer/`, or `bidirectional/forward_` / `bidirectional/backward_`.
 */
function findWeight(
  weights: Map<string, { shape: number[]; values: Float32Array }>,
  prefix: string,
  suffix: string,
  want: number[],
): Float32Array {
  const name = [...weights.keys()].find((n) => n.startsWith(prefix) && n.split('/').pop() === suffix);
  const found = name ? weights.get(name) : undefined;
  if (!found || found.shape.join(',') !== want.join(',')) {
    throw new ImportError('weightShape', {
      name: name ?? `${prefix}${prefix.endsWith('/') ? '' : '…/'}${suffix}`,
      got: found ? found.shape.join(', ') : 'missing',
      want: want.join(', '),
    });
  }
  return found.values;
}

type WeightData = ReturnType<typeof readWeightData>;

/** One direction's weights from Keras's gate blocks into ours (a GRU's bias [2, 3H]: input, then recurrent). */
function readDirection(
  weightData: WeightData,
  prefix: string,
  cell: CellKind,
  { inputSize, units }: LayerShape,
  into: RecurrentWeights,
): void {
  const { order, weights } = CELL_KINDS[cell].keras;
  const G = order.length * units;
  const [kernel, recurrent, bias] = weights;
  const interleaved = (src: Float32Array, rows: number) => blocksToInterleaved(src, rows, units, order);
  into.kernel.set(interleaved(findWeight(weightData, prefix, kernel, [inputSize, G]), inputSize));
  into.recurrent.set(interleaved(findWeight(weightData, prefix, recurrent, [units, G]), units));
  if (into.recurrentBias) {
    const both = findWeight(weightData, prefix, bias, [2, G]);
    into.bias.set(interleaved(both.subarray(0, G), 1));
    into.recurrentBias.set(interleaved(both.subarray(G), 1));
  } else {
    into.bias.set(interleaved(findWeight(weightData, prefix, bias, [G]), 1));
  }
}

/**
 * The attention's weights (kerasLayers.ts's stock layers): additive W [D, A] and b from the
 * Dense(A, tanh), v [A, 1] from the Dense(1); dot q [D, 1] from the Dense(1). Keras's kernels are
 * our row-major layouts as they are.
 */
function readAttentionWeights(
  weightData: WeightData,
  topology: ImportedTopology,
  shape: ModelShape,
  weights: Weights,
): void {
  const read = topology.attention;
  const spec = shape.attention;
  const into = weights.attention;
  if (!read || !spec || !into) return;
  const { inputSize: D, hidden: A } = spec;
  if (read.hiddenName && into.kernel && into.bias) {
    into.kernel.set(findWeight(weightData, `${read.hiddenName}/`, 'kernel', [D, A]));
    into.bias.set(findWeight(weightData, `${read.hiddenName}/`, 'bias', [A]));
  }
  into.vector.set(findWeight(weightData, `${read.scoreName}/`, 'kernel', [read.hiddenName ? A : D, 1]));
}

function parseJson(bytes: Uint8Array): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ImportError('malformedJson', { message: (error as Error).message });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ImportError('malformedJson', { message: 'it is not a JSON object' });
  }
  return json as Record<string, unknown>;
}

function playgroundMetadata(json: Record<string, unknown>): PlaygroundMetadata | null {
  const meta = (json.userDefinedMetadata as Record<string, unknown> | undefined)?.[METADATA_KEY] as
    | PlaygroundMetadata
    | undefined;
  return meta && typeof meta.link === 'string' ? meta : null;
}

/** `current`: the page's config, whose dataset and training knobs a foreign model keeps. */
export function importTfjsModel(files: readonly ImportFile[], current: Config): ImportedModel {
  checkImportSize(files.map((f) => ({ name: f.name, size: f.bytes.byteLength })));
  const all = unpack(files);
  const jsons = all.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 0) throw new ImportError('noModelJson');
  if (jsons.length > 1)
    throw new ImportError('manyModelJson', { files: jsons.map((f) => f.name).join(', ') });
  const json = parseJson(jsons[0].bytes);
  if (json.format === 'graph-model' || !json.modelTopology) {
    throw new ImportError('notLayersModel', {
      found: json.format ? `format “${String(json.format)}”` : 'no modelTopology',
    });
  }
  if (!Array.isArray(json.weightsManifest))
    throw new ImportError('notLayersModel', { found: 'no weightsManifest' });

  const topology = readKerasTopology(json.modelTopology);
  const weightData = readWeightData(json.weightsManifest as ManifestGroup[], all);
  const shape = modelShape(
    topology.layers.map((l) => l.units),
    topology.features,
    topology.outputs,
    topology.cell,
    topology.bidirectional,
    topology.attention?.score ?? 'none',
  );
  const weights = allocWeights(shape);
  topology.layers.forEach((layer, l) => {
    const w = weights.layers[l];
    if (w.backward) {
      readDirection(weightData, `${layer.name}/forward_`, layer.cell, shape.layers[l], w);
      readDirection(weightData, `${layer.name}/backward_`, layer.cell, shape.layers[l], w.backward);
    } else readDirection(weightData, `${layer.name}/`, layer.cell, shape.layers[l], w);
  });
  readAttentionWeights(weightData, topology, shape, weights);
  const hidden = outputWidth(shape);
  weights.headKernel.set(
    findWeight(weightData, `${topology.denseName}/`, 'kernel', [hidden, topology.outputs]),
  );
  weights.headBias.set(findWeight(weightData, `${topology.denseName}/`, 'bias', [topology.outputs]));

  const playground = playgroundMetadata(json);
  // Our own export carries its run link: dataset, optimizer and every knob come back with it.
  const config = playground ? decode(playground.link, current).config : cloneConfig(current);
  config.layers = topology.layers.map((l) => l.units);
  config.cell = topology.cell;
  config.bidirectional = topology.bidirectional;
  config.attention = topology.attention?.score ?? 'none';
  config.dropout = topology.dropout;
  config.recurrentDropout = topology.recurrentDropout;
  config.outputDropout = topology.outputDropout;
  config.l1 = topology.l1;
  config.l2 = topology.l2;
  if (topology.timesteps !== null) {
    config.dataset.timesteps = Math.min(
      LIMITS.timesteps.max,
      Math.max(LIMITS.timesteps.min, topology.timesteps),
    );
  }
  return { config, weights, topology, playground };
}
