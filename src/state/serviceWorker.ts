/// <reference types="vite-plugin-pwa/vanillajs" />
import { registerSW } from 'virtual:pwa-register';
import { usePlayground } from './store';

/** How often an open page asks the server for a new version: a demo may stay open all lesson. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker that keeps the app working offline (Workbox, see vite.config.ts).
 * A new version installs in the background and waits: the store's `updateReady` makes the page say
 * so, and only the user's click (applyUpdate) swaps it in and reloads, never a running model.
 */
export function registerOfflineApp(): void {
  if (!('serviceWorker' in navigator)) return;
  if (navigator.serviceWorker.controller) usePlayground.setState({ offlineReady: true });
  const update = registerSW({
    onNeedRefresh: () => usePlayground.setState({ updateReady: true }),
    onOfflineReady: () => usePlayground.setState({ offlineReady: true }),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine) registration.update().catch(() => {});
      }, UPDATE_CHECK_MS);
    },
  });
  usePlayground.setState({ applyUpdate: () => update(true) });
}
