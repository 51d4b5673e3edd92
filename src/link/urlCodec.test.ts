import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTENTION_CHOICES,
  CELL_TYPES,
  type Config,
  DATASET_NAMES,
  DECODER_SCORES,
  DEFAULT_CONFIG,
  LIMITS,
  OPTIMIZERS,
  validateConfig,
} from '../model/config';
import { PRESETS } from '../model/presets';
import { fitAttentionToTask } from '../model/sequenceTarget';
import {
  decode,
  decodeWithPresets,
  encode,
  insideWindow,
  lessonStepWithin,
  type UrlProblem,
} from './urlCodec';
import { HIDEABLE_CONTROLS, LESSON_NAMES, URL_FIELDS } from './urlKeys';

const int = (l: { min: number; max: number }) => fc.integer({ min: l.min, max: l.max });
const real = (l: { min: number; max: number }) => fc.double({ min: l.min, max: l.max, noNaN: true });

/** Labels a person could type: no control or bidi characters (decode strips those on purpose). */
const labelArb = fc
  .string({ unit: 'grapheme', maxLength: 30 })
  .filter(
    (s) =>
      s.length <= LIMITS.units.max &&
      s.length <= 80 &&
      !/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(s),
  );

const configArb: fc.Arbitrary<Config> = fc.record({
  dataset: fc.record(
    {
      name: fc.constantFrom(...DATASET_NAMES),
      trainSize: int(LIMITS.trainSize),
      noise: real(LIMITS.noise),
      valFraction: real(LIMITS.valFraction),
      timesteps: int(LIMITS.timesteps),
      customName: labelArb,
    },
    { requiredKeys: ['name', 'trainSize', 'noise', 'valFraction', 'timesteps'] },
  ),
  layers: fc.array(int(LIMITS.units), { minLength: LIMITS.layers.min, maxLength: LIMITS.layers.max }),
  cell: fc.constantFrom(...CELL_TYPES),
  decoderAttention: fc.constantFrom(...DECODER_SCORES),
  bidirectional: fc.boolean(),
  attention: fc.constantFrom(...ATTENTION_CHOICES),
  dropout: real(LIMITS.dropout),
  recurrentDropout: real(LIMITS.dropout),
  outputDropout: real(LIMITS.dropout),
  l1: real(LIMITS.l1),
  l2: real(LIMITS.l2),
  optimizer: fc.constantFrom(...OPTIMIZERS),
  learningRate: real(LIMITS.learningRate),
  batchSize: int(LIMITS.batchSize),
  epochs: int(LIMITS.epochs),
  clipnorm: real(LIMITS.clipnorm),
  earlyStopping: fc.record({
    enabled: fc.boolean(),
    patience: int(LIMITS.patience),
    minDelta: real(LIMITS.minDelta),
    restoreBestWeights: fc.boolean(),
  }),
  seed: int(LIMITS.seed),
});
// Every config the page can run: a translation dataset's encoder has no attention of its own.
const runnableConfigArb = configArb.map((config) => fitAttentionToTask(config).config);

const KEYS = ['v', 'preset', 'lang', 'hide', ...URL_FIELDS.map((f) => f.key)];
/** Values that stress the readers: numbers of every shape, garbage, and plain unicode. */
const valueArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-0',
    '0x1f',
    '1e400',
    '-1e400',
    '1-2-3-4-5',
    '128--64',
    'true',
    'ADAM',
  ),
);
const pairsQueryArb = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), valueArb), {
    maxLength: 30,
  })
  // URLSearchParams escapes like a browser and turns lone surrogates into U+FFFD instead of throwing.
  .map((pairs) => new URLSearchParams(pairs).toString());

const messageFor = (problems: UrlProblem[], param: string) =>
  problems.find((p) => p.param === param)?.message;

