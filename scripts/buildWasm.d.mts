import type { Plugin } from 'vite';

/** scripts/buildWasm.mjs: compiles wasm/*.ts into wasm/build/ when a source is newer than the outputs. */
export declare const VARIANTS: Record<string, string[]>;
export declare function buildWasm(options?: { quiet?: boolean }): Promise<void>;
/** Builds the kernels at the start of every Vite build, dev server and Vitest run. */
export declare function wasmKernels(): Plugin;
