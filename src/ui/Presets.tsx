import { memo } from 'react';
import { PRESET_NAMES, PRESETS, type PresetName } from '../model/presets';
import { usePlayground } from '../state/store';
import { Group } from './fields';
import { useT } from './useT';

/** The guided demos: pick one to load its config; its story says what to watch. */
export const PresetPicker = memo(function PresetPicker() {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const preset = usePlayground((s) => s.preset);
  const loadPreset = usePlayground((s) => s.loadPreset);
  return (
    <Group title={t('presets')}>
      <div className="preset-list">
        {PRESET_NAMES.map((name) => (
          <button
            key={name}
            type="button"
            className="preset"
            aria-pressed={preset === name}
            data-testid={`preset-${name}`}
            title={PRESETS[name].story[lang]}
            onClick={() => loadPreset(name)}
          >
            {PRESETS[name].title[lang]}
          </button>
        ))}
      </div>
    </Group>
  );
});

/** The loaded demo's story, above the chart. */
export const PresetStory = memo(function PresetStory() {
  const lang = usePlayground((s) => s.lang);
  const preset = usePlayground((s) => s.preset) as PresetName | null;
  if (!preset) return null;
  return (
    <aside className="story" data-testid="preset-story">
      <h2>{PRESETS[preset].title[lang]}</h2>
      <p>{PRESETS[preset].story[lang]}</p>
    </aside>
  );
});