describe('encode', () => {
  it('writes short keys in a stable order, numbers as their shortest exact decimal', () => {
    const config: Config = { ...DEFAULT_CONFIG, learningRate: 0.003, layers: [128, 64] };
    expect(encode(config)).toBe(
      'v=1&d=sine&n=256&t=20&nz=0.3&vf=0.25&u=128-64&cell=lstm&bi=0&att=none&da=general&dr=0&rd=0&od=0&l1=0&l2=0&o=adam&lr=0.003' +
        '&b=32&e=60&cn=0&es=0&pa=8&md=0&rb=1&s=42',
    );
  });

  it('puts preset first and lang, hide last, with readable commas', () => {
    const q = encode(DEFAULT_CONFIG, { preset: 'overfit', lang: 'zh-CN', hide: ['l1', 'l2'] });
    expect(q.startsWith('v=1&preset=overfit&d=')).toBe(true);
    expect(q.endsWith('&lang=zh-CN&hide=l1,l2')).toBe(true);
  });

  it('writes a name with a lone surrogate instead of throwing', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, customName: 'a\uD800b' },
    };
    expect(decode(encode(config)).config.dataset.customName).toBe('a\uFFFDb');
  });

  it('escapes a custom name so it cannot break the query', () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      dataset: { ...DEFAULT_CONFIG.dataset, name: 'custom', customName: 'a&b=c #1' },
    };
    expect(encode(config)).toContain('custom=a%26b%3Dc%20%231');
    expect(decode(encode(config)).config.dataset.customName).toBe('a&b=c #1');
  });
});

