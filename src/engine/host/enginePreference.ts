/**
 * Which engine a run asks for: `auto` (the faster here: WebGPU on a graphics card, the WebAssembly
 * engine on a software adapter or without WebGPU, else the reference; engineChoice.ts), `webgpu`
 * (WebGPU even on a software adapter, or no run: for the WebGPU tests), `wasm` (the WebAssembly
 * engine, else the reference) or `ref` (the reference engine, the oracle: for checking). The app reads it from the link's hidden `engine` key, the runner from --backend.
 * Its own file, without imports, so the page's link codec can name it without the engines.
 */
export const ENGINE_PREFERENCES = ['auto', 'webgpu', 'wasm', 'ref'] as const;
export type EnginePreference = (typeof ENGINE_PREFERENCES)[number];
