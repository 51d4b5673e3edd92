import { INSIDE_DEFAULTS } from '../link/urlKeys';
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
  setInside({ ...INSIDE_DEFAULTS, view: look.view, window: look.window ?? INSIDE_DEFAULTS.window });
  if (look.phrase) await showWindowWithWords(look.phrase);
}
