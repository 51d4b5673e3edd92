/**
 * The one place compile-time constants enter WGSL. Each shader file names the constants it
 * expects in its header comment; specialize() prepends `const NAME = value;` lines for them, so
 * tile sizes, transposes and rows per thread are true constants (usable as array sizes, which
 * `override` constants are not) and no other code edits shader text.
 */
export type ShaderConstants = Record<string, number | boolean>;

export function specialize(source: string, constants: ShaderConstants): string {
  const header = Object.entries(constants).map(([name, value]) => {
    if (typeof value === 'boolean') return `const ${name} = ${value};`;
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`shader constant ${name} must be a u32, got ${value}`);
    return `const ${name} = ${value}u;`;
  });
  return `${header.join('\n')}\n${source}`;
}
