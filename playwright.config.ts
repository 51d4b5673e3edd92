import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/systemDeps.mjs';

/**
 * End-to-end tests against the built app (`vite build` → dist/, served by `vite preview`) in the
 * system's Chromium. Two projects: SwiftShader WebGPU, and no GPU at all for the CPU fallback.
 */
const QUIET_NETWORK = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const WEBGPU = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
];
/** E2E_PORT: another port, where several checkouts run their suites on one machine at once. */
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The first chromium on PATH (Debian's, at /usr/bin/chromium): `npm test` checks it is there first. */
const CHROMIUM = findChromium() ?? '/usr/bin/chromium';

/** The specs' own option (e2e/helpers.ts `test`): the engine every link names unless it names one. */
interface EngineOption {
  linkEngine: string | null;
}

export default defineConfig<EngineOption>({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1440, height: 1000 },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --host localhost --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
  projects: [
    {
      name: 'webgpu',
      testIgnore: /fallback\.spec\.ts/,
      // SwiftShader is a software adapter: auto takes the faster WebAssembly engine there
      // (e2e/helpers.ts expectEngine checks the badge), so every link here asks for WebGPU.
      metadata: { autoEngine: 'wasm' },
      use: {
        linkEngine: 'webgpu',
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM, args: [...WEBGPU, ...QUIET_NETWORK] },
      },
    },
    {
      name: 'cpu-fallback',
      testMatch: /fallback\.spec\.ts/,
      // Without WebGPU the WebAssembly engine trains (engine=ref links: the reference).
      metadata: { autoEngine: 'wasm' },
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', ...QUIET_NETWORK],
        },
      },
    },
  ],
});
