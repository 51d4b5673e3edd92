import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { wasmKernels } from '../scripts/buildWasm.mjs';

/** The benchmark page: its own build (root bench/, output dist-bench/), apart from the app's. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [wasmKernels()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist-bench/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // tfjs's threaded wasm build starts its pthreads from the source text of a bundled function
    // (Function.prototype.toString); minified, that text names helpers it no longer sees.
    minify: false,
    // tfjs alone is over a megabyte; the page is a local tool, not shipped.
    chunkSizeWarningLimit: 8000,
  },
});
