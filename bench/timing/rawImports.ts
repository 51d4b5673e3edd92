/**
 * Side-effect import for Node scripts (stepTiming.ts, gemmTiming.ts): serves Vite's `?raw` WGSL
 * imports through the project's loader hook. Import it first, then load the engine with dynamic imports.
 */
import '../../scripts/raw-loader.mjs';
