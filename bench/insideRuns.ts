import { INSIDE_VIEWS } from '../src/link/urlKeys';

/** The runs `npm run bench:inside` trains (inside.ts), each with its inside view closed and open. */
export interface Run {
  name: string;
  query: string;
  epochs: number;
  stepsPerEpoch: number;
  /** The inside view opened (Gates & state unless said; one this build lacks falls back to it). */
  view?: string;
}

export const RUNS: Run[] = [
  // overfit: 32 windows, batch 8: 4 steps an epoch, so the evaluation and the probe weigh most.
  { name: 'overfit', query: 'preset=overfit&e=25', epochs: 25, stepsPerEpoch: 4 },
  // long-range: 1024 windows of 30 steps (t=30: the preset has 100 since the stories issue, and
  // README's figures were measured at 30), batch 32: 32 steps an epoch.
  { name: 'long-range', query: 'preset=long-range&t=30&e=4', epochs: 4, stepsPerEpoch: 32 },
  // attention (issue 22): the story's LSTM(16) → additive attention over 50 steps, 1024 windows,
  // batch 32: 32 steps an epoch; open is its Attention view (two strips of 50 bars, the input).
  { name: 'attention', query: 'preset=attention&e=12', epochs: 12, stepsPerEpoch: 32, view: 'attention' },
  // translation (issue 23): the dates encoder–decoder as issue 23's note trains it (LSTM(64) encoder,
  // decoder 64 with general attention, T 30, 4,000 dates, batch 32: 125 steps an epoch), on the
  // WebAssembly engine (WebGPU hands it over); open is its Translation view (the attention matrix).
  {
    name: 'translation',
    query: 'd=dates&t=30&n=4000&vf=0.1&u=64&b=32&o=adam&lr=0.005&e=4',
    epochs: 4,
    stepsPerEpoch: 125,
    view: 'translation',
  },
];

/** The view a run opens in this build: its own where the app has it, else the default (gates). */
export function openedView(run: Pick<Run, 'view'>): string {
  const wanted = run.view ?? 'gates';
  return (INSIDE_VIEWS as readonly string[]).includes(wanted) ? wanted : 'gates';
}
