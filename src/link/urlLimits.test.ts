import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config';
import { decode, insideWindow } from './urlCodec';
import { getField } from './urlKeys';

/**
 * Every bound a link can reach, as literal numbers (never read from LIMITS or the key table: a
 * changed limit must break its line): at the bound and just inside, decode keeps the value and
 * says nothing; just outside, it clamps to the bound and names the parameter and the limit.
 * Whole-number limits are probed one step away, real ones 0.000001 away.
 */

describe('a link’s numbers at their limits', () => {
  it('a link that says nothing keeps every default, and says nothing', () => {
    expect(decode('')).toEqual({ config: DEFAULT_CONFIG, extras: {}, problems: [] });
  });

  it.each([
    // [key, config path, just inside the min, min, max, just inside the max]
    ['n', 'dataset.trainSize', 9, 8, 20_000, 19_999],
    ['t', 'dataset.timesteps', 3, 2, 200, 199],
    ['nz', 'dataset.noise', 0.000001, 0, 2, 1.999999],
    ['vf', 'dataset.valFraction', 0.050001, 0.05, 0.5, 0.499999],
    ['dr', 'dropout', 0.000001, 0, 0.9, 0.899999],
    ['rd', 'recurrentDropout', 0.000001, 0, 0.9, 0.899999],
    ['od', 'outputDropout', 0.000001, 0, 0.9, 0.899999],
    ['l1', 'l1', 0.000001, 0, 1, 0.999999],
    ['l2', 'l2', 0.000001, 0, 1, 0.999999],
    ['lr', 'learningRate', 0.00001001, 0.00001, 1, 0.999999],
    ['b', 'batchSize', 2, 1, 512, 511],
    ['e', 'epochs', 2, 1, 1000, 999],
    ['cn', 'clipnorm', 0.000001, 0, 100, 99.999999],
    ['pa', 'earlyStopping.patience', 2, 1, 200, 199],
    ['md', 'earlyStopping.minDelta', 0.000001, 0, 1, 0.999999],
    ['s', 'seed', 1, 0, 4_294_967_295, 4_294_967_294],
  ] as const)('%s (%s): its bounds and just inside them are taken as written', (key, path, ...values) => {
    for (const value of values) {
      const { config, problems } = decode(`${key}=${value}`);
      expect(problems, `${key}=${value}`).toEqual([]);
      expect(getField(config, path)).toBe(value);
    }
  });

  it.each([
    // [key, config path, written, clamped to, the problem's message]
    ['n', 'dataset.trainSize', '7', 8, 'n=7 is below the limit 8 windows; clamped to 8'],
    ['n', 'dataset.trainSize', '20001', 20_000, 'n=20001 is above the limit 20000 windows; clamped to 20000'],
    ['t', 'dataset.timesteps', '1', 2, 't=1 is below the limit 2 steps; clamped to 2'],
    ['t', 'dataset.timesteps', '201', 200, 't=201 is above the limit 200 steps; clamped to 200'],
    ['nz', 'dataset.noise', '-0.000001', 0, 'nz=-0.000001 is below the limit 0; clamped to 0'],
    ['nz', 'dataset.noise', '2.000001', 2, 'nz=2.000001 is above the limit 2; clamped to 2'],
    ['vf', 'dataset.valFraction', '0.049999', 0.05, 'vf=0.049999 is below the limit 0.05; clamped to 0.05'],
    ['vf', 'dataset.valFraction', '0.500001', 0.5, 'vf=0.500001 is above the limit 0.5; clamped to 0.5'],
    ['dr', 'dropout', '-0.000001', 0, 'dr=-0.000001 is below the limit 0; clamped to 0'],
    ['dr', 'dropout', '0.900001', 0.9, 'dr=0.900001 is above the limit 0.9; clamped to 0.9'],
    ['rd', 'recurrentDropout', '-0.000001', 0, 'rd=-0.000001 is below the limit 0; clamped to 0'],
    ['rd', 'recurrentDropout', '0.900001', 0.9, 'rd=0.900001 is above the limit 0.9; clamped to 0.9'],
    ['od', 'outputDropout', '-0.000001', 0, 'od=-0.000001 is below the limit 0; clamped to 0'],
    ['od', 'outputDropout', '0.900001', 0.9, 'od=0.900001 is above the limit 0.9; clamped to 0.9'],
    ['l1', 'l1', '-0.000001', 0, 'l1=-0.000001 is below the limit 0; clamped to 0'],
    ['l1', 'l1', '1.000001', 1, 'l1=1.000001 is above the limit 1; clamped to 1'],
    ['l2', 'l2', '-0.000001', 0, 'l2=-0.000001 is below the limit 0; clamped to 0'],
    ['l2', 'l2', '1.000001', 1, 'l2=1.000001 is above the limit 1; clamped to 1'],
    [
      'lr',
      'learningRate',
      '0.00000999',
      0.00001,
      'lr=0.00000999 is below the limit 0.00001; clamped to 0.00001',
    ],
    ['lr', 'learningRate', '1.000001', 1, 'lr=1.000001 is above the limit 1; clamped to 1'],
    ['b', 'batchSize', '0', 1, 'b=0 is below the limit 1 sample; clamped to 1'],
    ['b', 'batchSize', '513', 512, 'b=513 is above the limit 512 samples; clamped to 512'],
    ['e', 'epochs', '0', 1, 'e=0 is below the limit 1 epoch; clamped to 1'],
    ['e', 'epochs', '1001', 1000, 'e=1001 is above the limit 1000 epochs; clamped to 1000'],
    ['cn', 'clipnorm', '-0.000001', 0, 'cn=-0.000001 is below the limit 0; clamped to 0'],
    ['cn', 'clipnorm', '100.000001', 100, 'cn=100.000001 is above the limit 100; clamped to 100'],
    ['pa', 'earlyStopping.patience', '0', 1, 'pa=0 is below the limit 1 epoch; clamped to 1'],
    ['pa', 'earlyStopping.patience', '201', 200, 'pa=201 is above the limit 200 epochs; clamped to 200'],
    ['md', 'earlyStopping.minDelta', '-0.000001', 0, 'md=-0.000001 is below the limit 0; clamped to 0'],
    ['md', 'earlyStopping.minDelta', '1.000001', 1, 'md=1.000001 is above the limit 1; clamped to 1'],
    ['s', 'seed', '-1', 0, 's=-1 is below the limit 0; clamped to 0'],
    [
      's',
      'seed',
      '4294967296',
      4_294_967_295,
      's=4294967296 is above the limit 4294967295; clamped to 4294967295',
    ],
  ] as const)(
    '%s (%s) written as %s, just outside, is clamped and named',
    (key, path, written, clamped, message) => {
      const { config, problems } = decode(`${key}=${written}`);
      expect(getField(config, path)).toBe(clamped);
      expect(problems).toEqual([{ param: key, value: written, action: 'clamped', message }]);
    },
  );

  it('a fraction just past a whole-number bound is clamped to it; one just inside rounds to it', () => {
    expect(decode('n=20000.4')).toMatchObject({
      config: { dataset: { trainSize: 20_000 } },
      problems: [{ param: 'n', message: 'n=20000.4 is above the limit 20000 windows; clamped to 20000' }],
    });
    expect(decode('n=19999.6')).toMatchObject({
      config: { dataset: { trainSize: 20_000 } },
      problems: [{ param: 'n', message: 'n=19999.6 is not a whole number; rounded to 20000' }],
    });
    expect(decode('n=8.4')).toMatchObject({
      config: { dataset: { trainSize: 8 } },
      problems: [{ param: 'n', message: 'n=8.4 is not a whole number; rounded to 8' }],
    });
    expect(decode('n=7.6')).toMatchObject({
      config: { dataset: { trainSize: 8 } },
      problems: [{ param: 'n', message: 'n=7.6 is below the limit 8 windows; clamped to 8' }],
    });
  });
});

