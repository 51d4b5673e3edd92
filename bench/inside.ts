import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { openedView, RUNS, type Run } from './insideRuns';
import { serveStatic } from './serve';

/**
 * `npm run bench:inside -- [--engine webgpu|cpu] [--rounds N] [--run NAME] [--json]`: what the inside views
 * cost the training. The built app in headless Chromium trains each run below with the views
 * closed and with them open (Gates & state: the worker probes a window after every epoch, the
 * steps sum their gradient norms, the page draws six heatmaps; for the attention run, its
 * Attention view: the strips of α, epoch 1's beside the current; for the translation run, its
 * Translation view where the app has one, else the panel's default view, said on stderr and in
 * the JSON), alternating in each round so the machine's load falls on both alike. Training steps
 * per second are timed from the end of the first epoch (start-up and compilation left out) to the
 * end of the run, evaluation included, as a user waits for them; the main-thread tasks over 50 ms
 * (their count and the longest) are taken over the same stretch.
 */
const FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const WEBGPU = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
];

async function timeRun(
  page: Page,
  url: string,
  run: Run,
): Promise<{ stepsPerSec: number; longestTaskMs: number; longTasks: number; mainMsPerStep: number }> {
  await page.addInitScript(() => {
    const w = window as unknown as { __tasks: number[] };
    w.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await page.goto(`${url}?${run.query}`);
  await page.getByTestId('dataset-preview').waitFor();
  await page.getByTestId('play').click();
  // The page shows a few updates a second: wait for the first epoch or a later one, and count from it.
  const epochShown = () =>
    Number(
      /epoch (\d+)/.exec(document.querySelector('[data-testid="epoch-counter"]')?.textContent ?? '')?.[1] ??
        0,
    );
  await page.waitForFunction(epochShown, null, { timeout: 300_000 });
  const first = await page.evaluate(epochShown);
  // The page's main thread, busy: Chromium's TaskDuration (seconds, all tasks) over the same stretch.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busySeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const busy0 = await busySeconds();
  const t0 = Date.now();
  await page.evaluate(() => {
    (window as unknown as { __tasks: number[] }).__tasks.length = 0;
  });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-state"]')?.classList.contains('state-done'),
    null,
    {
      timeout: 600_000,
    },
  );
  const seconds = (Date.now() - t0) / 1000;
  const busy = (await busySeconds()) - busy0;
  const tasks = await page.evaluate(() => (window as unknown as { __tasks: number[] }).__tasks);
  const steps = (run.epochs - first) * run.stepsPerEpoch;
  return {
    stepsPerSec: steps / seconds,
    longestTaskMs: Math.max(0, ...tasks),
    longTasks: tasks.length,
    mainMsPerStep: (busy * 1000) / steps,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'webgpu' },
      rounds: { type: 'string', default: '3' },
      run: { type: 'string' },
      json: { type: 'boolean', default: false },
      browser: { type: 'string', default: '/usr/bin/chromium' },
    },
  });
  const engine = values.engine === 'cpu' ? 'cpu' : 'webgpu';
  const rounds = Math.max(1, Number(values.rounds));
  const runs = values.run ? RUNS.filter((r) => r.name === values.run) : RUNS;
  if (runs.length === 0) throw new Error(`--run ${values.run}: one of ${RUNS.map((r) => r.name).join(', ')}`);
  await build({ logLevel: 'warn' });
  const server = await serveStatic(fileURLToPath(new URL('../dist', import.meta.url)));
  const args = engine === 'webgpu' ? [...WEBGPU, ...FLAGS] : ['--no-sandbox', '--disable-gpu', ...FLAGS];
  const browser = await chromium.launch({ executablePath: values.browser, args, headless: true });
  const results = [];
  try {
    for (const run of runs) {
      const timings = {
        closed: [] as number[],
        open: [] as number[],
        closedMain: [] as number[],
        openMain: [] as number[],
        longestOpenTaskMs: 0,
        longestClosedTaskMs: 0,
        longTasksOpen: 0,
        longTasksClosed: 0,
      };
      const view = openedView(run);
      if (view !== (run.view ?? 'gates'))
        process.stderr.write(
          `${run.name}: this build has no '${run.view}' view; the panel opens on '${view}'\n`,
        );
      for (let r = 0; r < rounds; r++) {
        // Alternate which goes first, so a drift in the machine's load favours neither.
        for (const open of r % 2 === 0 ? [false, true] : [true, false]) {
          const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
          const timed = await timeRun(page, server.url, {
            ...run,
            query: open ? `${run.query}&view=${view}` : run.query,
          });
          await page.close();
          (open ? timings.open : timings.closed).push(timed.stepsPerSec);
          const longest = open ? 'longestOpenTaskMs' : 'longestClosedTaskMs';
          timings[longest] = Math.max(timings[longest], timed.longestTaskMs);
          timings[open ? 'longTasksOpen' : 'longTasksClosed'] += timed.longTasks;
          (open ? timings.openMain : timings.closedMain).push(timed.mainMsPerStep);
          process.stderr.write(
            `${run.name} ${open ? 'open  ' : 'closed'} ${timed.stepsPerSec.toFixed(1)} steps/s, ` +
              `main thread busy ${timed.mainMsPerStep.toFixed(1)} ms a step, ` +
              `${timed.longTasks} tasks over 50 ms (longest ${timed.longestTaskMs.toFixed(0)} ms)\n`,
          );
        }
      }
      const closed = median(timings.closed);
      const open = median(timings.open);
      results.push({
        run: run.name,
        view,
        engine,
        rounds,
        closed,
        open,
        ratio: open / closed,
        closedRuns: timings.closed,
        openRuns: timings.open,
        mainMsPerStepClosed: median(timings.closedMain),
        mainMsPerStepOpen: median(timings.openMain),
        longestOpenTaskMs: timings.longestOpenTaskMs,
        longestClosedTaskMs: timings.longestClosedTaskMs,
        longTasksOpen: timings.longTasksOpen,
        longTasksClosed: timings.longTasksClosed,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else
    for (const r of results)
      process.stdout.write(
        `${r.run} (${r.engine}): ${r.closed.toFixed(1)} steps/s closed, ${r.open.toFixed(1)} open: ` +
          `${(r.ratio * 100).toFixed(1)}%; main thread busy ${r.mainMsPerStepClosed.toFixed(1)} ms a step closed, ` +
          `${r.mainMsPerStepOpen.toFixed(1)} open; longest main-thread task ${r.longestClosedTaskMs.toFixed(0)} ms closed, ` +
          `${r.longestOpenTaskMs.toFixed(0)} ms open (${r.view}); tasks over 50 ms ${r.longTasksClosed} closed, ` +
          `${r.longTasksOpen} open\n`,
      );
}

main().catch((error) => {
  process.stderr.write(`bench:inside failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
