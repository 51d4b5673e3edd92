/**
 * Evaluation runs a split through a model built for batches of B rows, B rows at a time. The last
 * chunk is padded with its own first row, so every chunk has the step's shape; only the `count`
 * real rows of a chunk are read back. Both engines chunk a split this way.
 */
export function fillChunkRows(idx: Uint32Array, start: number, splitRows: number): number {
  const count = Math.min(idx.length, splitRows - start);
  for (let b = 0; b < idx.length; b++) idx[b] = start + (b < count ? b : 0);
  return count;
}
