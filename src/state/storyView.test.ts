import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetSummary } from '../data/types';
import type { WorkerReply } from '../engine/host/protocol';
import { DEFAULT_CONFIG } from '../model/config';
import { PRESETS } from '../model/presets';
import { usePlayground } from './store';
import { openStoryView, showWindowWithWords } from './storyView';
import { requestWorker } from './workerClient';

vi.mock('./workerClient', () => ({ requestWorker: vi.fn() }));
const worker = vi.mocked(requestWorker);

const replies = (reply: Partial<WorkerReply> | Error) =>
  worker.mockImplementation(() =>
    reply instanceof Error
      ? Promise.reject(reply)
      : Promise.resolve({ type: 'reply', id: 1, ...reply } as WorkerReply),
  );

beforeEach(() => {
  worker.mockReset();
  usePlayground.setState({ config: DEFAULT_CONFIG, custom: null, inside: null, dataset: null });
});

describe('showWindowWithWords', () => {
  it('points the inside views at the first validation example with the words, keeping the view', async () => {
    usePlayground.setState({ inside: { view: 'words', window: 0, layer: 2, unit: 3 } });
    replies({ ok: true, window: 30, phrase: 'not bad', valSize: 200 });
    expect(await showWindowWithWords('Not  bad')).toEqual({ found: true, window: 30, phrase: 'not bad' });
    expect(worker).toHaveBeenCalledWith({
      type: 'findWindow',
      config: DEFAULT_CONFIG,
      custom: undefined,
      phrase: 'Not  bad',
    });
    expect(usePlayground.getState().inside).toEqual({ view: 'words', window: 30, layer: 2, unit: 3 });
  });

  it('opens the default view on the example when the inside views were closed', async () => {
    replies({ ok: true, window: 4, phrase: 'good', valSize: 200 });
    await showWindowWithWords('good');
    expect(usePlayground.getState().inside).toEqual({ view: 'gates', window: 4, layer: 1, unit: 0 });
  });

  it('finds the very first validation example', async () => {
    replies({ ok: true, window: 0, phrase: 'good', valSize: 200 });
    expect(await showWindowWithWords('good')).toEqual({ found: true, window: 0, phrase: 'good' });
  });

  it('says no example has the words, and leaves the views where they were', async () => {
    replies({ ok: true, window: -1, phrase: 'zebra', valSize: 200 });
    expect(await showWindowWithWords('zebra')).toEqual({ found: false, phrase: 'zebra', reason: 'noMatch' });
    expect(usePlayground.getState().inside).toBeNull();
  });

  it('says the dataset has no words, or that the search failed', async () => {
    replies({ ok: false, message: 'not text', code: 'sentenceNotText' });
    expect(await showWindowWithWords('up')).toEqual({ found: false, phrase: 'up', reason: 'notText' });
    replies({ ok: false, message: 'shape', code: 'datasetShape' });
    expect(await showWindowWithWords('up')).toEqual({ found: false, phrase: 'up', reason: 'failed' });
    replies(new Error('the training worker is not running'));
    expect(await showWindowWithWords('up')).toEqual({ found: false, phrase: 'up', reason: 'failed' });
  });

  it('searches the own data only while the config is on it', async () => {
    const custom = { text: 'a,b\n1,2', fileName: 'mine.csv' } as never;
    replies({ ok: true, window: 1, phrase: 'x', valSize: 2 });
    usePlayground.setState({ custom });
    await showWindowWithWords('x');
    expect(worker.mock.calls[0][0]).toMatchObject({ custom: undefined });
    const config = { ...DEFAULT_CONFIG, dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom' as const } };
    usePlayground.setState({ config, custom });
    await showWindowWithWords('x');
    expect(worker.mock.calls[1][0]).toMatchObject({ custom });
  });
});

describe('openStoryView', () => {
  it("opens the story's view on the default example", async () => {
    await openStoryView('long-range');
    expect(usePlayground.getState().inside).toEqual({ view: 'gates', window: 0, layer: 1, unit: 0 });
    await openStoryView('why-lstm');
    expect(usePlayground.getState().inside).toEqual({ view: 'gradients', window: 0, layer: 1, unit: 0 });
    expect(worker).not.toHaveBeenCalled();
  });

  it('then finds the example its text names', async () => {
    replies({ ok: true, window: 30, phrase: 'not bad', valSize: 200 });
    await openStoryView('sentiment');
    expect(worker.mock.calls[0][0]).toMatchObject({ phrase: 'not bad' });
    expect(usePlayground.getState().inside).toEqual({ view: 'words', window: 30, layer: 1, unit: 0 });
  });

  it('opens on the example its text names by index, once the story’s dataset is described', async () => {
    // The page still describes the previous dataset (sine, 128 validation windows): window 274
    // would be clamped to it, so the story waits for its own dataset's description.
    const summary = (name: string, timesteps: number, valSize: number) =>
      ({ name, timesteps, valSize }) as DatasetSummary;
    usePlayground.setState({
      config: PRESETS.translation.config,
      dataset: summary('sine', 20, 128),
      inside: { view: 'gates', window: 3, layer: 1, unit: 5 },
    });
    const opened = openStoryView('translation');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Still waiting: the view is open, on window 0.
    expect(usePlayground.getState().inside).toEqual({ view: 'translation', window: 0, layer: 1, unit: 0 });
    usePlayground.setState({ dataset: summary('dates', 30, 444) });
    await opened;
    expect(usePlayground.getState().inside).toEqual({ view: 'translation', window: 274, layer: 1, unit: 0 });
    expect(worker).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'findWindow' }));
  });

  it('does not move the views when the page leaves the story’s dataset, or closes them, first', async () => {
    const summary = { name: 'sine', timesteps: 20, valSize: 128 } as DatasetSummary;
    usePlayground.setState({ config: PRESETS.translation.config, dataset: summary });
    const left = openStoryView('translation');
    usePlayground.setState({ config: DEFAULT_CONFIG });
    await left;
    expect(usePlayground.getState().inside?.window).toBe(0);
    usePlayground.setState({ config: PRESETS.translation.config });
    const closed = openStoryView('translation');
    usePlayground.setState({ inside: null });
    usePlayground.setState({ dataset: { ...summary, name: 'dates', timesteps: 30, valSize: 444 } });
    await closed;
    expect(usePlayground.getState().inside).toBeNull();
  });

  it('leaves the views alone for a story without one', async () => {
    await openStoryView('dropout');
    expect(usePlayground.getState().inside).toBeNull();
  });
});
