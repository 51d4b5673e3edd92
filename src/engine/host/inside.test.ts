import { describe, expect, it } from 'vitest';
import { type InsideProbe, insideTransferables } from './inside';

describe('insideTransferables', () => {
  it('transfers the probe’s own arrays and copies the gradient norms the trainer sends again', () => {
    const h = new Float32Array([0.1, 0.2]);
    const readout = new Float32Array([0.7]);
    const input = new Float32Array([1, 2]);
    const target = new Float32Array([3]);
    const normsH = new Float32Array([0.5, 0.25]);
    const probe: InsideProbe = {
      epoch: 3,
      steps: 6,
      midEpoch: false,
      window: 5,
      activations: { cell: 'simple_rnn', steps: 2, layers: [{ units: 1, directions: [{ h }] }], readout },
      gradNorms: { steps: 2, c: null, h: [[normsH]] },
      input,
      target,
      words: null,
    };
    const buffers = insideTransferables(probe);
    expect(buffers).toEqual([h.buffer, readout.buffer, input.buffer, target.buffer]);
    expect(buffers).not.toContain(normsH.buffer);
  });
});
