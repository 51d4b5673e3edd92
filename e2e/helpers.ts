import { expect, type Page } from '@playwright/test';

/** A run small enough to train a few epochs in seconds on SwiftShader or the CPU engine. */
const TINY = { d: 'sine', n: '32', t: '8', u: '8', b: '16', e: '6', s: '1' };

/** The tiny run's query, with some params replaced or added (each key appears once). */
export function tiny(extra: Record<string, string> = {}): string {
  return new URLSearchParams({ ...TINY, ...extra }).toString();
}

/** Console errors and uncaught page errors, minus the browser's own favicon probe. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (msg.location().url.endsWith('/favicon.ico')) return;
    errors.push(`${msg.text()} @ ${msg.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** Trains until the run says it is finished. */
export async function trainToEnd(page: Page, timeout = 60_000): Promise<void> {
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('class', /state-done/, { timeout });
}

export async function chartPoints(page: Page): Promise<number> {
  const plot = page.getByTestId('loss-chart-plot');
  if ((await plot.count()) === 0) return 0;
  return Number(await plot.getAttribute('data-points'));
}

/** The config the page shows, read back from its link (the link is the state). */
export function queryOf(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}
