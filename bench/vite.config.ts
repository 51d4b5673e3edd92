import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The benchmark page: its own build (root bench/, output dist-bench/), apart from the app's. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist-bench/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // tfjs alone is over a megabyte; the page is a local tool, not shipped.
    chunkSizeWarningLimit: 8000,
  },
});
