import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELLS } from '../engine/contracts/cells';
import { PROBE_QUANTITIES } from '../engine/contracts/probe';
import { readKerasTopology } from '../export/kerasTopology';
import { modelSpecOf } from '../export/modelSpec';
import { onnx } from '../export/onnx/onnxProto.js';
import { onnxModel } from '../export/onnxModel';
import { tfjsModelFiles } from '../export/tfjsModel';
import { HEATMAPS } from '../view/insideView';
import { KERAS_CELL_NAMES, modelLine } from '../view/modelLine';
import { modelSummary } from '../view/modelSummary';
import { CELL_KINDS, cellOfKerasClass } from './cellKinds';
import { CELL_TYPES, type CellType, cloneConfig, DEFAULT_CONFIG } from './config';
import { allocWeights, GATES_OF, modelShapeOf, parameterCount, weightTensors } from './params';

/**
 * A registered kind is complete everywhere outside the engine's kernels: the registry
 * (model/cellKinds.ts) agrees with the engine's cell spec, the parameter shapes, the probe and the
 * inside views, and each export writes the kind as its entry says, so that a file written for it
 * reads back as the same kind. (The engine's side: engine/contracts/cells.test.ts.)
 */
const DATA = { task: 'regression', timesteps: 4, features: 2, outputs: 2 } as const;

const configOf = (cell: CellType, bidirectional: boolean) => ({
  ...cloneConfig(DEFAULT_CONFIG),
  cell,
  bidirectional,
  layers: [5, 3],
});

/** The Python template's own per-kind table (templates/train_pytorch.py CELLS). */
const TORCH_TEMPLATE = readFileSync(new URL('../export/templates/train_pytorch.py', import.meta.url), 'utf8');

/** The Keras layers an export writes for a config, as the importer reads them. */
function topologyOf(config: ReturnType<typeof configOf>) {
  const shape = modelShapeOf(config, DATA.features, DATA.outputs);
  const { modelJson } = tfjsModelFiles(modelSpecOf(config, DATA), allocWeights(shape), {} as never);
  return readKerasTopology(JSON.parse(modelJson).modelTopology);
}

const isPermutation = (order: readonly number[], n: number) =>
  [...order].sort((a, b) => a - b).join() === Array.from({ length: n }, (_, i) => i).join();

describe('a registered cell kind is complete everywhere', () => {
  it('the registry holds exactly the Config’s kinds, and its tables read it', () => {
    expect(Object.keys(CELL_KINDS).sort()).toEqual([...CELL_TYPES].sort());
    for (const cell of CELL_TYPES) {
      expect(GATES_OF[cell]).toBe(CELL_KINDS[cell].gates);
      expect(PROBE_QUANTITIES[cell]).toEqual(CELL_KINDS[cell].probe);
      expect(HEATMAPS[cell]).toEqual(CELL_KINDS[cell].heatmaps);
      expect(KERAS_CELL_NAMES[cell]).toBe(CELL_KINDS[cell].keras.className);
      expect(cellOfKerasClass(CELL_KINDS[cell].keras.className)).toBe(cell);
    }
  });

  for (const cell of CELL_TYPES) {
    const kind = CELL_KINDS[cell];

    it(`${cell}: the engine's spec has its gates and a tensor for its recurrent bias`, () => {
      expect(CELLS[cell].gates).toBe(kind.gates);
      expect((CELLS[cell].params as readonly string[]).includes('recurrentBias')).toBe(kind.recurrentBias);
    });

    it(`${cell}: each format's gate order is a permutation of its gates`, () => {
      for (const order of [kind.keras.order, kind.onnx.order, kind.torch.order]) {
        expect(isPermutation(order, kind.gates), `order ${order}`).toBe(true);
      }
    });

    it(`${cell}: its probe names each quantity once, ending in h, and its heatmaps are probed`, () => {
      expect(new Set(kind.probe).size).toBe(kind.probe.length);
      expect(kind.probe.at(-1)).toBe('h');
      for (const q of kind.heatmaps) expect(kind.probe as readonly string[]).toContain(q);
    });

    it(`${cell}: its parameter count is the floats of its tensors and of its Keras weights`, () => {
      const config = configOf(cell, true);
      const shape = modelShapeOf(config, DATA.features, DATA.outputs);
      const weights = allocWeights(shape);
      const floats = weightTensors(weights).reduce((n, t) => n + t.length, 0);
      expect(parameterCount(shape)).toBe(floats);
      const { weightsBin } = tfjsModelFiles(modelSpecOf(config, DATA), weights, {} as never);
      expect(weightsBin.byteLength / 4).toBe(floats);
    });

    it(`${cell}: its Keras layers read back as the same kind, named as the summary names them`, () => {
      for (const bidirectional of [false, true]) {
        const config = configOf(cell, bidirectional);
        const topology = topologyOf(config);
        expect(topology.cell).toBe(cell);
        expect(topology.cellClass).toBe(kind.keras.className);
        expect(topology.bidirectional).toBe(bidirectional);
        const summary = modelSummary(config, { ...DATA, trainSize: 8 });
        expect(topology.layers.map((l) => l.name)).toEqual(summary?.rows.slice(0, 2).map((r) => r.name));
        expect(modelLine(config)).toContain(`${kind.keras.className}(5, return_sequences)`);
      }
      expect(topologyOf(configOf(cell, false)).layers[0].name).toBe(kind.keras.nameStem);
    });

    it(`${cell}: its ONNX node is its operator with its attributes`, () => {
      const config = configOf(cell, true);
      const shape = modelShapeOf(config, DATA.features, DATA.outputs);
      const bytes = onnxModel(modelSpecOf(config, DATA), allocWeights(shape), { link: '', epochsTrained: 0 });
      const nodes = onnx.ModelProto.decode(bytes).graph?.node ?? [];
      const recurrent = nodes.filter((n) => n.opType === kind.onnx.opType);
      expect(recurrent).toHaveLength(2);
      const attributes = Object.fromEntries((recurrent[0].attribute ?? []).map((a) => [a.name, Number(a.i)]));
      for (const [name, value] of Object.entries(kind.onnx.intAttributes))
        expect(attributes[name]).toBe(value);
    });

    it(`${cell}: the PyTorch script has a row for it`, () => {
      expect(TORCH_TEMPLATE).toContain(`    '${cell}': {`);
    });
  }
});
