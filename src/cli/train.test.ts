import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PADDING_MASK_REASON, SEQ2SEQ_EXPORT_REASON } from '../export/formats';

/** Runs the headless runner as a user would (`npm run train -- …`), without npm's own output. */
function train(...args: string[]) {
  // As on a server or in CI: no XDG_RUNTIME_DIR, which the Vulkan loader complains about.
  const { XDG_RUNTIME_DIR: _, ...env } = process.env;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/train.ts', ...args],
    { encoding: 'utf8', timeout: 120_000, env },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

const scratch = mkdtempSync(join(tmpdir(), 'train-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function writeFile(name: string): string {
  const path = join(scratch, name);
  if (!existsSync(path)) writeFileSync(path, 'not a folder');
  return path;
}

describe('npm run train', () => {
  it('prints one JSON object per epoch, then a done line', () => {
    const { code, stdout } = train('--url', 'd=sine&n=16&t=6&u=4&b=8&e=2&s=3', '--json', '--backend', 'cpu');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ epoch: 1 });
    for (const key of ['trainLoss', 'valLoss', 'metrics']) expect(lines[1]).toHaveProperty(key);
    expect(lines[1].metrics).toHaveProperty('rmse');
    expect(lines[2]).toMatchObject({ done: true, stoppedEarly: false });
    expect(lines[2]).toHaveProperty('bestEpoch');
    expect(lines[2]).toHaveProperty('bestValLoss');
  });

  it('draws the same curve on --backend webgpu as on --backend cpu', () => {
    const url = 'd=sine&n=16&t=6&u=8-4&b=8&e=3&s=9&dr=0.2&rd=0.2&l2=0.001';
    const curve = (backend: string) => {
      const { stdout, stderr } = train('--url', url, '--json', '--backend', backend);
      // A healthy run prints nothing alarming: no stderr at all (Vulkan's XDG_RUNTIME_DIR lines included).
      expect(stderr).toBe('');
      return stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((line) => 'epoch' in line);
    };
    const cpu = curve('cpu');
    const gpu = curve('webgpu');
    expect(gpu).toHaveLength(3);
    // f32 on both sides, summed in different orders. Measured (2026-11, SwiftShader, whose
    // kernel choice for this batch is fixed): training losses equal, validation losses ≤ 8.2e-9
    // relative. 5e-7 is 61× that; leaving out the l2 = 0.001 term in optimizer.wgsl moves the
    // losses by 1.3e-4 to 1.4e-3 (planted).
    const tolerance = 5e-7;
    gpu.forEach((epoch, i) => {
      expect(Math.abs(epoch.trainLoss - cpu[i].trainLoss)).toBeLessThan(tolerance * cpu[i].trainLoss);
      expect(Math.abs(epoch.valLoss - cpu[i].valLoss)).toBeLessThan(tolerance * cpu[i].valLoss);
    });
  });

  it('--export DIR writes every format and the run records beside the final JSON line', () => {
    const dir = join(scratch, 'run-export');
    const { code, stdout } = train('--url', 'd=sine&n=16&t=6&u=4&b=8&e=2&s=3', '--json', '--export', dir);
    expect(code).toBe(0);
    const done = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    const files = [
      'model.json',
      'weights.bin',
      'model.onnx',
      'train_pytorch.py',
      'weights.npz',
      'data.npz',
      'train_keras.py',
      'history.csv',
      'loss.svg',
    ];
    expect(done.exported).toEqual({ dir, files });
    expect(readdirSync(dir).sort()).toEqual([...files].sort());
    expect(readFileSync(join(dir, 'history.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(
      JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).userDefinedMetadata.lstmPlayground
        .epochsTrained,
    ).toBe(2);
  });

  it('--export of a text model with attention says which formats it leaves out, and why', () => {
    const dir = join(scratch, 'run-export-text');
    const url = 'd=sentiment&n=64&t=8&u=4&b=16&e=1&s=3&att=additive';
    const { code, stdout, stderr } = train('--url', url, '--json', '--export', dir, '--backend', 'ref');
    expect(code).toBe(0);
    const done = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(done.exported.files).not.toContain('model.json');
    expect(done.exported.files).not.toContain('train_keras.py');
    expect(done.exported.files).toContain('model.onnx');
    expect(done.exported.leftOut).toEqual({ formats: ['tfjs', 'keras'], reason: PADDING_MASK_REASON });
    expect(stderr).toContain(`not exported: tfjs, keras: ${PADDING_MASK_REASON}`);
  });

  it('--export of a translation model writes ONNX and PyTorch, and says why TF.js and Keras are left out', () => {
    const dir = join(scratch, 'run-export-dates');
    const url = 'd=dates&t=30&n=200&vf=0.2&u=4&b=16&e=1&s=3';
    const { code, stdout, stderr } = train('--url', url, '--json', '--export', dir, '--backend', 'ref');
    expect(code).toBe(0);
    const done = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(done.exported.files).toEqual([
      'model.onnx',
      'train_pytorch.py',
      'weights.npz',
      'data.npz',
      'history.csv',
      'loss.svg',
    ]);
    expect(done.exported.leftOut).toEqual({ formats: ['tfjs', 'keras'], reason: SEQ2SEQ_EXPORT_REASON });
    expect(stderr).toContain(`not exported: tfjs, keras: ${SEQ2SEQ_EXPORT_REASON}`);
  });

  it.each([
    ['a file', () => writeFile('a-file'), /that path is a file, not a folder/],
    ['a folder inside a file', () => join(writeFile('parent-file'), 'out'), /cannot write there \(ENOTDIR\)/],
    ['a read-only file system', () => '/proc/lstm-playground-export', /cannot write there/],
  ])('refuses --export to %s with one line and exit code 2, before training', (_, target, reason) => {
    const path = target();
    const { code, stderr, stdout } = train('--url', 'd=sine&n=16&t=6&u=4&b=8&e=2', '--export', path);
    expect(code).toBe(2);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(reason);
    expect(stdout).toBe('');
  });

  it.each([
    [['--preset', 'nope'], /unknown preset 'nope'/],
    [['--url', 'lr=abc'], /lr=abc is not a number/],
    [['--url', 'cell=transformer'], /cell=transformer is not one of lstm, gru, simple_rnn/],
    [['--url', 'bi=maybe'], /bi=maybe is not 0 or 1/],
    [['--url', 'd=tenclass&n=20000&t=200'], /over the limit/],
    [['--backend', 'tpu'], /--backend must be one of cpu, wasm, ref, webgpu/],
    [['--epochs', '0'], /--epochs must be a whole number/],
    [['--frobnicate'], /Unknown option/],
  ])('refuses %j with a one-line reason and exit code 2', (args, reason) => {
    const { code, stderr, stdout } = train(...args);
    expect(code).toBe(2);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(reason);
    expect(stdout).toBe('');
  });

  it('--probe N adds window N’s insides from the final weights, the same on both backends', () => {
    // T 6, LSTM(5) → LSTM(3): every quantity [T][H], the norms [layers][T].
    const url = 'd=sine&n=16&t=6&u=5-3&b=8&e=2&s=4';
    const final = (backend: string) => {
      const { code, stdout } = train('--url', url, '--json', '--backend', backend, '--probe', '7');
      expect(code).toBe(0);
      return JSON.parse(stdout.trim().split('\n').at(-1)!).probe;
    };
    const cpu = final('cpu');
    const gpu = final('webgpu');
    expect(cpu.window).toBe(7);
    expect(cpu.layers).toHaveLength(2);
    for (const q of ['i', 'f', 'g', 'o', 'c', 'h']) {
      expect(cpu.layers[0][q]).toHaveLength(6);
      expect(cpu.layers[0][q][0]).toHaveLength(5);
      expect(cpu.layers[1][q][5]).toHaveLength(3);
    }
    for (const key of ['gradNormC', 'gradNormH']) {
      expect(cpu[key].map((l: number[]) => l.length)).toEqual([6, 6]);
      expect(cpu[key].flat().every((v: number) => v > 0)).toBe(true);
    }
    // Measured: ≤ 2e-7 apart (f32 on both, summed in another order); the bound is 1e-4.
    const flat = (p: typeof cpu) => [
      ...p.layers.flatMap((l: Record<string, number[][]>) => Object.values(l).flat(2)),
      ...p.gradNormC.flat(),
      ...p.gradNormH.flat(),
    ];
    const [a, b] = [flat(cpu), flat(gpu)];
    expect(b).toHaveLength(a.length);
    expect(Math.max(...a.map((v: number, k: number) => Math.abs(v - b[k])))).toBeLessThan(1e-4);
  });

  it('--probe N with attention adds its scores and weights per step, the same on both CPU engines', () => {
    const url = 'd=adding&att=dot&n=64&t=10&u=4&b=16&e=2&s=3';
    const final = (backend: string) => {
      const { code, stdout } = train('--url', url, '--json', '--backend', backend, '--probe', '2');
      expect(code).toBe(0);
      return JSON.parse(stdout.trim().split('\n').at(-1)!).probe;
    };
    const [ref, wasm] = [final('ref'), final('wasm')];
    expect(ref.attention.score).toBe('dot');
    expect(ref.attention.scores).toHaveLength(10);
    expect(ref.attention.alpha).toHaveLength(10);
    expect(ref.attention.alpha.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    // The head reads the context, so there is no readout after each step.
    expect(ref.readout).toBeNull();
    const apart = (key: 'scores' | 'alpha') =>
      Math.max(...ref.attention[key].map((v: number, t: number) => Math.abs(v - wasm.attention[key][t])));
    expect(apart('scores')).toBeLessThan(1e-4);
    expect(apart('alpha')).toBeLessThan(1e-4);
  });

  it('a final line far larger than a pipe holds reaches a pipe whole before the exit', () => {
    // The overfit preset's probe: 6 quantities of 96 units × 16 steps, ~300 kB on one line. Through
    // a shell pipe (`… | jq`), an exit right after the write cut it at 64 kB, the pipe's capacity.
    // spawnSync's own stdio is a socket pair with room for it all, so the shell makes the pipe.
    const { XDG_RUNTIME_DIR: _, ...env } = process.env;
    const runner = `"${process.execPath}" --import tsx --import ./scripts/raw-loader.mjs src/cli/train.ts`;
    const args = '--preset overfit --epochs 1 --json --backend wasm --probe 3';
    const { status, stdout } = spawnSync('sh', ['-c', `${runner} ${args} | cat`], {
      encoding: 'utf8',
      timeout: 120_000,
      env,
      maxBuffer: 16 * 2 ** 20,
    });
    expect(status).toBe(0);
    expect(stdout.length).toBeGreaterThan(200_000);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(last.done).toBe(true);
    expect(last.probe.window).toBe(3);
  });

  it('--probe outside the validation split, or not a number, exits 2 with one line', () => {
    for (const probe of ['128', '-1', 'two']) {
      const { code, stdout, stderr } = train(
        '--url',
        'd=sine&n=16&t=6&u=4&b=8&e=1',
        '--json',
        '--probe',
        probe,
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/--probe/);
    }
  });
});
