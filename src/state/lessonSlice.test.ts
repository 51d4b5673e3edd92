import { beforeEach, describe, expect, it } from 'vitest';
import { captureWorkerMessages, epochReport } from '../../test/support/state/storeFixtures';
import type { ToWorker } from '../engine/host/protocol';
import { DEFAULT_CONFIG } from '../model/config';
import { PRESETS } from '../model/presets';
import { initialRunSlice, usePlayground } from './store';

/** The store's lesson slice (issue 21): the lesson and its step, the class's picks, the lesson's runs. */

const sent: ToWorker[] = [];
const store = () => usePlayground.getState();
const report = epochReport;

beforeEach(() => {
  captureWorkerMessages(sent);
  usePlayground.setState({
    ...initialRunSlice(DEFAULT_CONFIG),
    runConfig: null,
    pastRuns: [],
    preset: null,
    linkProblems: [],
    lesson: null,
    lessonPicks: {},
  });
});

describe('the lesson slice', () => {
  it('opens a lesson at step 1 with no picks, moves between steps, and leaves', () => {
    store().openLesson('memory');
    expect(store().lesson).toEqual({ name: 'memory', step: 1 });
    store().setLessonStep(4);
    expect(store().lesson).toEqual({ name: 'memory', step: 4 });
    store().leaveLesson();
    expect(store().lesson).toBeNull();
    // Without a lesson a step goes nowhere.
    store().setLessonStep(2);
    expect(store().lesson).toBeNull();
  });

  it('keeps the class’s pick while the lesson goes on, forgets it with a new lesson', () => {
    store().openLesson('word-order');
    store().pickLessonChoice(2, 1);
    store().pickLessonChoice(2, 0);
    store().setLessonStep(5);
    store().setLessonStep(3);
    expect(store().lessonPicks).toEqual({ 2: 0 });
    store().openLesson('overfitting');
    expect(store().lessonPicks).toEqual({});
  });

  it('a link’s step past the lesson goes to its last step with a notice; one inside stays', () => {
    usePlayground.setState({ lesson: { name: 'word-order', step: 12 } });
    store().clampLessonStep(7);
    expect(store().lesson).toEqual({ name: 'word-order', step: 7 });
    expect(store().linkProblems.map((p) => p.message)).toEqual([
      "lstep=12 is past this lesson's last step 7; opened step 7",
    ]);
    store().clampLessonStep(7);
    expect(store().linkProblems).toHaveLength(1);
  });

  it('a lesson run loads its config under its preset and trains it; the last run goes to Compare runs', () => {
    store().openLesson('overfitting');
    store().trainLessonRun('overfit', structuredClone(PRESETS.overfit.config));
    expect(store().preset).toBe('overfit');
    expect(sent.find((m) => m.type === 'start')).toMatchObject({ config: PRESETS.overfit.config });
    store().receive([
      { type: 'state', state: 'running' },
      { type: 'epoch', report: report(1) },
      { type: 'epoch', report: report(2) },
    ]);
    sent.length = 0;
    const withDropout = { ...PRESETS.overfit.config, dropout: 0.3 };
    store().trainLessonRun('dropout', withDropout);
    expect(sent.map((m) => m.type)).toEqual(['stop', 'speed', 'probe', 'start']);
    expect(store().config).toEqual(withDropout);
    expect(store().runConfig).toEqual(withDropout);
    expect(store().preset).toBe('dropout');
    expect(store().pastRuns).toHaveLength(1);
    expect(store().lesson).toEqual({ name: 'overfitting', step: 1 });
  });
});
