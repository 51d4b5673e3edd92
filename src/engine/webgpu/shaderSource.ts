/**
 * The one place compile-time constants enter WGSL. Each shader file names the constants it
 * expects in its header comment; specialize() prepends `const NAME = value;` lines for them, so
 * tile sizes, transposes and rows per thread are true constants (usable as array sizes, which
 * `override` constants are not) and no other code edits shader text.
 *   number   → a u32 (`const WG = 64u;`)
 *   boolean  → a bool
 *   float(x) → an abstract float (`const ADAM_BETA2 = 0.999;`): exact in constant expressions such
 *              as `1.0 - ADAM_BETA2`, rounded to f32 once where it meets an f32
 */
export interface ShaderFloat {
  float: number;
}
export type ShaderConstants = Record<string, number | boolean | ShaderFloat>;

export const float = (value: number): ShaderFloat => ({ float: value });

function literal(name: string, value: number | boolean | ShaderFloat): string {
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'object') {
    if (!Number.isFinite(value.float)) throw new Error(`shader constant ${name} must be finite`);
    const text = String(value.float);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`shader constant ${name} must be a u32, got ${value}`);
  return `${value}u`;
}

export function specialize(source: string, constants: ShaderConstants): string {
  const header = Object.entries(constants).map(([name, value]) => `const ${name} = ${literal(name, value)};`);
  return `${header.join('\n')}\n${source}`;
}
