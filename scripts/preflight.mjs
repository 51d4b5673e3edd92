/**
 * First step of `npm test`: are Chromium, SwiftShader and the Vulkan loader here? Without them
 * every WGSL kernel test and every e2e test would fail one by one, dozens of errors that hide the
 * one cause. Missing, it installs them with apt-get when it runs as root (and says so), else it
 * stops at once with one line that names the command to run.
 */
import { spawnSync } from 'node:child_process';
import { APT_PACKAGES, findOnPath, missingSystemDeps } from './systemDeps.mjs';

const command = `apt-get install -y ${APT_PACKAGES.join(' ')}`;
let missing = missingSystemDeps();
if (missing.length > 0) {
  const aptGet = findOnPath('apt-get');
  if (aptGet && process.getuid?.() === 0) {
    console.error(
      `npm test: installing ${APT_PACKAGES.join(' ')} with apt-get (missing: ${missing.join(', ')})`,
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync(aptGet, ['update', '-qq'], { stdio: 'inherit', env });
    if (update.status === 0) {
      spawnSync(aptGet, ['install', '-y', '-qq', ...APT_PACKAGES], { stdio: 'inherit', env });
    }
    missing = missingSystemDeps();
  }
}
if (missing.length > 0) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  console.error(`npm test needs ${missing.join(', ')}: run \`${sudo}${command}\` first.`);
  process.exit(1);
}
