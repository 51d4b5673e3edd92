import { describe, expect, it } from 'vitest';
import { randomDataset } from '../../../test/support/engine/randomDataset';
import { CELL_TYPES, type CellType } from '../../model/config';
import { allocWeights, GATES_OF, modelShape, weightTensors } from '../../model/params';
import { CPU_CELLS } from '../cpu/kernels';
import { LstmModel } from '../reference/model';
import { allocFloat32 } from '../reference/types';
import { type CellBuffers, DEFAULT_CELL, GPU_CELLS, gpuCell } from '../webgpu/cellKernels';
import type { GpuContext } from '../webgpu/gpuContext';
import { planStepBuffers } from '../webgpu/memoryPlan';
import { allocateStepBuffers } from '../webgpu/stepBuffers';
import { CELLS, DIRECTION_BUFFERS, type DirectionBufferName, directionFloats, keeps } from './cells';
import { paramLayout } from './paramLayout';
import { PROBE_QUANTITIES, probeFloats } from './probe';

/**
 * Each registered cell kind is complete everywhere the engines read it: its spec agrees with the
 * parameter shapes (model/params.ts), the flat layout, the probe's quantities, the CPU kernels'
 * table, the buffers the CPU model allocates, the WebGPU memory plan, the WebGPU kernels' table
 * and the buffers the WebGPU step allocates.
 */
const SIZES = { B: 3, T: 4, F: 2, H: 5, K: 2 };

/** A GpuContext that only records what the step's buffers would be: a label and a size each. */
const fakeBuffer = (label: string, floats: number) => ({ label, size: floats * 4 }) as unknown as GPUBuffer;
const recordingContext = () =>
  ({
    device: { limits: { minUniformBufferOffsetAlignment: 256 } },
    storage: fakeBuffer,
    uniform: (label: string, data: ArrayBufferView | ArrayBuffer) => fakeBuffer(label, data.byteLength / 4),
    upload: (label: string, data: Float32Array) => fakeBuffer(label, data.length),
  }) as unknown as GpuContext;

describe('every recurrent cell kind is registered and complete', () => {
  it('the registry holds exactly the Config’s kinds, each with its kernels and probe quantities', () => {
    expect(Object.keys(CELLS).sort()).toEqual([...CELL_TYPES].sort());
    expect(Object.keys(CPU_CELLS).sort()).toEqual([...CELL_TYPES].sort());
    expect(Object.keys(PROBE_QUANTITIES).sort()).toEqual([...CELL_TYPES].sort());
    expect(Object.keys(GPU_CELLS).sort()).toEqual([...CELL_TYPES].sort());
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

    it(`${cell}: the WebGPU step allocates exactly the spec's buffers for each direction, sized as the plan`, () => {
      const { B, T, F, H, K } = SIZES;
      const dataset = randomDataset('classification', 6, T, F, K, 1);
      const b = allocateStepBuffers(recordingContext(), {
        shape,
        dataset,
        layout: paramLayout(shape),
        seed: 1,
        adam: true,
        batch: B,
        evalRows: 6,
        losses: fakeBuffer('losses', 8),
      });
      expect(b.layers).toHaveLength(2);
      for (const [l, layer] of b.layers.entries()) {
        expect(layer.directions).toHaveLength(2);
        for (const dir of layer.directions) {
          const sizes = {
            cell,
            rows: T * B,
            batch: B,
            steps: T,
            inputs: l === 0 ? F : 2 * H,
            units: H,
            gates: spec.gates,
          };
          for (const name of Object.keys(DIRECTION_BUFFERS) as DirectionBufferName[]) {
            const floats = directionFloats(sizes, name, true);
            expect(dir[name]?.size ?? 0, `${cell} layer ${l} ${name}`).toBe(floats * 4);
          }
        }
      }
    });

    it(`${cell}: the WebGPU cell kernels bind as many buffers as their pipelines declare`, () => {
      const gpu = GPU_CELLS[cell];
      const buffer = fakeBuffer('any', 1);
      const own = (name: string) => fakeBuffer(name, 1);
      const bufs: CellBuffers = {
        ...{ gates: own('gates'), mrec: own('mrec'), h: own('h'), hprev: own('hprev'), dH: own('dH') },
        ...{ dz: own('dz'), dc: own('dc'), c: own('c'), hrec: own('hrec'), dzr: own('dzr') },
        ...{ probe: own('probe'), dc_steps: own('dc_steps'), dh_steps: own('dh_steps') },
        U: { buffer, offset: 0 },
        rbias: { buffer, offset: 0 },
        hcarry: [own('even'), own('odd')],
      };
      for (const backward of [false, true]) {
        const pipeline = gpu.kernel(DEFAULT_CELL, backward, SIZES.H);
        // After the dims and the time uniforms.
        const bound = gpu.bindings(backward, bufs, { buffer }, SIZES.H, 0);
        expect(bound.length + 2, `${cell} ${backward ? 'backward' : 'forward'}`).toBe(
          pipeline.bindings.length,
        );
        expect(pipeline.entryPoint).toBe(`${cell}_cell_${backward ? 'backward' : 'forward'}`);
      }
      // The cell state's per-step gradients (dc_steps) are bound only by a kind that has one.
      expect(gpu.bindings(true, bufs, { buffer }, SIZES.H, 0).includes(bufs.dc_steps as GPUBuffer)).toBe(
        spec.cellState,
      );
    });
  }

  it('a kind that is not registered is refused by name, never run as another kind', () => {
    const shape = { ...modelShape([4], 2, 1), cell: 'peephole' as CellType };
    expect(() => new LstmModel(shape, 'regression', 2, 3, allocFloat32)).toThrow(
      /no recurrent cell kind 'peephole'/,
    );
    expect(() => gpuCell('peephole' as CellType)).toThrow(/no WebGPU kernels for the cell kind 'peephole'/);
  });
});
