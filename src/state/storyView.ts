import { INSIDE_DEFAULTS } from '../link/urlKeys';
import type { Config } from '../model/config';
import { PRESETS, type PresetName } from '../model/presets';
import { usePlayground } from './store';
import { requestWorker } from './workerClient';

/** What a search for a validation example by its words found. */
export type WindowSearch =
  | { found: true; window: number; phrase: string }
  | { found: false; phrase: string; reason: 'noMatch' | 'notText' | 'failed' };

/**
 * Finds the first validation example of the config's dataset whose words contain `phrase` (in the
 * worker, which builds the dataset as a run does) and points the inside views at it.
 */
export async function showWindowWithWords(phrase: string): Promise<WindowSearch> {
  const { config, custom } = usePlayground.getState();
  const useCustom = config.dataset.name === 'custom' && custom ? custom : undefined;
  let reply: Awaited<ReturnType<typeof requestWorker>>;
  try {
    reply = await requestWorker({ type: 'findWindow', config, custom: useCustom, phrase });
  } catch {
    return { found: false, phrase, reason: 'failed' };
  }
  if (!reply.ok)
    return { found: false, phrase, reason: reply.code === 'sentenceNotText' ? 'notText' : 'failed' };
  if (!('window' in reply) || reply.window < 0) return { found: false, phrase, reason: 'noMatch' };
  const { inside, setInside } = usePlayground.getState();
  setInside({ ...(inside ?? INSIDE_DEFAULTS), window: reply.window });
  return { found: true, window: reply.window, phrase: reply.phrase };
}

/**
 * Opens the inside views where a story's evidence is: its view (the latch on Gates & state, the
 * gradient through time, the units, the words, the translation's alignment), on the validation
 * example its text names (found by its words, or by its index where the data has no words).
 */
export async function openStoryView(name: PresetName): Promise<void> {
  const look = PRESETS[name].look;
  if (!look) return;
  const { setInside } = usePlayground.getState();
  setInside({ ...INSIDE_DEFAULTS, view: look.view });
  if (look.phrase) await showWindowWithWords(look.phrase);
  if (look.window !== undefined && (await whenDescribed(PRESETS[name].config, look.window))) {
    const { inside } = usePlayground.getState();
    if (inside) usePlayground.getState().setInside({ ...inside, window: look.window });
  }
}

/**
 * Resolves true once the page describes the config's dataset (its name and length) with more
 * than `window` validation examples, false if the config leaves that dataset first. Until then a
 * window the previous dataset lacks would be clamped to it (store.receive) and lost.
 */
function whenDescribed(config: Config, window: number): Promise<boolean> {
  type State = ReturnType<typeof usePlayground.getState>;
  const fits = ({ dataset }: State) =>
    dataset?.name === config.dataset.name &&
    dataset.timesteps === config.dataset.timesteps &&
    dataset.valSize > window;
  const left = (s: State) => s.config.dataset.name !== config.dataset.name;
  const now = usePlayground.getState();
  if (fits(now) || left(now)) return Promise.resolve(fits(now));
  return new Promise((resolve) => {
    const stop = usePlayground.subscribe((s) => {
      if (!fits(s) && !left(s)) return;
      stop();
      resolve(fits(s));
    });
  });
}
