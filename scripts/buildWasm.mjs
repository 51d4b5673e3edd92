// Compiles the WebAssembly engine's kernels (wasm/*.ts, AssemblyScript) into wasm/build/:
//   kernels.wasm          one thread: imported memory, SIMD
//   kernels-threads.wasm  helper threads: imported SHARED memory, SIMD + atomics
//   kernels-relaxed.wasm, kernels-threads-relaxed.wasm  the same two with relaxed SIMD: the hot
//     loops' multiply-adds fused (wasm/madd.ts), loaded where the runtime has relaxed SIMD
//     (src/engine/wasm/simdBuild.ts), the plain two elsewhere
// Run by `npm install` (prepare), before `npm test`, `npm run build`, `npm start`, `npm run train`
// and `npm run bench`, and by the Vite plugin in vite.config.ts. It decides by content, not by
// timestamps: each output has a stamp beside it (NAME.wasm.sha256) with the SHA-256 of the
// compiler's version, the flags and every source file; it rebuilds when that hash changes, so a
// source restored with an older timestamp (a backup, a stash, some checkouts) is rebuilt too.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ASC_VERSION = JSON.parse(
  readFileSync(fileURLToPath(import.meta.resolve('assemblyscript/package.json')), 'utf8'),
).version;

const COMMON = [
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
  'Math=JSMath', // exp/log/tanh from the page's Math, as the reference twins use
  '--use',
  'abort=', // no abort import: kernels take no checked paths
  '--importMemory',
  '--initialMemory',
  '1',
];
// 65,536 pages = 4 GiB, the most wasm32 addresses; the JS side hands in a memory of exactly the
// size it needs (maximum = initial), which the import type allows.
const THREADS = ['--sharedMemory', '--maximumMemory', '65536'];
const RELAXED = ['--enable', 'relaxed-simd'];
export const VARIANTS = {
  'kernels.wasm': [],
  'kernels-threads.wasm': THREADS,
  'kernels-relaxed.wasm': RELAXED,
  'kernels-threads-relaxed.wasm': [...THREADS, ...RELAXED],
};

/** What an output is built from: the compiler, its flags and every file in wasm/ (name and bytes). */
async function buildHash(sourceDir, flags) {
  const hash = createHash('sha256');
  hash.update(`assemblyscript ${ASC_VERSION}\0${JSON.stringify([...COMMON, ...flags])}\0`);
  const names = (await readdir(sourceDir)).filter((n) => n.endsWith('.ts') || n.endsWith('.json')).sort();
  for (const name of names) {
    hash.update(`${name}\0`);
    hash.update(await readFile(sourceDir + name));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function stampOf(file) {
  try {
    return (await readFile(`${file}.sha256`, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function exists(file) {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles each variant whose stamp does not match its sources' hash. `root` is the project (a
 * test points it at a copy) and `only` the variants to look at (all by default); returns the names
 * it built.
 */
export async function buildWasm({ quiet = false, root = ROOT, only = Object.keys(VARIANTS) } = {}) {
  const sourceDir = `${root}wasm/`;
  const outDir = `${root}wasm/build/`;
  await mkdir(outDir, { recursive: true });
  const built = [];
  for (const [name, flags] of Object.entries(VARIANTS).filter(([n]) => only.includes(n))) {
    const out = outDir + name;
    const hash = await buildHash(sourceDir, flags);
    if ((await stampOf(out)) === hash && (await exists(out))) continue;
    let stderr = '';
    const { error } = await asc.main([`${sourceDir}kernels.ts`, ...COMMON, ...flags, '--outFile', out], {
      stdout: { write: () => true },
      stderr: {
        write: (text) => {
          stderr += text;
          return true;
        },
      },
    });
    if (error) throw new Error(`AssemblyScript failed on ${name}: ${error.message}\n${stderr}`);
    // The stamp goes last: an interrupted build leaves no stamp, so the next run builds again.
    await writeFile(`${out}.sha256`, `${hash}\n`);
    built.push(name);
    if (!quiet) process.stderr.write(`built wasm/build/${name}\n`);
  }
  return built;
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
      const sourceDir = `${ROOT}wasm/`;
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
