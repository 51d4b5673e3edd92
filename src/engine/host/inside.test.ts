import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import type { ProbeActivations } from '../contracts/probe';
import type { Trainer } from '../training/trainer';
import { type InsideProbe, insideTransferables, sentenceAnswer } from './inside';

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

describe('sentenceAnswer', () => {
  const vocabulary = ['<pad>', 'not', 'bad'];
  const dataset = { vocabulary, timesteps: 3 } as unknown as Dataset;
  const trainerWith = (activations: ProbeActivations) =>
    ({ probeNow: async () => activations, weightsEpoch: 4 }) as unknown as Trainer;
  const base: ProbeActivations = { cell: 'lstm', steps: 3, layers: [], readout: null };

  it('with attention: the weights on one’s own sentence, no readout per word', async () => {
    const alpha = Float32Array.of(0.1, 0.3, 0.6);
    const attention = { score: 'dot' as const, scores: Float32Array.of(0, 1, 2), alpha };
    const answer = await sentenceAnswer('not bad', { trainer: trainerWith({ ...base, attention }), dataset });
    expect(answer.ok && answer.sentence.alpha).toBe(alpha);
    expect(answer.ok && answer.sentence.readout).toBeNull();
    expect(answer.ok && answer.sentence.epoch).toBe(4);
  });

  it('without attention: no weights', async () => {
    const readout = Float32Array.of(0.5, 0.5, 0.4, 0.6, 0.2, 0.8);
    const answer = await sentenceAnswer('not bad', { trainer: trainerWith({ ...base, readout }), dataset });
    expect(answer.ok && answer.sentence.alpha).toBeNull();
    expect(answer.ok && answer.sentence.readout).toBe(readout);
  });
});

describe('sentenceAnswer on a translation dataset (issue 23)', () => {
  const dataset = {
    vocabulary: ['a'],
    timesteps: 12,
    target: { steps: 10, vocabulary: [...'0123456789-'] },
  } as unknown as Dataset;
  const translation = {
    outSteps: 10,
    inSteps: 12,
    alpha: new Float32Array(120),
    outputs: new Float32Array(110),
  };
  let seen: Float32Array | null = null;
  const trainer = {
    probeNow: async (input: { x: Float32Array }) => {
      seen = input.x;
      return { cell: 'lstm', steps: 12, layers: [], readout: null, translation };
    },
    weightsEpoch: 2,
  } as unknown as Trainer;

  it('encodes the typed date as the dataset does and returns its alignment', async () => {
    const answer = await sentenceAnswer(' 25/03/20 ', { trainer, dataset });
    expect(answer.ok && answer.sentence.translation).toBe(translation);
    expect(answer.ok && answer.sentence.text).toBe('25/03/20');
    // x [T, 63] one-hot, front-padded: 12 − 8 rows of padding, then one 1 per character.
    expect(seen!.length % 12).toBe(0);
    const F = seen!.length / 12;
    const ones = (t: number) => seen!.slice(t * F, (t + 1) * F).reduce((a, b) => a + b, 0);
    expect(Array.from({ length: 12 }, (_, t) => ones(t))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('refuses by name: empty, too long (with the limit), an unknown character (named)', async () => {
    expect(await sentenceAnswer('  ', { trainer, dataset })).toEqual({
      ok: false,
      code: 'sentenceDateEmpty',
    });
    expect(await sentenceAnswer('25 March 2020 x', { trainer, dataset })).toEqual({
      ok: false,
      code: 'sentenceDateTooLong',
      max: 12,
      chars: 15,
    });
    expect(await sentenceAnswer('25 Mär 20', { trainer, dataset })).toEqual({
      ok: false,
      code: 'sentenceDateUnknown',
      char: 'ä',
    });
  });
});
