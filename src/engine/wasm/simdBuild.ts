/**
 * Which build of the kernels a runtime gets (scripts/buildWasm.mjs compiles both from wasm/*.ts):
 * 'relaxed' fuses the hot loops' multiply-adds with relaxed SIMD's f32x4.relaxed_madd
 * (wasm/madd.ts); 'plain' is WebAssembly SIMD alone, for runtimes without relaxed SIMD (Firefox
 * and Safari today, Node 20 without --experimental-wasm-relaxed-simd). Decided once per platform,
 * by asking the runtime's own validator, never by the browser's name.
 */
import type { WasmBuild } from '../contracts/backend';

export type { WasmBuild };

/**
 * The smallest module that uses relaxed SIMD: one function (v128, v128, v128) → v128 whose body
 * is f32x4.relaxed_madd (opcode 0xfd 0x105) of its three parameters. A runtime validates it only if
 * it has the instruction the relaxed build is made of.
 */
// biome-ignore format: one line per section of the module, as the comment above reads it
const RELAXED_MADD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd
  0x0b, // end
]);

/** Whether this runtime compiles relaxed SIMD (WebAssembly.validate is false where it does not). */
export function hasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_MADD_MODULE);
  } catch {
    return false;
  }
}

/** The relaxed build where the runtime has it, the plain one elsewhere. */
export function chooseWasmBuild(): WasmBuild {
  return hasRelaxedSimd() ? 'relaxed' : 'plain';
}
