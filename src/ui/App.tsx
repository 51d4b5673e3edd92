import { usePlayground } from '../state/store';
import { CompareRuns } from './CompareRuns';
import { ConfirmDialog } from './ConfirmDialog';
import { DatasetControls } from './DatasetControls';
import { EarlyStoppingControls } from './EarlyStoppingControls';
import { EmbedApp } from './EmbedApp';
import { ModelIoNotes } from './ExportMenu';
import { Header } from './Header';
import { InsidePanel } from './inside/InsidePanel';
import { LessonMode } from './lesson/LessonMode';
import { MetricsPanel } from './MetricsPanel';
import { ModelControls } from './ModelControls';
import { Notices } from './Notices';
import { OptimizerControls } from './OptimizerControls';
import { PresetPicker } from './Presets';
import { RegularizationControls } from './RegularizationControls';
import { Safe } from './Safe';
import { StoryRun } from './StoryRun';
import { useT } from './useT';

/**
 * Lesson mode when the link names a lesson (in an iframe too: it has no header either); else, with
 * `embed` (`embed=1` in the link), the page as an iframe shows it: one story, no header (EmbedApp).
 */
export function App({ embed = false }: { embed?: boolean }) {
  const t = useT();
  const hiddenCount = usePlayground((s) => s.hidden.length);
  const lesson = usePlayground((s) => s.lesson);
  // Lesson mode (issue 21): the lesson's step and the panels it needs, no settings.
  if (lesson)
    return (
      <div className="app lesson-mode">
        <Safe>
          <Notices />
        </Safe>
        <main>
          <Safe>
            <LessonMode link={lesson} />
          </Safe>
        </main>
        <Safe>
          <ConfirmDialog />
        </Safe>
      </div>
    );
  if (embed) return <EmbedApp />;
  return (
    <div className="app">
      <a className="skip-link" href="#train-controls" data-testid="skip-link">
        {t('skipToControls')}
      </a>
      <Safe>
        <Header />
      </Safe>
      <Safe>
        <Notices />
      </Safe>
      <Safe>
        <ModelIoNotes />
      </Safe>
      <main className="layout">
        <aside className="side" aria-label={t('configure')}>
          <Safe>
            <PresetPicker />
          </Safe>
          {hiddenCount > 0 && <p className="note hidden-note">{t('hiddenNote')}</p>}
          <Safe>
            <DatasetControls />
          </Safe>
          <Safe>
            <ModelControls />
          </Safe>
          <Safe>
            <RegularizationControls />
          </Safe>
          <Safe>
            <EarlyStoppingControls />
          </Safe>
          <Safe>
            <OptimizerControls />
          </Safe>
        </aside>
        <section className="center">
          <StoryRun />
          <div className="below-chart">
            <Safe>
              <MetricsPanel />
            </Safe>
            <Safe>
              <CompareRuns />
            </Safe>
          </div>
          <Safe>
            <InsidePanel />
          </Safe>
        </section>
      </main>
      <Safe>
        <ConfirmDialog />
      </Safe>
    </div>
  );
}
