import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The house's layers, lowest first: a module may import from its own layer or a lower one, never
 * from a higher one, and no import chain may come back to where it started. Tests are exempt from
 * the layer rule (a preset's lesson is an integration test that sits beside the presets), not from
 * the cycle rule. Entry points (main.tsx) sit above everything.
 */
const LAYERS: Record<string, number> = {
  i18n: 0, // strings only
  model: 0, // Config, limits, parameter shapes, presets
  data: 1, // datasets, splits, imports
  engine: 2, // both engines, the trainer, the worker
  link: 3, // the link's vocabulary and codec: a run as a URL, read by the page, the exports and the runner
  state: 4, // store, link sync, worker messages
  export: 4, // model files for other tools (TF.js, ONNX, PyTorch, Keras), import, run records
  view: 5, // view-model for the charts
  ui: 6, // React
  cli: 6, // the headless runner, beside the UI
};

const SRC = new URL('.', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const layerOf = (file: string) => relative(SRC, file).split('/')[0];

/** Relative imports of a file, resolved to files under src (raw shader imports and packages left out). */
function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specs.flatMap((spec) => {
    if (spec.includes('?')) return [];
    const base = normalize(join(dirname(file), spec));
    const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => known.has(c));
    return hit ? [hit] : [];
  });
}

/** Strongly connected components with more than one file (or a file importing itself). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) cycles.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('the architecture: layers that only point down', () => {
  const files = sourceFiles(SRC);
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f, known)]));

  it('every source folder has a layer', () => {
    const folders = new Set(files.map(layerOf).filter((f) => !/\.(ts|tsx)$/.test(f)));
    expect([...folders].filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it('no module imports from a layer above its own', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const from = layerOf(file);
      if (isTest(file) || !(from in LAYERS)) continue;
      for (const target of imports) {
        const to = layerOf(target);
        if (to in LAYERS && LAYERS[to] > LAYERS[from]) {
          upward.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import cycle, between folders or files', () => {
    const cycles = importCycles(graph).map((c) => c.map((f) => relative(SRC, f)).sort());
    expect(cycles).toEqual([]);
  });
});

/**
 * The engine's rooms, each allowed to import only the rooms listed (and itself). Contracts lie
 * beneath every engine; the engines know nothing of the training loop or the worker that hosts
 * them; the training loop knows engines only through the Backend seam (contracts/backend.ts); the
 * host (the worker's side) is the only room that wires engines and training together.
 */
const ENGINE_ROOMS: Record<string, string[]> = {
  contracts: [],
  reference: ['contracts', 'cpu'],
  cpu: ['contracts', 'reference'],
  wasm: ['contracts', 'cpu', 'reference'],
  webgpu: ['contracts', 'reference'],
  training: ['contracts'],
  host: ['contracts', 'training', 'reference', 'cpu', 'wasm', 'webgpu'],
};
const ENGINE = join(SRC, 'engine');
const roomOf = (file: string) => relative(ENGINE, file).split('/')[0];

/** Relative imports of a file that reach test support, benchmarks, scripts or e2e (shaders and wasm/ are the app's). */
function importsOfTestSupport(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]);
  const root = join(SRC, '..');
  return specs.filter((spec) =>
    /^(test|bench|scripts|e2e)\//.test(relative(root, normalize(join(dirname(file), spec)))),
  );
}

describe('the engine: rooms apart, test support out of the production tree', () => {
  const files = sourceFiles(SRC);
  const known = new Set(files);

  it('every file of src/engine/ is in a room (MATH.md and the cross-engine twins test aside)', () => {
    const loose = files.filter((f) => f.startsWith(ENGINE) && !isTest(f) && !(roomOf(f) in ENGINE_ROOMS));
    expect(loose.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('each room imports only the rooms beneath it', () => {
    const wrong: string[] = [];
    for (const file of files) {
      if (isTest(file) || !file.startsWith(ENGINE)) continue;
      const from = roomOf(file);
      for (const target of importsOf(file, known)) {
        if (!target.startsWith(ENGINE)) continue;
        const to = roomOf(target);
        if (to !== from && !ENGINE_ROOMS[from]?.includes(to)) {
          wrong.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no production module imports test support, benchmarks or scripts, and none lives in src/', () => {
    const production = files.filter((f) => !isTest(f));
    expect(
      production.flatMap((f) => importsOfTestSupport(f).map((s) => `${relative(SRC, f)} → ${s}`)),
    ).toEqual([]);
    const supportInSrc = files.filter((f) => /\/(testing|timing)\//.test(relative(SRC, f)));
    expect(supportInSrc.map((f) => relative(SRC, f))).toEqual([]);
  });
});

/**
 * Functions that outgrow a screen, anywhere in src/: each one over MAX_LINES lines needs a comment
 * just above it that says why, starting "Long because".
 */
const MAX_LINES = 80;

function longFunctions(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = source.getLineAndCharacterOfPosition(node.end).line - first + 1;
      const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
      const why = comments.some((c) => text.slice(c.pos, c.end).includes('Long because'));
      if (lines > MAX_LINES && !why) {
        const name = (node as ts.FunctionLikeDeclaration).name?.getText(source) ?? '(anonymous)';
        found.push(`${relative(SRC, file)}:${first + 1} ${name} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the code reads a function at a time', () => {
  it(`no function in src/ is over ${MAX_LINES} lines without a comment saying why`, () => {
    const all = sourceFiles(SRC).filter((f) => !isTest(f));
    expect(all.length).toBeGreaterThan(200);
    expect(all.flatMap(longFunctions)).toEqual([]);
  });
});
