import { describe, expect, it } from 'vitest';
import { LANGS } from '../i18n';
import { PRESET_NAMES, PRESETS } from '../model/presets';
import { claimNeeds, STORY_CLAIMS, type StoryClaim } from './storyClaims';
import { storyText } from './storyText';

/**
 * Which claims each story makes and what its runs must record for them. Whether each claim holds
 * on a trained model: src/cli/storyClaims.test.ts (minutes); each claim's check on hand-built runs:
 * overfitClaims, memoryClaims and classifierClaims.test.ts.
 */

describe('the story claims', () => {
  it('every preset has its claims, in its text’s order', () => {
    expect(Object.keys(STORY_CLAIMS).sort()).toEqual([...PRESET_NAMES].sort());
    expect(Object.fromEntries(PRESET_NAMES.map((p) => [p, STORY_CLAIMS[p].map((c) => c.id)]))).toEqual({
      overfit: ['curves-part', 'units-jumpier'],
      dropout: ['train-noisier-higher', 'val-lower'],
      l2: ['val-climbs-less', 'too-much-underfits'],
      'early-stopping': ['stops-restores', 'patience-overfits'],
      'long-range': ['plateau-then-drop', 'forget-gate-latch', 'c-holds-first', 'gradient-reaches-back'],
      'why-lstm': ['carried-25-steps', 'rnn-guesses-mean', 'rnn-gradient-vanishes', 'gated-cells-solve'],
      attention: ['attention-on-marked-steps', 'attention-leaves-plateau', 'plain-lstm-on-plateau'],
      sentiment: ['reads-in-order', 'not-flips'],
      'which-words': ['spam-accuracy', 'here-weighted'],
      'keras-seed': ['accuracy-sharpens', 'heaviest'],
      translation: ['translation-exact-match', 'year-looks-at-year', 'month-looks-at-month'],
    });
  });

  it.each(PRESET_NAMES)('%s: each claim quotes its story, in both languages', (name) => {
    for (const lang of LANGS) {
      const text = storyText(name, lang, PRESETS[name].config, null);
      for (const claim of STORY_CLAIMS[name]) {
        expect(claim.quote[lang].length, `${claim.id} (${lang})`).toBeGreaterThan(0);
        expect(text, `${claim.id} (${lang})`).toContain(claim.quote[lang]);
      }
    }
  });
});

describe('what a story’s runs record for its claims', () => {
  it('the windows to probe, the probes after every epoch, the sentences to read', () => {
    expect(claimNeeds(STORY_CLAIMS['long-range'])).toEqual({
      windows: 40,
      epochProbes: false,
      sentences: [],
    });
    expect(claimNeeds(STORY_CLAIMS.overfit)).toEqual({ windows: 0, epochProbes: true, sentences: [] });
    expect(claimNeeds(STORY_CLAIMS.sentiment)).toEqual({
      windows: 0,
      epochProbes: false,
      sentences: [
        'the plot was good but the acting was boring',
        'the plot was boring but the acting was good',
        'not bad at all',
        'bad',
      ],
    });
  });

  it('the most windows any claim asks, each sentence once, nothing for no claims', () => {
    const claim = (q: Partial<StoryClaim>): StoryClaim => ({
      id: 'x',
      quote: { en: 'x', 'zh-CN': 'x' },
      check: () => ({ holds: true, figure: '' }),
      ...q,
    });
    const claims = [
      claim({ windows: 3, sentences: ['a', 'b'] }),
      claim({ windows: 7, epochProbes: false }),
      claim({ sentences: ['b', 'c'] }),
    ];
    expect(claimNeeds(claims)).toEqual({ windows: 7, epochProbes: false, sentences: ['a', 'b', 'c'] });
    expect(claimNeeds([])).toEqual({ windows: 0, epochProbes: false, sentences: [] });
  });
});
