import { describe, expect, it } from 'vitest';
import { GATHER_EXAMPLE } from '../../../test/support/engine/gatherExample';
import { gather_batch } from './batchOps';

describe('gather_batch', () => {
  it('turns sample-major rows into a time-major batch: literal values', () => {
    const { dims, idx, x, y, x0, y0 } = GATHER_EXAMPLE;
    const got = { x0: new Float32Array(x0.length), y0: new Float32Array(y0.length) };
    gather_batch(dims, idx, x, y, got.x0, got.y0);
    expect({ x0: Array.from(got.x0), y0: Array.from(got.y0) }).toEqual({ x0, y0 });
  });
});
