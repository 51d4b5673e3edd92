import { LossChart } from './LossChart';
import { PresetStory } from './Presets';
import { RemedyToggles } from './RemedyToggles';
import { Safe } from './Safe';
import { TrainControls } from './TrainControls';

/**
 * The story, its training controls and the loss chart: the run's column on the full page and all
 * of an embed (EmbedApp) above the inside view. Each panel fails alone.
 */
export function StoryRun() {
  return (
    <>
      <Safe>
        <PresetStory />
      </Safe>
      <Safe>
        <div className="toolbar">
          <TrainControls />
          <RemedyToggles />
        </div>
      </Safe>
      <Safe>
        <LossChart />
      </Safe>
    </>
  );
}