describe('a link’s layers at their limits', () => {
  it.each([
    ['1', [1]],
    ['2', [2]],
    ['511', [511]],
    ['512', [512]],
    ['1-512', [1, 512]],
    ['512-512-512-512', [512, 512, 512, 512]],
  ])('u=%s is taken as written', (written, layers) => {
    expect(decode(`u=${written}`)).toMatchObject({ config: { layers }, problems: [] });
  });

  it.each([
    ['0', [1], ['u=0 is below the limit 1 unit; clamped to 1']],
    ['513', [512], ['u=513 is above the limit 512 units; clamped to 512']],
    [
      '0-513',
      [1, 512],
      [
        'u=0-513: layer 1 (0) is below the limit 1 unit; clamped to 1',
        'u=0-513: layer 2 (513) is above the limit 512 units; clamped to 512',
      ],
    ],
    ['8-8-8-8-8', [8, 8, 8, 8], ['u=8-8-8-8-8 has 5 layers, above the limit 4; kept the first 4']],
  ])('u=%s is clamped to %j, each problem named', (written, layers, messages) => {
    const { config, problems } = decode(`u=${written}`);
    expect(config.layers).toEqual(layers);
    expect(problems.map((p) => [p.param, p.action, p.message])).toEqual(
      messages.map((m) => ['u', 'clamped', m]),
    );
  });
});

