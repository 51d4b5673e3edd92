import { zipSync } from 'fflate';

/**
 * NumPy's .npz: a zip of .npy files, one per array (numpy.load reads it, numpy.savez writes it).
 * The zip is fflate's; the .npy inside is the small documented format of numpy's
 * `numpy.lib.format` (version 1.0):
 *   "\x93NUMPY" 0x01 0x00, header length (uint16 LE), an ASCII Python dict literal
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (…), } padded with spaces and ended by "\n"
 *   so the data starts at a multiple of 64 bytes, then the C-order little-endian data.
 */

export interface NpyArray {
  shape: number[];
  values: Float32Array;
}

const ALIGN = 64;
const PREFIX = 10; // magic (6) + version (2) + header length (2)

export function npy({ shape, values }: NpyArray): Uint8Array {
  const count = shape.reduce((n, d) => n * d, 1);
  if (count !== values.length)
    throw new Error(`shape [${shape}] holds ${count} values, not ${values.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const padded = Math.ceil((PREFIX + dict.length + 1) / ALIGN) * ALIGN - PREFIX;
  const header = `${dict.padEnd(padded - 1, ' ')}\n`;
  const out = new Uint8Array(PREFIX + header.length + values.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), PREFIX);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), PREFIX + header.length);
  return out;
}

/** A fixed time stamp, so the same weights always make the same bytes. */
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

/** numpy.savez's layout: `name.npy` per array, stored (float data barely compresses). */
export function npz(arrays: Record<string, NpyArray>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of Object.entries(arrays)) files[`${name}.npy`] = npy(array);
  return zipSync(files, { level: 0, mtime: ZIP_MTIME });
}
