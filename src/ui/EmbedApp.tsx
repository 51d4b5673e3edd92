import { memo } from 'react';
import { usePlayground } from '../state/store';
import { queryFromState } from '../state/urlSync';
import { ConfirmDialog } from './ConfirmDialog';
import { InsidePanel } from './inside/InsidePanel';
import { Notices } from './Notices';
import { Safe } from './Safe';
import { StoryRun } from './StoryRun';
import { useT } from './useT';

/**
 * The same run without `embed=1`, on this origin: what "Open in the full playground" opens. A new
 * tab, since the frame's host page (a slide, a course page) should stay where the student is.
 */
const FullPlaygroundLink = memo(function FullPlaygroundLink() {
  const t = useT();
  const query = usePlayground((s) => queryFromState(s));
  return (
    <a
      className="embed-full"
      href={`${window.location.pathname}?${query}`}
      target="_blank"
      rel="noopener"
      data-testid="embed-full-link"
    >
      {t('embedOpenFull')} <span aria-hidden="true">↗</span>
      <span className="sr-only"> ({t('embedNewTab')})</span>
    </a>
  );
});

/**
 * `embed=1`: one story in an iframe (a slide, a course page, an LMS). No header and no settings:
 * the story's text, Train/Pause, the loss chart and the inside view the story opens, as its link
 * set them; notices stay, since a fallback or a refused config must still say why.
 */
export function EmbedApp() {
  const t = useT();
  const insideOpen = usePlayground((s) => s.inside !== null);
  return (
    <div className="app embed" data-testid="embed">
      <h1 className="sr-only">{t('appTitle')}</h1>
      <Safe>
        <Notices />
      </Safe>
      <main className="embed-main">
        <StoryRun />
        {insideOpen && (
          <Safe>
            <InsidePanel />
          </Safe>
        )}
        <FullPlaygroundLink />
      </main>
      <Safe>
        <ConfirmDialog />
      </Safe>
    </div>
  );
}