describe('decode', () => {
  it('round-trips every valid config exactly', () => {
    fc.assert(
      fc.property(runnableConfigArb, (config) => {
        const { config: back, problems } = decode(encode(config));
        expect(problems).toEqual([]);
        expect(back).toEqual(config);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips the extras', () => {
    const extras = {
      preset: 'early-stopping',
      lang: 'zh-CN' as const,
      hide: ['layers' as const, 'seed' as const],
    };
    expect(decode(encode(DEFAULT_CONFIG, extras)).extras).toEqual(extras);
  });

  it('never throws and always yields a valid config, on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (query) => {
        expect(validateConfig(decode(query).config).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and always yields a valid config, on arbitrary key/value pairs', () => {
    fc.assert(
      fc.property(pairsQueryArb, (query) => {
        const { config, problems } = decode(query);
        expect(validateConfig(config).ok).toBe(true);
        for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('survives input that is not a string at all', () => {
    expect(validateConfig(decode(undefined as unknown as string).config).ok).toBe(true);
    expect(validateConfig(decode(42 as unknown as string).config).ok).toBe(true);
  });

  it('accepts a full https link, a query with ? and a bare query alike', () => {
    const want = { ...DEFAULT_CONFIG, learningRate: 0.003, layers: [128, 64] };
    for (const link of [
      'https://example.org/lstm/?lr=0.003&u=128-64#charts',
      '?lr=0.003&u=128-64',
      'lr=0.003&u=128-64',
    ]) {
      expect(decode(link)).toEqual({ config: want, extras: {}, problems: [] });
    }
    expect(decode('https://example.org/lstm/').config).toEqual(DEFAULT_CONFIG);
  });

  it('keeps the default for a value that is not a number, and says so', () => {
    const { config, problems } = decode('lr=abc');
    expect(config.learningRate).toBe(DEFAULT_CONFIG.learningRate);
    expect(problems).toEqual([
      {
        param: 'lr',
        value: 'abc',
        action: 'default-kept',
        message: 'lr=abc is not a number; kept the default 0.01',
      },
    ]);
  });

  it('does not take hex, Infinity or empty text for numbers', () => {
    for (const bad of ['0x10', 'Infinity', '', ' ']) {
      const { config, problems } = decode(`e=${encodeURIComponent(bad)}`);
      expect(config.epochs).toBe(DEFAULT_CONFIG.epochs);
      expect(problems[0]?.action).toBe('default-kept');
    }
  });

  it('clamps values outside the limits and names the limit', () => {
    const { config, problems } = decode('u=9999&lr=0&s=-3');
    expect(config.layers).toEqual([512]);
    expect(config.learningRate).toBe(LIMITS.learningRate.min);
    expect(config.seed).toBe(0);
    expect(messageFor(problems, 'u')).toBe('u=9999 is above the limit 512 units; clamped to 512');
    expect(messageFor(problems, 'lr')).toBe('lr=0 is below the limit 0.00001; clamped to 0.00001');
    expect(problems.every((p) => p.action === 'clamped')).toBe(true);
  });

  it('rounds a fractional count and says so', () => {
    const { config, problems } = decode('b=12.5');
    expect(config.batchSize).toBe(13);
    expect(problems[0]).toMatchObject({ param: 'b', action: 'clamped' });
  });

  it('keeps the first 4 of too many layers and clamps each layer', () => {
    const { config, problems } = decode('u=8-9999-8-8-8-8');
    expect(config.layers).toEqual([8, 512, 8, 8]);
    expect(problems.map((p) => p.message)).toEqual([
      'u=8-9999-8-8-8-8 has 6 layers, above the limit 4; kept the first 4',
      'u=8-9999-8-8-8-8: layer 2 (9999) is above the limit 512 units; clamped to 512',
    ]);
  });

  it('keeps the default layers when the list is malformed', () => {
    for (const bad of ['128--64', '-5', 'x', '']) {
      const { config, problems } = decode(`u=${bad}`);
      expect(config.layers).toEqual(DEFAULT_CONFIG.layers);
      expect(problems[0]).toMatchObject({ param: 'u', action: 'default-kept' });
    }
  });

  it('keeps the default for unknown enum values and reads known ones in any case', () => {
    const { config, problems } = decode('o=adamw&d=SP500');
    expect(config.optimizer).toBe(DEFAULT_CONFIG.optimizer);
    expect(config.dataset.name).toBe('sp500');
    expect(messageFor(problems, 'o')).toBe(
      'o=adamw is not one of sgd, momentum, rmsprop, adam; kept the default adam',
    );
  });

  it('reads the cell type and Bidirectional, names a bad value of either, and applies the rest', () => {
    const good = decode('cell=gru&bi=1&u=64-32');
    expect(good.config).toMatchObject({ cell: 'gru', bidirectional: true, layers: [64, 32] });
    expect(good.problems).toEqual([]);
    const { config, problems } = decode('cell=transformer&bi=maybe&u=48&lr=0.02');
    expect(config).toMatchObject({ cell: 'lstm', bidirectional: false, layers: [48], learningRate: 0.02 });
    expect(messageFor(problems, 'cell')).toBe(
      'cell=transformer is not one of lstm, gru, simple_rnn; kept the default lstm',
    );
    expect(messageFor(problems, 'bi')).toBe('bi=maybe is not 0 or 1; kept the default 0');
  });

  it('reads a link from before cell types as an LSTM in one direction', () => {
    const { config, problems } = decode('v=1&d=adding&u=32&lr=0.01');
    expect(config).toMatchObject({ cell: 'lstm', bidirectional: false });
    expect(problems).toEqual([]);
  });

  it('reads the attention kind, a link without it as none, and names a bad value', () => {
    expect(decode('att=additive&u=16').config).toMatchObject({ attention: 'additive', layers: [16] });
    expect(decode('att=dot').config.attention).toBe('dot');
    expect(decode('v=1&d=adding&u=32').config.attention).toBe('none');
    const { config, problems } = decode('att=luong&lr=0.02');
    expect(config).toMatchObject({ attention: 'none', learningRate: 0.02 });
    expect(messageFor(problems, 'att')).toBe(
      'att=luong is not one of none, additive, dot; kept the default none',
    );
  });

  it('drops the encoder’s attention for the dates dataset, whose decoder attends, and says so', () => {
    const { config, problems } = decode('d=dates&t=30&att=additive&da=dot');
    expect(config).toMatchObject({ attention: 'none', decoderAttention: 'dot' });
    expect(config.dataset).toMatchObject({ name: 'dates', timesteps: 30 });
    expect(messageFor(problems, 'att')).toBe(
      "att=additive does not apply to d=dates: a translation model's decoder attends over its encoder (da=dot); set to none",
    );
    // A preset's attention under a link's d=dates is dropped the same way, named by its score.
    const onPreset = decodeWithPresets('preset=attention&d=dates', PRESETS);
    expect(onPreset.config.attention).toBe('none');
    expect(messageFor(onPreset.problems, 'att')).toMatch(/^attention additive does not apply to d=dates/);
    // Other datasets keep it, and a dates link without attention has nothing to say.
    expect(decode('d=adding&att=additive').config.attention).toBe('additive');
    expect(decode('d=dates&att=none').problems).toEqual([]);
  });

  it('reads the spam set by its name, and the older sets’ names as before', () => {
    const spam = decode('v=1&d=spam&n=1600&t=24');
    expect(spam.config.dataset).toMatchObject({ name: 'spam', trainSize: 1600, timesteps: 24 });
    expect(spam.problems).toEqual([]);
    expect(encode(spam.config)).toContain('d=spam');
    for (const name of [
      'sine',
      'adding',
      'sentiment',
      'tenclass',
      'seattle-temp',
      'seattle-weather',
      'sp500',
      'co2',
    ]) {
      expect(decode(`v=1&d=${name}`).config.dataset.name).toBe(name);
    }
  });

  it('reports unknown parameters, with the short key when a long name was used', () => {
    const { problems } = decode('foo=1&learningRate=0.1');
    expect(problems).toEqual([
      { param: 'foo', value: '1', action: 'ignored', message: "unknown parameter 'foo' ignored" },
      {
        param: 'learningRate',
        value: '0.1',
        action: 'ignored',
        message: "unknown parameter 'learningRate' ignored; its link key is 'lr'",
      },
    ]);
  });

  it('reads a link of another version as best it can, with a problem', () => {
    const { config, problems } = decode('v=2&lr=0.5');
    expect(config.learningRate).toBe(0.5);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ param: 'v', value: '2', action: 'ignored' });
  });

  it('uses the last of repeated params and reports the earlier one', () => {
    const { config, problems } = decode('lr=0.1&lr=0.2');
    expect(config.learningRate).toBe(0.2);
    expect(problems[0]).toMatchObject({ param: 'lr', value: '0.1', action: 'ignored' });
  });

  it('reads booleans as 0/1 or true/false and keeps the default otherwise', () => {
    expect(decode('es=1&rb=false').config.earlyStopping).toMatchObject({
      enabled: true,
      restoreBestWeights: false,
    });
    expect(decode('es=maybe').problems[0]?.message).toBe('es=maybe is not 0 or 1; kept the default 0');
  });

  it('caps the number of problems a junk link can produce', () => {
    const junk = Array.from({ length: 500 }, (_, i) => `junk${i}=1`).join('&');
    const { problems } = decode(junk);
    expect(problems.length).toBeLessThanOrEqual(25);
    expect(problems.at(-1)?.message).toMatch(/more problems not listed/);
  });
});

describe('strings from a link are data', () => {
  it('cuts a custom name to 80 characters and strips control and bidi characters', () => {
    const long = 'x'.repeat(200);
    const { config, problems } = decode(`d=custom&custom=${long}`);
    expect(config.dataset.customName).toBe('x'.repeat(80));
    expect(problems[0]).toMatchObject({ param: 'custom', action: 'clamped' });
    expect(decode('custom=a%00b%E2%80%AEc%0A').config.dataset.customName).toBe('abc');
  });

  it('keeps only known control names in hide, once each, in table order', () => {
    const { extras, problems } = decode('hide=seed,<script>,DROPOUT,seed,,constructor');
    expect(extras.hide).toEqual(['dropout', 'seed']);
    expect(problems).toEqual([
      {
        param: 'hide',
        value: 'seed,<script>,DROPOUT,seed,,constructor',
        action: 'ignored',
        message: 'hide: unknown control names <script>, constructor ignored',
      },
    ]);
  });

  it('lists the config fields as hideable controls', () => {
    for (const name of [
      'layers',
      'dropout',
      'recurrentDropout',
      'outputDropout',
      'l1',
      'l2',
      'optimizer',
      'learningRate',
      'batchSize',
      'epochs',
      'clipnorm',
      'earlyStopping',
      'seed',
      'dataset',
    ]) {
      expect(HIDEABLE_CONTROLS).toContain(name);
    }
  });

  it('takes only a known language and only a name-shaped preset', () => {
    expect(decode('lang=zh-cn').extras.lang).toBe('zh-CN');
    expect(decode('lang=fr')).toMatchObject({ extras: {}, problems: [{ param: 'lang', action: 'ignored' }] });
    expect(decode('preset=<img src=x>')).toMatchObject({
      extras: {},
      problems: [{ param: 'preset', action: 'ignored' }],
    });
    expect(decode(`preset=${'p'.repeat(41)}`).extras.preset).toBeUndefined();
  });

  it('quotes at most a short piece of a long bad value', () => {
    const { problems } = decode(`lr=${'9'.repeat(5000)}x`);
    expect(problems[0]!.message.length).toBeLessThan(200);
    expect(problems[0]!.value.length).toBeLessThan(100);
  });
});

describe('decodeWithPresets', () => {
  it('applies the preset first and the explicit params on top', () => {
    const { config, extras, problems } = decodeWithPresets('?preset=overfit&lr=0.05', PRESETS);
    expect(config).toEqual({ ...PRESETS.overfit.config, learningRate: 0.05 });
    expect(extras.preset).toBe('overfit');
    expect(problems).toEqual([]);
  });

  it('accepts a table of bare configs and says where a kept value came from', () => {
    const table = { small: { ...DEFAULT_CONFIG, learningRate: 0.2 } };
    const { config, problems } = decodeWithPresets('preset=small&lr=abc', table);
    expect(config.learningRate).toBe(0.2);
    expect(problems[0]?.message).toBe("lr=abc is not a number; kept 0.2 from preset 'small'");
  });

  it('reports an unknown preset and uses the defaults, even for prototype names', () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      const { config, extras, problems } = decodeWithPresets(`preset=${name}&e=5`, PRESETS);
      expect(config).toEqual({ ...DEFAULT_CONFIG, epochs: 5 });
      expect(extras.preset).toBeUndefined();
      expect(problems[0]).toMatchObject({ param: 'preset', value: name, action: 'ignored' });
    }
  });

  it('always yields a valid config with every preset and arbitrary params', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(PRESETS)), pairsQueryArb, (name, query) => {
        expect(validateConfig(decodeWithPresets(`preset=${name}&${query}`, PRESETS).config).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the inside views in the link: view, window, layer and unit', () => {
  const config: Config = { ...DEFAULT_CONFIG, layers: [16, 8], bidirectional: true };

  it('round-trips, after the other extras; no key, no views', () => {
    const inside = { view: 'units' as const, window: 3, layer: 1, unit: 12 };
    const q = encode(config, { lang: 'en', inside });
    expect(q.endsWith('&lang=en&view=units&win=3&layer=1&unit=12')).toBe(true);
    expect(decode(q)).toMatchObject({ extras: { inside }, problems: [] });
    expect(decode(encode(config)).extras.inside).toBeUndefined();
  });

  it('the attention view (issue 22) round-trips beside the older views, which keep their words', () => {
    const withAttention: Config = { ...config, attention: 'additive' };
    const inside = { view: 'attention' as const, window: 2, layer: 2, unit: 0 };
    const q = encode(withAttention, { inside });
    expect(q).toContain('att=additive');
    expect(q.endsWith('&view=attention&win=2&layer=2&unit=0')).toBe(true);
    expect(decode(q)).toMatchObject({ config: withAttention, extras: { inside }, problems: [] });
    for (const view of ['gates', 'units', 'gradients', 'words'])
      expect(decode(`view=${view}`).extras.inside?.view).toBe(view);
  });

  it('the translation view (issue 23) round-trips; the older views keep their words', () => {
    const inside = { view: 'translation' as const, window: 4, layer: 1, unit: 0 };
    const q = encode(config, { inside });
    expect(q.endsWith('&view=translation&win=4&layer=1&unit=0')).toBe(true);
    expect(decode(q)).toMatchObject({ extras: { inside }, problems: [] });
    for (const view of ['gates', 'units', 'gradients', 'words', 'attention'])
      expect(decode(`view=${view}`).extras.inside?.view).toBe(view);
  });

  it('any one key opens the views, the others at their defaults', () => {
    expect(decode('unit=2').extras.inside).toEqual({ view: 'gates', window: 0, layer: 1, unit: 2 });
  });

  it('checks each key like a config number: not a number, not whole, negative, unknown view', () => {
    const { extras, problems } = decode('view=inside-out&win=abc&layer=1.4&unit=-3');
    expect(extras.inside).toEqual({ view: 'gates', window: 0, layer: 1, unit: 0 });
    expect(problems.map((p) => [p.param, p.action])).toEqual([
      ['view', 'default-kept'],
      ['win', 'default-kept'],
      ['layer', 'clamped'],
      ['unit', 'clamped'],
    ]);
  });

  it('clamps the layer and the unit into the link’s own model, with the usual notice', () => {
    // Two Bidirectional layers of 16 and 8 units: layer 2's output is 16 wide.
    const { extras, problems } = decode(`${encode(config)}&layer=3&unit=40`);
    expect(extras.inside).toMatchObject({ layer: 2, unit: 15 });
    expect(problems.map((p) => p.message)).toEqual([
      "layer=3 is past the model's 2 layer(s); clamped to 2",
      "unit=40 is past layer 2's last unit 15; clamped to 15",
    ]);
  });

  it('clamps the window once the validation split is known', () => {
    expect(insideWindow(3, 128)).toEqual({ window: 3, problem: null });
    expect(insideWindow(500, 128)).toEqual({
      window: 127,
      problem: {
        param: 'win',
        value: '500',
        action: 'clamped',
        message: 'win=500 is past the last validation window 127; clamped to 127',
      },
    });
  });
});

describe('embed=1: the page as an iframe shows it', () => {
  it('round-trips, last in the link, and only when asked', () => {
    const q = encode(DEFAULT_CONFIG, { preset: 'overfit', embed: true });
    expect(q.endsWith('&embed=1')).toBe(true);
    const back = decodeWithPresets(q, PRESETS);
    expect(back.extras).toEqual({ preset: 'overfit', embed: true });
    expect(back.problems).toEqual([]);
    expect(encode(DEFAULT_CONFIG, { embed: false })).not.toContain('embed');
    expect(encode(DEFAULT_CONFIG)).not.toContain('embed');
  });

  it('reads 0 and 1 like every flag; anything else is a problem and the full page shows', () => {
    expect(decode('embed=0').extras.embed).toBeUndefined();
    expect(decode('embed=true').extras.embed).toBe(true);
    const { extras, problems } = decode('embed=<iframe>');
    expect(extras.embed).toBeUndefined();
    expect(problems).toEqual([
      {
        param: 'embed',
        value: '<iframe>',
        action: 'default-kept',
        message: 'embed=<iframe> is not 0 or 1; showed the full page',
      },
    ]);
  });
});

describe('lesson mode in the link: lesson and lstep', () => {
  it('round-trips every lesson and step, last in the link; no key, no lesson', () => {
    for (const name of LESSON_NAMES) {
      for (const step of [1, 3, 20]) {
        const q = encode(DEFAULT_CONFIG, { preset: 'overfit', lang: 'zh-CN', lesson: { name, step } });
        expect(q.endsWith(`&lang=zh-CN&lesson=${name}&lstep=${step}`)).toBe(true);
        expect(decode(q)).toMatchObject({ extras: { lesson: { name, step } }, problems: [] });
      }
    }
    expect(decode(encode(DEFAULT_CONFIG)).extras.lesson).toBeUndefined();
  });

  it('a lesson without a step opens at step 1; the name is read in any case', () => {
    expect(decode('lesson=Word-Order')).toMatchObject({
      extras: { lesson: { name: 'word-order', step: 1 } },
      problems: [],
    });
  });

  it('an unknown lesson name opens no lesson and says which names there are', () => {
    for (const bad of ['cooking', '<script>alert(1)</script>', 'constructor', '']) {
      const { extras, problems, config } = decode(`lesson=${encodeURIComponent(bad)}&lstep=2&u=8`);
      expect(extras.lesson).toBeUndefined();
      expect(config.layers).toEqual([8]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ param: 'lesson', action: 'ignored' });
      expect(problems[0].message).toContain('is not a lesson (overfitting, memory, word-order, translation)');
    }
  });

  it('a bad step opens step 1, a step past the limit the limit, each with its problem', () => {
    const cases: [string, number, string][] = [
      ['abc', 1, 'lstep=abc is not a number; opened step 1'],
      ['2.5', 3, 'lstep=2.5 is not a whole number; rounded to 3'],
      ['0', 1, 'lstep=0 is below the limit 1; clamped to 1'],
      ['-4', 1, 'lstep=-4 is below the limit 1; clamped to 1'],
      ['999', 20, 'lstep=999 is above the limit 20; clamped to 20'],
      ['', 1, 'lstep= is not a number; opened step 1'],
    ];
    for (const [raw, step, message] of cases) {
      const { extras, problems } = decode(`lesson=memory&lstep=${raw}`);
      expect(extras.lesson, raw).toEqual({ name: 'memory', step });
      expect(
        problems.map((p) => p.message),
        raw,
      ).toEqual([message]);
    }
  });

  it('a step without a lesson is a problem, not a lesson', () => {
    const { extras, problems } = decode('lstep=3');
    expect(extras.lesson).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual(['lstep=3 names no lesson (no lesson=…); ignored']);
  });

  it('a step past the lesson’s own steps goes to its last step, with the usual notice', () => {
    expect(lessonStepWithin(3, 7)).toEqual({ step: 3, problem: null });
    expect(lessonStepWithin(7, 7)).toEqual({ step: 7, problem: null });
    expect(lessonStepWithin(12, 7)).toEqual({
      step: 7,
      problem: {
        param: 'lstep',
        value: '12',
        action: 'clamped',
        message: "lstep=12 is past this lesson's last step 7; opened step 7",
      },
    });
  });
});
