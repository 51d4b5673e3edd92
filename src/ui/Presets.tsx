import { memo } from 'react';
import { PRESET_NAMES, PRESETS, type PresetName } from '../model/presets';
import { usePlayground } from '../state/store';
import { openStoryView } from '../state/storyView';
import { lessonOfPreset } from '../view/lessons';
import { summaryData } from '../view/modelSummary';
import { storyText } from '../view/storyText';
import { Group } from './fields';
import { TEACH_BUTTON_ID } from './lesson/lessonIds';
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
            title={storyText(name, lang, PRESETS[name].config, null)}
            onClick={() => {
              loadPreset(name);
              void openStoryView(name);
            }}
          >
            {PRESETS[name].title[lang]}
          </button>
        ))}
      </div>
    </Group>
  );
});

/** The loaded demo's story, above the chart, its figures from the config on screen. */
export const PresetStory = memo(function PresetStory() {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const preset = usePlayground((s) => s.preset) as PresetName | null;
  const config = usePlayground((s) => s.config);
  const dataset = usePlayground((s) => s.dataset);
  const openLesson = usePlayground((s) => s.openLesson);
  if (!preset) return null;
  const lesson = lessonOfPreset(preset);
  return (
    <aside className="story" data-testid="preset-story">
      <h2>{PRESETS[preset].title[lang]}</h2>
      <p>{storyText(preset, lang, config, summaryData(dataset))}</p>
      {lesson && (
        <button
          type="button"
          id={TEACH_BUTTON_ID}
          className="teach"
          data-testid="teach-lesson"
          onClick={() => openLesson(lesson)}
        >
          {t('lessonTeach')}
        </button>
      )}
    </aside>
  );
});
