import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { wasmKernels } from './scripts/buildWasm.mjs';

/** The real series the app ships, copied from the vega-datasets package (not the whole 41 MB). */
export const SHIPPED_DATA_FILES = ['seattle-weather.csv', 'sp500.csv', 'co2-concentration.csv'];
const dataDir = fileURLToPath(new URL('./node_modules/vega-datasets/data/', import.meta.url));

function shippedDatasets(): Plugin {
  return {
    name: 'shipped-datasets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = req.url?.match(/\/data\/([\w.-]+\.csv)$/)?.[1];
        if (!file || !SHIPPED_DATA_FILES.includes(file)) return next();
        res.setHeader('Content-Type', 'text/csv');
        res.end(readFileSync(dataDir + file));
      });
    },
    generateBundle() {
      for (const file of SHIPPED_DATA_FILES) {
        this.emitFile({ type: 'asset', fileName: `data/${file}`, source: readFileSync(dataDir + file) });
      }
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
 * headers (README, "Hosting"); without them the engine runs on one thread.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  plugins: [react(), wasmKernels(), shippedDatasets(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1200 },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    env: { VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json' },
  },
});
