import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the headless runner as a user would (`npm run train -- …`), without npm's own output. */
function train(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './scripts/raw-loader.mjs', 'src/cli/train.ts', ...args],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
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
    const curve = (backend: string) =>
      train('--url', url, '--json', '--backend', backend)
        .stdout.trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((line) => 'epoch' in line);
    const cpu = curve('cpu');
    const gpu = curve('webgpu');
    expect(gpu).toHaveLength(3);
    gpu.forEach((epoch, i) => {
      // f32 on both sides, summed in different orders: 1e-3 relative.
      expect(Math.abs(epoch.trainLoss - cpu[i].trainLoss)).toBeLessThan(1e-3 * cpu[i].trainLoss);
      expect(Math.abs(epoch.valLoss - cpu[i].valLoss)).toBeLessThan(1e-3 * cpu[i].valLoss);
    });
  });

  it.each([
    [['--preset', 'nope'], /unknown preset 'nope'/],
    [['--url', 'lr=abc'], /lr=abc is not a number/],
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
});
