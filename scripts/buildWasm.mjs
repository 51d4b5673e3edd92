// Compiles the WebAssembly engine's kernels (wasm/*.ts, AssemblyScript) into wasm/build/:
//   kernels.wasm          one thread: imported memory, SIMD
//   kernels-threads.wasm  helper threads: imported SHARED memory, SIMD + atomics
// Run by `npm install` (prepare), before `npm test`, `npm run build`, `npm start`, `npm run train`
// and `npm run bench`, and by the Vite plugin in vite.config.ts; it does nothing when both outputs
// are newer than every source.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('../', import.meta.url));
const sourceDir = `${root}wasm/`;
const outDir = `${root}wasm/build/`;

const COMMON = [
  'wasm/kernels.ts',
  '--optimizeLevel',
  '3',
  '--noAssert',
  '--runtime',
  'stub', // no allocation inside kernels: every buffer is placed by the JS side
  '--enable',
  'simd',
  '--enable',
  'threads',
  '--use',
  'Math=JSMath', // exp/log from the page's Math, as the reference twins use
  '--use',
  'abort=', // no abort import: kernels take no checked paths
  '--importMemory',
  '--initialMemory',
  '1',
];
export const VARIANTS = {
  'kernels.wasm': [],
  // 65,536 pages = 4 GiB, the most wasm32 addresses; the JS side hands in a memory of exactly the
  // size it needs (maximum = initial), which the import type allows.
  'kernels-threads.wasm': ['--sharedMemory', '--maximumMemory', '65536'],
};

async function newestSource() {
  const names = (await readdir(sourceDir)).filter((n) => n.endsWith('.ts'));
  const times = await Promise.all(
    [...names.map((n) => sourceDir + n), fileURLToPath(import.meta.url)].map(
      async (p) => (await stat(p)).mtimeMs,
    ),
  );
  return Math.max(...times);
}

async function upToDate(file, since) {
  try {
    return (await stat(file)).mtimeMs >= since;
  } catch {
    return false;
  }
}

export async function buildWasm({ quiet = false } = {}) {
  await mkdir(outDir, { recursive: true });
  const since = await newestSource();
  for (const [name, flags] of Object.entries(VARIANTS)) {
    const out = outDir + name;
    if (await upToDate(out, since)) continue;
    let stderr = '';
    const { error } = await asc.main([...COMMON, ...flags, '--outFile', out], {
      stdout: { write: () => true },
      stderr: {
        write: (text) => {
          stderr += text;
          return true;
        },
      },
    });
    if (error) throw new Error(`AssemblyScript failed on ${name}: ${error.message}\n${stderr}`);
    if (!quiet) process.stderr.write(`built wasm/build/${name}\n`);
  }
}

/**
 * The kernels compiled before Vite or Vitest reads anything: `vite build`, the dev server and
 * `vitest run` (the app's and the benchmark's configs) all get fresh wasm/build/*.wasm, and the
 * dev server rebuilds and reloads when a kernel source changes.
 */
export function wasmKernels() {
  return {
    name: 'wasm-kernels',
    buildStart: () => buildWasm({ quiet: true }),
    configureServer(server) {
      server.watcher.add(sourceDir);
      server.watcher.on('change', async (file) => {
        if (!file.startsWith(sourceDir) || !file.endsWith('.ts')) return;
        await buildWasm();
        server.ws.send({ type: 'full-reload' });
      });
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWasm().catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
