// Audits what the app ships (dependencies, not devDependencies) for high or critical advisories.
// `npm audit` exits 1 both for findings and for an advisory endpoint it cannot reach (this
// workplace's registry mirror answers its bulk POST with 405), so the JSON decides which it was:
// findings fail the run; an unreachable endpoint is reported and skipped, since no offline
// advisory database exists to check against instead.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error('audit: npm audit printed no JSON:\n' + run.stdout + run.stderr);
  process.exit(1);
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? report?.error?.summary ?? 'no advisory data in the reply';
  console.warn(`audit: skipped, the advisory endpoint could not be reached (${why})`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `audit: shipped dependencies have ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ` +
    `${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low advisories`,
);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === 'high' || v.severity === 'critical')
      console.error(`  ${v.severity}: ${name} ${v.range}`);
  }
  process.exit(1);
}