describe('the inside views’ link at its limits', () => {
  // Four Bidirectional layers of 512: the widest model a link can ask for, 1,024 units a layer.
  const widest = 'u=512-512-512-512&bi=1';

  it('takes window 0 and 19999, layer 1 and 4, unit 0 and 1023 as written', () => {
    for (const [win, layer, unit] of [
      [0, 1, 0],
      [19_999, 4, 1_023],
      [19_998, 3, 1_022],
    ]) {
      const { extras, problems } = decode(`${widest}&win=${win}&layer=${layer}&unit=${unit}`);
      expect(problems).toEqual([]);
      expect(extras.inside).toEqual({ view: 'gates', window: win, layer, unit });
    }
  });

  it.each([
    ['win', '-1', { window: 0 }, 'win=-1 is below the limit 0; clamped to 0'],
    ['win', '20000', { window: 19_999 }, 'win=20000 is above the limit 19999; clamped to 19999'],
    ['layer', '0', { layer: 1 }, 'layer=0 is below the limit 1; clamped to 1'],
    ['layer', '5', { layer: 4 }, 'layer=5 is above the limit 4; clamped to 4'],
    ['unit', '-1', { unit: 0 }, 'unit=-1 is below the limit 0; clamped to 0'],
    ['unit', '1024', { unit: 1_023 }, 'unit=1024 is above the limit 1023; clamped to 1023'],
  ] as const)('%s=%s just outside is clamped and named', (key, written, clamped, message) => {
    const { extras, problems } = decode(`${widest}&${key}=${written}`);
    expect(extras.inside).toMatchObject(clamped);
    expect(problems).toEqual([{ param: key, value: written, action: 'clamped', message }]);
  });

  it('inside the link’s own model: its last layer and last unit are taken, one past is clamped', () => {
    // Two Bidirectional layers of 16 and 8: layer 2's output is 2 · 8 = 16 units, 0-15.
    const model = 'u=16-8&bi=1';
    expect(decode(`${model}&layer=2&unit=15`)).toMatchObject({
      extras: { inside: { layer: 2, unit: 15 } },
      problems: [],
    });
    expect(decode(`${model}&layer=3`).problems.map((p) => p.message)).toEqual([
      "layer=3 is past the model's 2 layer(s); clamped to 2",
    ]);
    expect(decode(`${model}&layer=2&unit=16`).problems.map((p) => p.message)).toEqual([
      "unit=16 is past layer 2's last unit 15; clamped to 15",
    ]);
    // One direction: layer 1's 16 units are 0-15 too.
    expect(decode('u=16-8&layer=1&unit=15').problems).toEqual([]);
    expect(decode('u=16-8&layer=1&unit=16').extras.inside).toMatchObject({ unit: 15 });
  });

  it('the window: the last of the validation split is taken, one past is clamped', () => {
    expect(insideWindow(127, 128)).toEqual({ window: 127, problem: null });
    expect(insideWindow(128, 128)).toMatchObject({
      window: 127,
      problem: { param: 'win', action: 'clamped' },
    });
    expect(insideWindow(0, 1)).toEqual({ window: 0, problem: null });
    expect(insideWindow(1, 1)).toMatchObject({ window: 0 });
  });
});

describe('a link’s text at its limits', () => {
  it('a custom data name of 80 characters is kept whole; 81 are cut to 80', () => {
    expect(decode(`custom=${'x'.repeat(80)}`)).toMatchObject({
      config: { dataset: { customName: 'x'.repeat(80) } },
      problems: [],
    });
    const { config, problems } = decode(`custom=${'x'.repeat(81)}`);
    expect(config.dataset.customName).toBe('x'.repeat(80));
    expect(problems.map((p) => [p.param, p.action, p.message])).toEqual([
      ['custom', 'clamped', 'custom is longer than 80 characters; cut to the first 80'],
    ]);
  });

  it('a preset name of 40 characters is read; 41 are not a preset name', () => {
    expect(decode(`preset=${'p'.repeat(40)}`)).toMatchObject({
      extras: { preset: 'p'.repeat(40) },
      problems: [],
    });
    expect(decode(`preset=${'p'.repeat(41)}`)).toMatchObject({
      extras: {},
      problems: [
        {
          param: 'preset',
          action: 'ignored',
          message: `preset=${'p'.repeat(41)} is not a preset name; ignored`,
        },
      ],
    });
  });

  it('a link of 16,384 characters is read whole; from 16,385 only its first 16,384', () => {
    // n= then zeros then 256: 2 + 16,379 + 3 = 16,384 characters, trainSize 256.
    const whole = `n=${'0'.repeat(16_379)}256`;
    expect(whole.length).toBe(16_384);
    expect(decode(whole)).toMatchObject({ config: { dataset: { trainSize: 256 } }, problems: [] });
    // One zero more: the last character, the 6, falls off, and n reads 25.
    const { config, problems } = decode(`n=${'0'.repeat(16_380)}256`);
    expect(config.dataset.trainSize).toBe(25);
    expect(problems).toEqual([
      {
        param: 'query',
        value: '',
        action: 'clamped',
        message: 'the link is longer than 16384 characters; read only the start',
      },
    ]);
  });

  it('lists 24 problems; from the 25th on, one line counts the rest', () => {
    const junk = (n: number) => Array.from({ length: n }, (_, i) => `junk${i}=1`).join('&');
    const of24 = decode(junk(24)).problems;
    expect(of24).toHaveLength(24);
    expect(of24.every((p) => p.param.startsWith('junk'))).toBe(true);
    const of25 = decode(junk(25)).problems;
    expect(of25).toHaveLength(25);
    expect(of25[24]).toEqual({
      param: '*',
      value: '',
      action: 'ignored',
      message: '1 more problems not listed',
    });
  });
});
