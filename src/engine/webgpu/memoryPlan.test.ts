import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../data';
import { DEFAULT_CONFIG } from '../../model/config';
import { engineShapeOf, modelShape } from '../../model/params';
import { paramLayout } from '../contracts/paramLayout';
import { checkMemoryPlan, planStepBuffers } from './memoryPlan';

/** Limits as a modest adapter reports them (SwiftShader's). */
const LIMITS = { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 } as GPUSupportedLimits;

function plan(
  cell: 'lstm' | 'gru' | 'simple_rnn',
  bidirectional: boolean,
  units: number[],
  batch: number,
  steps: number,
) {
  const shape = modelShape(units, 8, 10, cell, bidirectional);
  const layout = paramLayout(shape);
  return planStepBuffers(
    shape,
    { trainX: 1000 * steps * 8, valX: 200 * steps * 8 },
    batch,
    steps,
    layout.size,
    1024,
  );
}

const total = (p: ReturnType<typeof plan>) => p.reduce((n, b) => n + b.bytes, 0);

describe('the memory plan covers every cell type and Bidirectional, before anything is allocated', () => {
  it('a Bidirectional layer plans both directions: about twice the activations', () => {
    const one = total(plan('gru', false, [256, 256], 64, 100));
    const two = total(plan('gru', true, [256, 256], 64, 100));
    expect(two / one).toBeGreaterThan(1.8);
  });

  it('each cell plans its own buffers: the LSTM its cell state, the GRU its recurrent terms, the SimpleRNN one gate', () => {
    const names = (c: 'lstm' | 'gru' | 'simple_rnn') => plan(c, false, [128], 32, 50).map((b) => b.name);
    expect(names('lstm')).toContain("layer 1's cell state");
    expect(names('gru')).toEqual(
      expect.arrayContaining(["layer 1's recurrent candidate", "layer 1's recurrent gate gradients"]),
    );
    expect(names('simple_rnn').some((n) => /cell state|recurrent candidate/.test(n))).toBe(false);
    const gates = (c: 'lstm' | 'gru' | 'simple_rnn') =>
      plan(c, false, [128], 32, 50).find((b) => b.name === "layer 1's gates")!.bytes;
    expect([gates('lstm'), gates('gru'), gates('simple_rnn')]).toEqual([
      50 * 32 * 4 * 128 * 4,
      50 * 32 * 3 * 128 * 4,
      50 * 32 * 128 * 4,
    ]);
  });

  it('counts the attention: [T·B] per step, the context [B, D], and the additive pre-activations [T·B, A]', () => {
    const [B, T] = [32, 50];
    const attentionOf = (attention: 'additive' | 'dot') => {
      const shape = modelShape([64], 8, 10, 'lstm', true, attention);
      const p = planStepBuffers(shape, { trainX: 0, valX: 0 }, B, T, paramLayout(shape).size, 1024);
      return new Map(p.filter((b) => b.name.startsWith('the attention')).map((b) => [b.name, b.bytes]));
    };
    const additive = attentionOf('additive');
    const D = 2 * 64; // Bidirectional: both directions' units
    expect(additive.get("the attention's pre-activations")).toBe(T * B * 64 * 4);
    expect(additive.get("the attention's context")).toBe(B * D * 4);
    for (const what of ['mask', 'scores', 'weights', 'score gradients']) {
      expect(additive.get(`the attention's ${what}`), what).toBe(T * B * 4);
    }
    const dot = attentionOf('dot');
    expect(dot.has("the attention's pre-activations")).toBe(false);
    expect(dot.get("the attention's context gradient")).toBe(B * D * 4);
    expect(attentionOf('additive').size - dot.size).toBe(1);
    const none = plan('lstm', true, [64], B, T);
    expect(none.some((b) => b.name.startsWith('the attention'))).toBe(false);
  });

  it('counts an encoder–decoder: its buffers over T_out·B rows, the alignment [T_out·B·T_in], outputs T_out·V wide', () => {
    const [B, T, S, V, H] = [32, 30, 10, 11, 64];
    const config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'dates' as const, trainSize: 64, timesteps: T },
      layers: [H],
    };
    const shape = engineShapeOf(config, buildDataset(config.dataset, 1, {}));
    const p = planStepBuffers(shape, { trainX: 0, valX: 0 }, B, T, paramLayout(shape).size, 1024);
    const bytes = (name: string) => p.filter((b) => b.name === name).map((b) => b.bytes);
    expect(bytes('the evaluation outputs')).toEqual([1024 * S * V * 4]);
    expect(bytes("the decoder's alignment scores, weights or their gradient")).toEqual(
      Array(3).fill(S * B * T * 4),
    );
    expect(bytes("the decoder's LSTM gates")).toEqual([S * B * 4 * H * 4]);
    expect(bytes("the decoder's queries' gradient through Wa")).toEqual([S * B * H * 4]); // general
    const none = plan('lstm', false, [H], B, T);
    expect(none.some((b) => b.name.startsWith("the decoder's"))).toBe(false);
  });

  it('refuses a Bidirectional 4×512 model that does not fit, naming the knobs to lower', () => {
    const big = plan('lstm', true, [512, 512, 512, 512], 512, 200);
    expect(() => checkMemoryPlan(big, LIMITS, 2 ** 30)).toThrow(/lower .*Bidirectional/);
    // The same model in one direction is refused too, but without blaming Bidirectional.
    expect(() =>
      checkMemoryPlan(plan('lstm', false, [512, 512, 512, 512], 512, 200), LIMITS, 2 ** 30),
    ).toThrow(/lower batch_size, timesteps or units$/);
  });
});
