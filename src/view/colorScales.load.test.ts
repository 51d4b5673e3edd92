import { expect, it } from 'vitest';

/**
 * colorScales.ts builds its two tables when it is first imported. A mistake there (a stop list
 * emptied, an index past the last stop) throws at import, and a test file whose import throws
 * fails before it has any test: a mutation run, which counts failed tests, would let it pass.
 * Imported inside a test (and nowhere else in this file), the same mistake fails this test.
 */
it('colorScales.ts builds both tables, first stop to last, when imported', async () => {
  const { LUTS } = await import('./colorScales');
  for (const kind of ['sequential', 'diverging'] as const) expect(LUTS[kind]).toHaveLength(768);
  // Viridis #440154 … #fde725; the diverging scale #2166ac … #b35806.
  expect(Array.from(LUTS.sequential.subarray(0, 3))).toEqual([68, 1, 84]);
  expect(Array.from(LUTS.sequential.subarray(765))).toEqual([253, 231, 37]);
  expect(Array.from(LUTS.diverging.subarray(0, 3))).toEqual([33, 102, 172]);
  expect(Array.from(LUTS.diverging.subarray(765))).toEqual([179, 88, 6]);
});
