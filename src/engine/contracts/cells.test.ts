import { describe, expect, it } from 'vitest';
import { CELL_TYPES, type CellType } from '../../model/config';
import { allocWeights, GATES_OF, modelShape, weightTensors } from '../../model/params';
import { CPU_CELLS } from '../cpu/kernels';
import { paramLayout } from '../paramLayout';
import { PROBE_QUANTITIES, probeFloats } from '../probe';
import { LstmModel } from '../reference/model';
import { allocFloat32 } from '../reference/types';
import { planStepBuffers } from '../webgpu/memoryPlan';
import { CELLS, DIRECTION_BUFFERS, type DirectionBufferName, keeps } from './cells';

/**
 * Each registered cell kind is complete everywhere the engines read it: its spec agrees with the
 * parameter shapes (model/params.ts), the flat layout, the probe's quantities, the CPU kernels'
 * table, the buffers the CPU model allocates and the WebGPU memory plan.
 */
const SIZES = { B: 3, T: 4, F: 2, H: 5, K: 2 };

describe('every recurrent cell kind is registered and complete', () => {
  it('the registry holds exactly the Config’s kinds, each with its kernels and probe quantities', () => {
    expect(Object.keys(CELLS).sort()).toEqual([...CELL_TYPES].sort());
    expect(Object.keys(CPU_CELLS).sort()).toEqual([...CELL_TYPES].sort());
    expect(Object.keys(PROBE_QUANTITIES).sort()).toEqual([...CELL_TYPES].sort());
  });

  for (const cell of CELL_TYPES) {
    const spec = CELLS[cell];
    const shape = modelShape([SIZES.H, SIZES.H], SIZES.F, SIZES.K, cell, true);

    it(`${cell}: gates and parameter tensors agree with the parameter shapes and the flat layout`, () => {
      expect(spec.gates).toBe(GATES_OF[cell]);
      const [forward] = allocWeights(shape).layers;
      const { backward: _, ...own } = forward;
      expect(Object.keys(own)).toEqual([...spec.params]);
      const layout = paramLayout(shape);
      // Two layers of two directions, then the head's kernel and bias.
      expect(layout.offsets).toHaveLength(2 * 2 * spec.params.length + 2);
      expect(weightTensors(allocWeights(shape))).toHaveLength(layout.offsets.length);
      const offsets = layout.layer(1, 1);
      expect(Object.keys(offsets).sort()).toEqual([...spec.params].sort());
      expect(offsets.recurrent - offsets.kernel).toBe(
        Math.ceil((2 * SIZES.H * spec.gates * SIZES.H) / 64) * 64,
      );
    });

    it(`${cell}: the CPU model keeps the spec's buffers (probe, per-step gradients, norms)`, () => {
      const { B, T, H } = SIZES;
      const model = new LstmModel(shape, 'classification', B, T, allocFloat32);
      for (const probe of model.probeBuffers().flat()) expect(probe).toHaveLength(probeFloats(cell, T, H));
      expect(PROBE_QUANTITIES[cell].length * T * H).toBe(probeFloats(cell, T, H));
      for (const { c, h } of model.stepGradients().flat()) {
        expect(h).toHaveLength(T * B * H);
        expect(c).toHaveLength(spec.cellState ? T * B * H : 0);
      }
      for (const { c } of model.normAccumulators().flat()) expect(c).toHaveLength(spec.cellState ? T * B : 0);
      const evaluation = new LstmModel(shape, 'classification', B, T, allocFloat32, false);
      for (const { h } of evaluation.stepGradients().flat()) expect(h).toHaveLength(0);
    });

    it(`${cell}: the WebGPU memory plan lists the spec's large buffers for each direction`, () => {
      const plan = planStepBuffers(shape, { trainX: 1, valX: 1 }, SIZES.B, SIZES.T, 64, 8);
      const names = plan.map((b) => b.name);
      for (const [name, { plan: label }] of Object.entries(DIRECTION_BUFFERS)) {
        if (label === null) continue;
        const planned = names.includes(`layer 2's reverse ${label}`);
        expect(planned, `${cell} ${name}`).toBe(keeps(cell, name as DirectionBufferName));
      }
    });
  }

  it('a kind that is not registered is refused by name, never run as another kind', () => {
    const shape = { ...modelShape([4], 2, 1), cell: 'peephole' as CellType };
    expect(() => new LstmModel(shape, 'regression', 2, 3, allocFloat32)).toThrow(
      /no recurrent cell kind 'peephole'/,
    );
  });
});
