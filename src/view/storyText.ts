import type { Lang } from '../i18n';
import type { Config } from '../model/config';
import { PRESETS, type PresetName } from '../model/presets';
import { formatRatio, modelSummary, type SummaryData } from './modelSummary';

/**
 * A story's text with its figures taken from the config on screen, never from the writer:
 *   {ratio}  parameters per training value, as model.summary() beside it counts them ("…" until
 *            the dataset is described);
 *   {steps}  the sequence length;
 *   {carry}  the fewest steps the adding problem's first marked value must be carried to the
 *            output (its first marker lies in the first ⌊T/2⌋ steps: T − ⌊T/2⌋);
 *   {epochs} the epochs the run trains.
 */
export function storyText(name: PresetName, lang: Lang, config: Config, data: SummaryData | null): string {
  const T = config.dataset.timesteps;
  const ratio = modelSummary(config, data)?.ratio;
  const figures: Record<string, string> = {
    ratio: ratio === null || ratio === undefined ? '…' : formatRatio(ratio),
    steps: String(T),
    carry: String(T - Math.floor(T / 2)),
    epochs: String(config.epochs),
  };
  return PRESETS[name].story[lang].replace(/\{(\w+)\}/g, (whole, key: string) => figures[key] ?? whole);
}
