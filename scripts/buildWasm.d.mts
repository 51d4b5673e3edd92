import type { Plugin } from 'vite';

/**
 * scripts/buildWasm.mjs: compiles wasm/*.ts into wasm/build/ when the SHA-256 of the compiler,
 * its flags and the sources differs from the stamp beside an output.
 */
export declare const VARIANTS: Record<string, string[]>;
/** Builds the variants (`only`, default all) of the project at `root` (default this one); returns the names built. */
export declare function buildWasm(options?: {
  quiet?: boolean;
  root?: string;
  only?: string[];
}): Promise<string[]>;
/** Builds the kernels at the start of every Vite build, dev server and Vitest run. */
export declare function wasmKernels(): Plugin;
