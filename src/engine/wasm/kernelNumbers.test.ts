import { describe, expect, it } from 'vitest';
import { testKernels } from '../../../test/support/engine/wasmPool';
import { CELL_TYPES } from '../../model/cellKinds';

/**
 * The module's kernel numbers are written in several files (wasm/abi.ts, and each cell kind's two
 * in its own file), so nothing in AssemblyScript stops two from being equal: run_job would then
 * run the first case's kernel for both. This holds them apart, on both builds.
 */
describe('the WebAssembly module’s kernel numbers', () => {
  for (const threads of [1, 2]) {
    it(`are all different, and every cell kind has its two (${threads === 1 ? 'one-thread' : 'threads'} build)`, async () => {
      const k = await testKernels(threads, 1024);
      const numbers = k.pool.kernel;
      const names = Object.keys(numbers);
      expect(names.length).toBeGreaterThanOrEqual(19);
      expect(new Set(Object.values(numbers)).size).toBe(names.length);
      for (const value of Object.values(numbers)) expect(Number.isInteger(value) && value > 0).toBe(true);
      for (const cell of CELL_TYPES) {
        expect(names).toContain(`${cell.toUpperCase()}_CELL_FORWARD`);
        expect(names).toContain(`${cell.toUpperCase()}_CELL_BACKWARD`);
      }
      k.pool.dispose();
    });
  }
});
