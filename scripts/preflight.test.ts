import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the check `npm test` starts with, under a PATH of our choosing. */
function preflight(path: string) {
  const result = spawnSync(process.execPath, ['scripts/preflight.mjs'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: path },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

const emptyBin = () => mkdtempSync(join(tmpdir(), 'preflight-'));

describe('the fresh-machine check before npm test', () => {
  it('passes quietly where Chromium, SwiftShader and the Vulkan loader are installed', () => {
    expect(preflight(process.env.PATH ?? '')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('stops at once with one line naming the command when chromium is not on PATH', () => {
    const { code, stderr } = preflight(emptyBin());
    expect(code).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^npm test needs chromium \(on PATH\): run `(sudo )?apt-get install -y chromium libvulkan1` first\.$/,
    );
  });

  it.runIf(process.getuid?.() === 0)('as root with apt-get, installs what is missing and says so', () => {
    // A stand-in apt-get on the PATH: it records its arguments and "installs" chromium.
    const bin = emptyBin();
    const log = join(bin, 'apt-get.log');
    writeFileSync(
      join(bin, 'apt-get'),
      `#!/bin/sh\necho "$@" >> ${log}\ncase "$1" in install) printf '#!/bin/sh\\n' > ${bin}/chromium; /bin/chmod +x ${bin}/chromium;; esac\n`,
    );
    chmodSync(join(bin, 'apt-get'), 0o755);
    const { code, stderr } = preflight(bin);
    expect(stderr).toBe(
      'npm test: installing chromium libvulkan1 with apt-get (missing: chromium (on PATH))',
    );
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'update -qq',
      'install -y -qq chromium libvulkan1',
    ]);
    expect(code).toBe(0);
  });
});
