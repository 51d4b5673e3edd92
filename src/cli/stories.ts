/**
 * Every story's claims measured: `npm run stories -- [--preset NAME] [--seeds N] [--json]`.
 * Trains each story's preset (and the runs its claims compare with) at the preset's seed and the
 * next N − 1 seeds on the best CPU engine, and prints each claim's verdict and figure per seed.
 * Exit code 1 when a claim fails on the preset's own seed or on more seeds than the test allows.
 */
import { parseArgs } from 'node:util';
import { isPresetName, PRESET_NAMES, PRESETS, type PresetName } from '../model/presets';
import { STORY_CLAIMS } from '../view/storyClaims';
import { type ClaimOutcome, checkStory } from './storyRun';
import { claimVerdict, storySeeds } from './storySeeds';

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      preset: { type: 'string' },
      seeds: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const names: PresetName[] = values.preset === undefined ? [...PRESET_NAMES] : [];
  if (values.preset !== undefined) {
    if (!isPresetName(values.preset))
      throw new Error(`unknown preset '${values.preset}' (known: ${PRESET_NAMES.join(', ')})`);
    names.push(values.preset);
  }
  const count = values.seeds === undefined ? undefined : Number(values.seeds);
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= 20))
    throw new Error(`--seeds must be a whole number from 1 to 20, not '${values.seeds}'`);
  let failed = false;
  for (const name of names) {
    const seeds = storySeeds(name, count);
    const bySeed: ClaimOutcome[][] = [];
    for (const seed of seeds) {
      const outcomes = await checkStory(name, seed);
      bySeed.push(outcomes);
      for (const o of outcomes) {
        const line = { preset: name, seed, claim: o.id, holds: o.holds, figure: o.figure };
        process.stdout.write(
          values.json
            ? `${JSON.stringify(line)}\n`
            : `${name} seed ${seed} ${o.holds ? 'holds' : 'FAILS'} ${o.id}: ${o.figure}\n`,
        );
      }
    }
    for (const [k, claim] of STORY_CLAIMS[name].entries()) {
      const verdict = claimVerdict(bySeed.map((outcomes) => outcomes[k].holds));
      failed ||= !verdict.ok;
      if (!values.json)
        process.stdout.write(
          `${name} ${claim.id}: holds on ${verdict.held}/${seeds.length} seeds (own seed ${PRESETS[name].config.seed}: ${verdict.ownSeed ? 'yes' : 'no'})\n`,
        );
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(`stories: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
