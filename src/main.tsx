import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { decode } from './link/urlCodec';
import { registerOfflineApp } from './state/serviceWorker';
import { usePlayground } from './state/store';
import { openStoryView } from './state/storyView';
import { queryFromState, stateFromQuery } from './state/urlSync';
import { connectWorker } from './state/workerClient';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './ui/styles.css';

// The link is the state: read it once, then keep it in step (replaceState: no history entry per knob).
usePlayground.setState(stateFromQuery(window.location.search));
// embed=1: the page in an iframe (README, "Embed"); a way of showing it, read once and kept in the link.
const embed = decode(window.location.search).extras.embed === true;
const writeLink = () => {
  const query = queryFromState(usePlayground.getState(), embed);
  if (window.location.search !== `?${query}`) window.history.replaceState(null, '', `?${query}`);
  document.documentElement.lang = usePlayground.getState().lang;
};
writeLink();
// Where the inside views look changes with every arrow key: those writes wait for a pause, since
// a replaceState costs ~10 ms of the main thread here.
let insideLinkTimer: ReturnType<typeof setTimeout> | undefined;
usePlayground.subscribe((s, prev) => {
  if (
    s.config !== prev.config ||
    s.lang !== prev.lang ||
    s.hidden !== prev.hidden ||
    s.preset !== prev.preset ||
    s.lesson !== prev.lesson
  ) {
    clearTimeout(insideLinkTimer);
    writeLink();
  } else if (s.inside !== prev.inside) {
    clearTimeout(insideLinkTimer);
    insideLinkTimer = setTimeout(writeLink, 250);
  }
});

connectWorker();
usePlayground.getState().requestPreview();
// An embedded story opens the inside view where its evidence is, as its button does on the full
// page, unless the link names a view itself.
const { preset, inside } = usePlayground.getState();
if (embed && preset !== null && inside === null) void openStoryView(preset);
if (import.meta.env.PROD) registerOfflineApp();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary title="Something went wrong." retry="Try again">
      <App embed={embed} />
    </ErrorBoundary>
  </StrictMode>,
);
