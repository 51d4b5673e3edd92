import { isLang } from '../i18n';
import { decodeWithPresets, encode } from '../link/urlCodec';
import { type Config, DEFAULT_CONFIG } from '../model/config';
import { isPresetName, PRESETS } from '../model/presets';
import type { PlaygroundState } from './store';

type LinkState = Pick<PlaygroundState, 'config' | 'lang' | 'hidden' | 'preset' | 'engine'> &
  Partial<Pick<PlaygroundState, 'inside' | 'lesson'>>;

/** What a link puts into the store: the config, the extras, and every problem to show. */
export function stateFromQuery(
  search: string,
): LinkState & Pick<PlaygroundState, 'linkProblems' | 'customMissingName' | 'inside' | 'lesson'> {
  const { config, extras, problems } = decodeWithPresets(search, PRESETS);
  let start: Config = config;
  let customMissingName: string | null = null;
  // A link can carry the name of own data, never the data: train on the default set meanwhile.
  if (config.dataset.name === 'custom') {
    customMissingName = config.dataset.customName ?? 'custom';
    start = { ...config, dataset: { ...DEFAULT_CONFIG.dataset } };
  }
  return {
    config: start,
    lang: isLang(extras.lang) ? extras.lang : 'en',
    hidden: extras.hide ?? [],
    preset: extras.preset !== undefined && isPresetName(extras.preset) ? extras.preset : null,
    engine: extras.engine ?? 'auto',
    linkProblems: problems,
    customMissingName,
    inside: extras.inside ?? null,
    lesson: extras.lesson ?? null,
  };
}

/** `embed`: the page shows itself as an iframe does (`embed=1`), which the link keeps. */
export function queryFromState(state: LinkState, embed = false): string {
  return encode(state.config, {
    preset: state.preset ?? undefined,
    lang: state.lang,
    hide: state.hidden.length > 0 ? state.hidden : undefined,
    engine: state.engine,
    inside: state.inside ?? undefined,
    embed,
    lesson: state.lesson ?? undefined,
  });
}

/** The page's address for the current state: what Copy link copies. */
export function shareLink(state: LinkState, location: Pick<Location, 'origin' | 'pathname'>): string {
  return `${location.origin}${location.pathname}?${queryFromState(state)}`;
}
