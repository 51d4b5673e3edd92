/**
 * The system packages the test suite needs on Debian or Ubuntu, and where they are found. Shared
 * by the preflight check (`npm test` runs it first), playwright.config.ts and vite.config.ts, so
 * that all three look in the same places. Plain JS: it runs before anything is compiled.
 */
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What apt-get installs: Chromium (the e2e browser, with SwiftShader's Vulkan driver) and the Vulkan loader. */
export const APT_PACKAGES = ['chromium', 'libvulkan1'];

/** Debian's chromium-common ships SwiftShader's Vulkan driver and this ICD file beside it. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** An executable `name` on PATH (as a shell's `command -v` finds it), or null. */
export function findOnPath(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

/** The Chromium the e2e tests launch: the first `chromium` on PATH. */
export function findChromium(path = process.env.PATH ?? '') {
  return findOnPath('chromium', path);
}

/** libvulkan.so.1 in the dynamic linker's usual folders (multiarch ones included), or null. */
export function findVulkanLoader() {
  const roots = ['/lib', '/usr/lib', '/lib64', '/usr/lib64', '/usr/local/lib'];
  const dirs = roots.flatMap((root) => {
    let subdirs = [];
    try {
      subdirs = readdirSync(root).filter((name) => /-linux-gnu/.test(name));
    } catch {}
    return [root, ...subdirs.map((name) => join(root, name))];
  });
  return dirs.map((dir) => join(dir, 'libvulkan.so.1')).find((file) => existsSync(file)) ?? null;
}

/** What is missing, by the name a user would recognise (empty when everything is there). */
export function missingSystemDeps(path = process.env.PATH ?? '') {
  const missing = [];
  if (!findChromium(path)) missing.push('chromium (on PATH)');
  if (!existsSync(SWIFTSHADER_ICD)) missing.push(`SwiftShader (${SWIFTSHADER_ICD})`);
  if (!findVulkanLoader()) missing.push('the Vulkan loader (libvulkan.so.1)');
  return missing;
}
