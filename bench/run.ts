import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { BenchArgsError, parseBenchArgs } from './args';
import { mergeRepeats } from './repeats';
import { type BenchOptions, type BenchResult, PROGRESS_PREFIX } from './result';
import { serveStatic } from './serve';
import { formatTable } from './table';

/**
 * `npm run bench`: builds the benchmark page, serves it on loopback, runs it in headless Chromium
 * with WebGPU on (SwiftShader here), `--repeat N` times, and prints what it measured: each figure
 * as the median over the repeats with its range. Progress goes to stderr, so
 * `--json` leaves exactly one JSON object on stdout.
 */
const WEBGPU_FLAGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (!existsSync(args.browser)) throw new BenchArgsError(`--browser: no browser at ${args.browser}`);
  const outDir = fileURLToPath(new URL('../dist-bench', import.meta.url));
  log('building the benchmark page …');
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)), logLevel: 'warn' });
  const server = await serveStatic(outDir);
  const options: BenchOptions = { quick: args.quick, runs: args.runs, skipTfjs: args.skipTfjs };
  const repeats: BenchResult[] = [];
  try {
    // Ours and TF.js take turns within each repeat; each repeat starts a fresh browser, so every
    // time to first step is a cold start (no shader cache, no autotuning cache from before).
    for (let r = 1; r <= args.repeat; r++) {
      log(
        `repeat ${r} of ${args.repeat} (load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(', ')}) …`,
      );
      repeats.push(await oneRepeat(args.browser, server.url, options));
    }
  } finally {
    await server.close();
  }
  log(
    `done (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')})`,
  );
  const result = mergeRepeats(repeats);
  process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatTable(result)}\n`);
}

async function oneRepeat(browserPath: string, url: string, options: BenchOptions): Promise<BenchResult> {
  const browser = await chromium.launch({ executablePath: browserPath, args: WEBGPU_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith(PROGRESS_PREFIX)) log(text.slice(PROGRESS_PREFIX.length));
      else if (message.type() === 'error') log(`page: ${text}`);
    });
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    return await page.evaluate((o) => window.runBench(o), options);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  const badInput = error instanceof BenchArgsError;
  log(badInput ? `bench: ${error.message}` : `bench failed: ${error?.stack ?? error}`);
  process.exit(badInput ? 2 : 1);
});
