import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { addLiveMark, liveChanges } from './liveChanges';

describe('liveChanges', () => {
  it('lists the live knobs that differ, with their old and new values', () => {
    const prev = { ...DEFAULT_CONFIG, dropout: 0, l2: 0 };
    const next = {
      ...prev,
      dropout: 0.3,
      l2: 0.001,
      earlyStopping: { ...prev.earlyStopping, enabled: !prev.earlyStopping.enabled },
    };
    expect(liveChanges(prev, next)).toEqual([
      { knob: 'dropout', from: 0, to: 0.3 },
      { knob: 'l2', from: 0, to: 0.001 },
      { knob: 'earlyStopping', from: prev.earlyStopping.enabled, to: !prev.earlyStopping.enabled },
    ]);
    expect(liveChanges(prev, prev)).toEqual([]);
  });

  it('names every live knob the chart can mark, in the controls’ order', () => {
    const prev = DEFAULT_CONFIG;
    const next = {
      ...prev,
      dropout: 0.1,
      recurrentDropout: 0.2,
      outputDropout: 0.3,
      l1: 0.004,
      l2: 0.005,
      earlyStopping: { enabled: true, patience: 3, minDelta: 0.01, restoreBestWeights: false },
    };
    expect(liveChanges(prev, next)).toEqual([
      { knob: 'dropout', from: 0, to: 0.1 },
      { knob: 'recurrentDropout', from: 0, to: 0.2 },
      { knob: 'outputDropout', from: 0, to: 0.3 },
      { knob: 'l1', from: 0, to: 0.004 },
      { knob: 'l2', from: 0, to: 0.005 },
      { knob: 'earlyStopping', from: false, to: true },
      { knob: 'patience', from: 8, to: 3 },
      { knob: 'minDelta', from: 0, to: 0.01 },
      { knob: 'restoreBestWeights', from: true, to: false },
    ]);
  });
});

describe('addLiveMark', () => {
  const dropout = { knob: 'dropout' as const, from: 0, to: 0.2 };
  it('adds a mark per epoch', () => {
    const one = addLiveMark([], 3, [dropout]);
    expect(addLiveMark(one, 5, [{ knob: 'l2', from: 0, to: 0.001 }])).toEqual([
      { epoch: 3, changes: [{ knob: 'dropout', from: 0, to: 0.2 }] },
      { epoch: 5, changes: [{ knob: 'l2', from: 0, to: 0.001 }] },
    ]);
  });

  it('joins changes at the same epoch: first "from", last "to"; a knob changed back is no change', () => {
    const one = addLiveMark([], 3, [dropout]);
    const twice = addLiveMark(one, 3, [
      { knob: 'dropout', from: 0.2, to: 0.5 },
      { knob: 'l1', from: 0, to: 0.01 },
    ]);
    expect(twice).toEqual([
      {
        epoch: 3,
        changes: [
          { knob: 'dropout', from: 0, to: 0.5 },
          { knob: 'l1', from: 0, to: 0.01 },
        ],
      },
    ]);
    expect(addLiveMark(one, 3, [{ knob: 'dropout', from: 0.2, to: 0 }])).toEqual([]);
  });

  it('adds no mark for no change', () => {
    const one = addLiveMark([], 3, [dropout]);
    const same = addLiveMark(one, 4, []);
    expect(same).toEqual(one);
    expect(same).not.toBe(one);
    expect(addLiveMark([], 1, [])).toEqual([]);
  });
});
