export const APT_PACKAGES: string[];
export const SWIFTSHADER_ICD: string;
export function findOnPath(name: string, path?: string): string | null;
export function findChromium(path?: string): string | null;
export function findVulkanLoader(): string | null;
export function missingSystemDeps(path?: string): string[];
