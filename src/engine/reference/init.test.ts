import { describe, expect, it } from 'vitest';
import { modelShape } from '../../model/params';
import { initWeights } from './init';

describe('initWeights (Keras initialisers)', () => {
  const shape = modelShape([8, 5], 3, 4);

  it('gives every recurrent kernel orthonormal rows', () => {
    const w = initWeights(shape, 42);
    shape.layers.forEach(({ units }, l) => {
      const U = w.layers[l].recurrent; // [H, 4H]
      const cols = 4 * units;
      for (let r = 0; r < units; r++) {
        for (let s = 0; s < units; s++) {
          let dot = 0;
          for (let k = 0; k < cols; k++) dot += U[r * cols + k] * U[s * cols + k];
          expect(dot).toBeCloseTo(r === s ? 1 : 0, 5);
        }
      }
    });
  });

  it('sets the forget-gate bias to 1 and every other bias to 0', () => {
    const w = initWeights(shape, 42);
    for (const layer of w.layers) {
      layer.bias.forEach((v, col) => {
        expect(v).toBe(col % 4 === 1 ? 1 : 0);
      });
    }
    expect([...w.headBias]).toEqual([0, 0, 0, 0]);
  });

  it('draws kernels glorot-uniform within ±sqrt(6/(fan_in+fan_out)), spread over the range', () => {
    const w = initWeights(shape, 42);
    const checks = [
      { t: w.layers[0].kernel, limit: Math.sqrt(6 / (3 + 32)) },
      { t: w.layers[1].kernel, limit: Math.sqrt(6 / (8 + 20)) },
      { t: w.headKernel, limit: Math.sqrt(6 / (5 + 4)) },
    ];
    for (const { t, limit } of checks) {
      const maxAbs = Math.max(...t.map(Math.abs));
      expect(maxAbs).toBeLessThanOrEqual(limit);
      expect(maxAbs).toBeGreaterThan(0.7 * limit);
    }
  });

  it('is a function of the seed', () => {
    expect(initWeights(shape, 7)).toEqual(initWeights(shape, 7));
    expect(initWeights(shape, 7).layers[0].kernel).not.toEqual(initWeights(shape, 8).layers[0].kernel);
  });
});
