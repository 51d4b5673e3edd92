import { describe, expect, it } from 'vitest';
import { DATE_FORMATS, datesOf } from '../data/dates';
import { readNodeDataFile } from '../data/nodeFiles';
import { findWindowByWords } from '../data/sentence';
import { dataPrng } from '../data/splits';
import { prepareRun } from '../engine/host/session';
import { LANGS } from '../i18n';
import { PRESET_NAMES, PRESETS } from '../model/presets';
import { STORY_CLAIMS } from '../view/storyClaims';
import { storyText } from '../view/storyText';
import { type ClaimOutcome, checkStory, datesOfWindows } from './storyRun';
import { claimVerdict, storySeeds } from './storySeeds';

/**
 * A story's claim is a test: each preset is trained headless on the WebAssembly engine at its own
 * seed and the next ones (storySeeds: five, three for keras-seed), and every claim its text makes
 * must hold on the preset's own seed and on all but one seed in five (claimVerdict says why).
 * `npm run stories` prints the same figures.
 */
describe('every story claim is in its story’s words', () => {
  it.each(PRESET_NAMES)('%s: each claim quotes its story, in both languages', (name) => {
    for (const lang of LANGS) {
      const text = storyText(name, lang, PRESETS[name].config, null);
      for (const claim of STORY_CLAIMS[name])
        expect(text, `${claim.id} (${lang})`).toContain(claim.quote[lang]);
      expect(text, 'no figure left unfilled').not.toMatch(/\{\w+\}/);
    }
  });

  it('the word-order story’s example is in its validation split', async () => {
    const { config, look } = PRESETS.sentiment;
    const { dataset } = await prepareRun(config, readNodeDataFile);
    const { val, timesteps, vocabulary } = dataset;
    expect(look?.phrase).toBe('not bad');
    expect(findWindowByWords(val.x, val.n, timesteps, vocabulary!, look!.phrase!)).toBeGreaterThanOrEqual(0);
  });

  it('the e-mail story’s example (“click here”) is in its validation split', async () => {
    const { config, look } = PRESETS['which-words'];
    const { dataset } = await prepareRun(config, readNodeDataFile);
    const { val, timesteps, vocabulary } = dataset;
    expect(look).toEqual({ view: 'attention', phrase: 'click here' });
    expect(findWindowByWords(val.x, val.n, timesteps, vocabulary!, look!.phrase!)).toBeGreaterThanOrEqual(0);
  });

  it('the translation story opens on its long English date, and reads the strings the model read', async () => {
    const { config, look } = PRESETS.translation;
    const { dataset } = await prepareRun(config, readNodeDataFile);
    expect(look).toEqual({ view: 'translation', window: 274 });
    const dates = datesOfWindows(config, dataset, dataset.val.n);
    expect(dates).toHaveLength(dataset.val.n);
    expect(dates[274]).toEqual({
      input: 'Wednesday, 31 July 1991',
      output: '1991-07-31',
      format: DATE_FORMATS.findIndex((f) => f.name === 'Weekday, D Month YYYY'),
    });
    // Another seed's strings are not the rows of this dataset: the claims would read the wrong ones.
    const other = { ...config, seed: config.seed + 1 };
    expect(() => datesOfWindows(other, dataset, 10)).toThrow(/validation date \d+: datesOf drew/);
    expect(datesOf(other.dataset, dataPrng(other.seed)).val[274].input).not.toBe('Wednesday, 31 July 1991');
  });
});

describe('every story claim holds on the model the class trains', () => {
  it.each(PRESET_NAMES)(
    '%s',
    async (name) => {
      const seeds = storySeeds(name);
      const bySeed: ClaimOutcome[][] = [];
      for (const seed of seeds) bySeed.push(await checkStory(name, seed));
      const failures = STORY_CLAIMS[name].flatMap((claim, k) => {
        const verdict = claimVerdict(bySeed.map((outcomes) => outcomes[k].holds));
        if (verdict.ok) return [];
        const figures = bySeed.map(
          (o, s) => `seed ${seeds[s]} ${o[k].holds ? 'holds' : 'FAILS'}: ${o[k].figure}`,
        );
        return [`${claim.id} holds on ${verdict.held}/${seeds.length} seeds\n  ${figures.join('\n  ')}`];
      });
      expect(failures).toEqual([]);
    },
    600_000,
  );
});
