import { ENGINE_PREFERENCES } from '../engine/host/enginePreference';
import { type Config, cloneConfig, DEFAULT_CONFIG, LIMITS, validateConfig } from '../model/config';
import { fitAttentionToTask } from '../model/sequenceTarget';
import {
  EMBED_KEY,
  EXTRA_KEYS,
  encodeValue,
  extractQuery,
  formatNumber,
  getField,
  HIDEABLE_CONTROLS,
  INSIDE_DEFAULTS,
  INSIDE_KEYS,
  INSIDE_LIMITS,
  INSIDE_VIEWS,
  type InsideLink,
  type InsideView,
  LANGS,
  LESSON_KEYS,
  LESSON_NAMES,
  LESSON_STEP_LIMIT,
  type LessonLink,
  LONG_NAME_TO_KEY,
  parseNumber,
  quote,
  sanitizeText,
  setField,
  TEXT_LIMITS,
  URL_FIELDS,
  URL_VERSION,
  type UrlExtras,
  type UrlField,
  VERSION_KEY,
} from './urlKeys';

export type { UrlExtras } from './urlKeys';

/**
 * The run as a link: `encode` writes every Config field under its short key (urlKeys.ts), so a
 * link still means the same run after the defaults change; `decode` reads any string back into a
 * valid Config and never throws. What it could not take as written becomes a UrlProblem the UI shows.
 */

export interface UrlProblem {
  param: string;
  value: string;
  message: string;
  action: 'default-kept' | 'clamped' | 'ignored';
}

export interface DecodeResult {
  config: Config;
  extras: UrlExtras;
  problems: UrlProblem[];
}

/** A hostile link could list thousands of junk params; past this many, one summary problem. */
const MAX_PROBLEMS = 24;

// --- encode ---------------------------------------------------------------------------------

function fieldToString(f: UrlField, config: Config): string | undefined {
  const value = getField(config, f.path);
  if (value === undefined) return undefined;
  if (f.kind === 'bool') return value ? '1' : '0';
  if (f.kind === 'layers') return (value as number[]).map(formatNumber).join('-');
  return f.kind === 'number' ? formatNumber(value as number) : String(value);
}

/** Query string without '?': `v=1`, then `preset`, the config fields in table order, `lang`, `hide`, `engine`, the inside views, the lesson. */
export function encode(config: Config, extras: UrlExtras = {}): string {
  const pairs: [string, string][] = [[VERSION_KEY, String(URL_VERSION)]];
  if (extras.preset !== undefined) pairs.push([EXTRA_KEYS.preset, extras.preset]);
  for (const f of URL_FIELDS) {
    const value = fieldToString(f, config);
    if (value !== undefined) pairs.push([f.key, value]);
  }
  if (extras.lang !== undefined) pairs.push([EXTRA_KEYS.lang, extras.lang]);
  if (extras.hide !== undefined && extras.hide.length > 0)
    pairs.push([EXTRA_KEYS.hide, extras.hide.join(',')]);
  if (extras.engine !== undefined && extras.engine !== 'auto') pairs.push([EXTRA_KEYS.engine, extras.engine]);
  if (extras.inside) {
    const { view, window, layer, unit } = extras.inside;
    pairs.push([INSIDE_KEYS.view, view], [INSIDE_KEYS.window, String(window)]);
    pairs.push([INSIDE_KEYS.layer, String(layer)], [INSIDE_KEYS.unit, String(unit)]);
  }
  if (extras.embed) pairs.push([EMBED_KEY, '1']);
  if (extras.lesson) {
    pairs.push([LESSON_KEYS.name, extras.lesson.name], [LESSON_KEYS.step, String(extras.lesson.step)]);
  }
  return pairs.map(([k, v]) => `${k}=${encodeValue(v)}`).join('&');
}

// --- decode: reading one value ----------------------------------------------------------------

interface Reader {
  /** "kept the default 0.01" or "kept 0.01 from preset 'overfit'". */
  kept: (value: string | number) => string;
  report: (param: string, value: string, action: UrlProblem['action'], message: string) => void;
}

type NumberSpec = { limit: { min: number; max: number }; integer: boolean; unit?: string };

/** `said` opens the message: `lr=abc`, or `u=128-9999: layer 2 (9999)` inside a stack. */
function readNumber(r: Reader, key: string, raw: string, f: NumberSpec, fallback: number, said = ''): number {
  said ||= `${key}=${quote(raw)}`;
  const x = parseNumber(raw);
  if (x === undefined) {
    r.report(key, raw, 'default-kept', `${said} is not a number; ${r.kept(fallback)}`);
    return fallback;
  }
  if (x > f.limit.max || x < f.limit.min) {
    const [side, to] = x > f.limit.max ? ['above', f.limit.max] : ['below', f.limit.min];
    const unit = f.unit && to === 1 ? f.unit.replace(/s$/, '') : f.unit;
    const limit = `${formatNumber(to)}${unit ? ` ${unit}` : ''}`;
    r.report(key, raw, 'clamped', `${said} is ${side} the limit ${limit}; clamped to ${formatNumber(to)}`);
    return to;
  }
  if (f.integer && !Number.isInteger(x)) {
    const rounded = Math.min(f.limit.max, Math.max(f.limit.min, Math.round(x)));
    r.report(key, raw, 'clamped', `${said} is not a whole number; rounded to ${rounded}`);
    return rounded;
  }
  return x;
}

const UNITS_SPEC: NumberSpec = { limit: LIMITS.units, integer: true, unit: 'units' };

function readLayers(r: Reader, key: string, raw: string, fallback: number[]): number[] {
  const said = `${key}=${quote(raw)}`;
  const pieces = raw.split(/[-,]/).map((p) => p.trim());
  if (pieces.some((p) => parseNumber(p) === undefined)) {
    const message = `${said} is not a list of unit counts like 128-64; ${r.kept(fallback.join('-'))}`;
    r.report(key, raw, 'default-kept', message);
    return [...fallback];
  }
  const { max } = LIMITS.layers;
  if (pieces.length > max) {
    r.report(
      key,
      raw,
      'clamped',
      `${said} has ${pieces.length} layers, above the limit ${max}; kept the first ${max}`,
    );
  }
  const kept = pieces.slice(0, max);
  // A single layer reads like any number (`u=9999 is above…`); in a stack, name the layer.
  return kept.map((p, i) =>
    readNumber(r, key, p, UNITS_SPEC, 0, kept.length === 1 ? said : `${said}: layer ${i + 1} (${p})`),
  );
}

function readBool(r: Reader, key: string, raw: string, fallback: boolean): boolean {
  const s = raw.trim().toLowerCase();
  if (s === '1' || s === 'true') return true;
  if (s === '0' || s === 'false') return false;
  r.report(key, raw, 'default-kept', `${key}=${quote(raw)} is not 0 or 1; ${r.kept(fallback ? 1 : 0)}`);
  return fallback;
}

function readEnum(r: Reader, key: string, raw: string, values: readonly string[], fallback: string): string {
  const found = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
  if (found !== undefined) return found;
  const message = `${key}=${quote(raw)} is not one of ${values.join(', ')}; ${r.kept(fallback)}`;
  r.report(key, raw, 'default-kept', message);
  return fallback;
}

function readText(r: Reader, key: string, raw: string, maxLength: number): string {
  const { text, stripped, cut } = sanitizeText(raw, maxLength);
  if (stripped) r.report(key, raw, 'clamped', `${key}: control characters removed from the text`);
  const why = `${key} is longer than ${maxLength} characters; cut to the first ${text.length}`;
  if (cut) r.report(key, raw, 'clamped', why);
  return text;
}

function readField(r: Reader, f: UrlField, raw: string, current: unknown): unknown {
  switch (f.kind) {
    case 'number':
      return readNumber(r, f.key, raw, f, current as number);
    case 'layers':
      return readLayers(r, f.key, raw, current as number[]);
    case 'bool':
      return readBool(r, f.key, raw, current as boolean);
    case 'enum':
      return readEnum(r, f.key, raw, f.values, current as string);
    case 'text':
      return readText(r, f.key, raw, f.maxLength);
  }
}

// --- decode: the link as a whole -------------------------------------------------------------

function readExtras(r: Reader, params: Map<string, string>): UrlExtras {
  const extras: UrlExtras = {};
  const preset = params.get(EXTRA_KEYS.preset);
  if (preset !== undefined) {
    const name = preset.trim();
    if (name.length <= TEXT_LIMITS.preset && /^[\w-]+$/.test(name)) extras.preset = name;
    else r.report('preset', preset, 'ignored', `preset=${quote(preset)} is not a preset name; ignored`);
  }
  const lang = params.get(EXTRA_KEYS.lang);
  if (lang !== undefined) {
    const found = LANGS.find((l) => l.toLowerCase() === lang.trim().toLowerCase());
    if (found) extras.lang = found;
    else r.report('lang', lang, 'ignored', `lang=${quote(lang)} is not one of ${LANGS.join(', ')}; ignored`);
  }
  const hide = params.get(EXTRA_KEYS.hide);
  if (hide !== undefined) {
    const byName = new Map(HIDEABLE_CONTROLS.map((c) => [c.toLowerCase(), c] as const));
    const names = hide.split(',').map((n) => n.trim());
    const asked = new Set(names.map((n) => byName.get(n.toLowerCase())));
    // Table order, each once: the UI can compare lists without sorting.
    extras.hide = HIDEABLE_CONTROLS.filter((c) => asked.has(c));
    const unknown = names.filter((n) => n !== '' && !byName.has(n.toLowerCase()));
    if (unknown.length > 0) {
      r.report('hide', hide, 'ignored', `hide: unknown control names ${quote(unknown.join(', '))} ignored`);
    }
  }
  const inside = readInside(r, params);
  if (inside) extras.inside = inside;
  const embed = params.get(EMBED_KEY);
  // 0 and 1 only, as every flag: a bad value names itself and the full page shows.
  if (embed !== undefined && readBool({ ...r, kept: () => 'showed the full page' }, EMBED_KEY, embed, false))
    extras.embed = true;
  const lesson = readLesson(r, params);
  if (lesson) extras.lesson = lesson;
  const engine = params.get(EXTRA_KEYS.engine);
  if (engine !== undefined) {
    const found = ENGINE_PREFERENCES.find((e) => e === engine.trim().toLowerCase());
    if (found) extras.engine = found;
    else
      r.report(
        'engine',
        engine,
        'ignored',
        `engine=${quote(engine)} is not one of ${ENGINE_PREFERENCES.join(', ')}; ignored`,
      );
  }
  return extras;
}

/** view, win, layer, unit: any one opens the inside views; each checked like a config number. */
function readInside(r: Reader, params: Map<string, string>): InsideLink | undefined {
  const raw = Object.fromEntries(Object.entries(INSIDE_KEYS).map(([name, key]) => [name, params.get(key)]));
  if (Object.values(raw).every((v) => v === undefined)) return undefined;
  const defaults = (v: string | number) => `kept the default ${v}`;
  const inside = { ...INSIDE_DEFAULTS };
  const reader: Reader = { ...r, kept: defaults };
  if (raw.view !== undefined)
    inside.view = readEnum(reader, INSIDE_KEYS.view, raw.view, INSIDE_VIEWS, inside.view) as InsideView;
  for (const name of ['window', 'layer', 'unit'] as const) {
    const value = raw[name];
    if (value === undefined) continue;
    const spec = { limit: INSIDE_LIMITS[name], integer: true };
    inside[name] = readNumber(reader, INSIDE_KEYS[name], value, spec, INSIDE_DEFAULTS[name]);
  }
  return inside;
}

/**
 * lesson=NAME and lstep=N. An unknown name opens no lesson (the normal page, with the problem
 * shown); a bad step opens the lesson at step 1, a step past the limit at the limit.
 */
function readLesson(r: Reader, params: Map<string, string>): LessonLink | undefined {
  const name = params.get(LESSON_KEYS.name);
  const step = params.get(LESSON_KEYS.step);
  if (name === undefined) {
    if (step !== undefined)
      r.report(
        LESSON_KEYS.step,
        step,
        'ignored',
        `lstep=${quote(step)} names no lesson (no lesson=…); ignored`,
      );
    return undefined;
  }
  const found = LESSON_NAMES.find((n) => n === name.trim().toLowerCase());
  if (!found) {
    const message = `lesson=${quote(name)} is not a lesson (${LESSON_NAMES.join(', ')}); opened the normal page`;
    r.report(LESSON_KEYS.name, name, 'ignored', message);
    return undefined;
  }
  if (step === undefined) return { name: found, step: 1 };
  const spec = { limit: LESSON_STEP_LIMIT, integer: true };
  const reader: Reader = { ...r, kept: () => 'opened step 1' };
  return { name: found, step: readNumber(reader, LESSON_KEYS.step, step, spec, 1) };
}

/** A link's lesson step inside the lesson's own `count` steps, and the problem when it was not. */
export function lessonStepWithin(step: number, count: number): { step: number; problem: UrlProblem | null } {
  if (step <= count) return { step, problem: null };
  const message = `lstep=${step} is past this lesson's last step ${count}; opened step ${count}`;
  return {
    step: count,
    problem: { param: LESSON_KEYS.step, value: String(step), action: 'clamped', message },
  };
}

/**
 * The inside views' layer and unit inside the config's model (a link may outlive a model change):
 * clamped, each with its problem. The window is checked once the dataset is built (insideWindow).
 */
function clampInside(r: Reader, inside: InsideLink, config: Config): InsideLink {
  const out = { ...inside };
  const layers = config.layers.length;
  if (out.layer > layers) {
    r.report(
      INSIDE_KEYS.layer,
      String(out.layer),
      'clamped',
      `layer=${out.layer} is past the model's ${layers} layer(s); clamped to ${layers}`,
    );
    out.layer = layers;
  }
  const width = config.layers[out.layer - 1] * (config.bidirectional ? 2 : 1);
  if (out.unit > width - 1) {
    const message = `unit=${out.unit} is past layer ${out.layer}'s last unit ${width - 1}; clamped to ${width - 1}`;
    r.report(INSIDE_KEYS.unit, String(out.unit), 'clamped', message);
    out.unit = width - 1;
  }
  return out;
}

/** The window inside a validation split of `valSize` windows, and the problem when it was not. */
export function insideWindow(
  window: number,
  valSize: number,
): { window: number; problem: UrlProblem | null } {
  const last = Math.max(0, valSize - 1);
  if (window <= last) return { window, problem: null };
  const message = `win=${window} is past the last validation window ${last}; clamped to ${last}`;
  return {
    window: last,
    problem: { param: INSIDE_KEYS.window, value: String(window), action: 'clamped', message },
  };
}

/**
 * A translation dataset's decoder attends over its encoder; attention on the encoder does not
 * apply (the model builder refuses it). A link asking for both gets the dataset, without it.
 */
function dropEncoderAttention(r: Reader, config: Config, raw: string | undefined): void {
  const { dropped } = fitAttentionToTask(config);
  if (!dropped) return;
  config.attention = 'none';
  const said = raw === undefined ? `attention ${dropped}` : `att=${quote(raw)}`;
  const message = `${said} does not apply to d=${config.dataset.name}: a translation model's decoder attends over its encoder (da=${config.decoderAttention}); set to none`;
  r.report('att', raw ?? dropped, 'ignored', message);
}

/** Reads a link into a valid Config on top of `base`; never throws. */
export function decode(query: string, base: Config = DEFAULT_CONFIG): DecodeResult {
  return decodeOnto(query, base, (v) => `kept the default ${v}`);
}

/** The link's params, the last of repeated ones winning; a link of another version is read as far as it can be. */
function readParams(text: string, report: Reader['report']): Map<string, string> {
  // The last of repeated params wins, as when someone edits a link by appending `&lr=0.1`.
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) {
    const earlier = params.get(key);
    if (earlier !== undefined) {
      report(key, earlier, 'ignored', `${quote(key)} appears more than once; used the last, ${quote(value)}`);
    }
    params.set(key, value);
  }

  const version = params.get(VERSION_KEY);
  if (version !== undefined && version.trim() !== String(URL_VERSION)) {
    const message = `v=${quote(version)}: this app reads version ${URL_VERSION} links; read it as version ${URL_VERSION} as far as possible`;
    report(VERSION_KEY, version, 'ignored', message);
  }

  return params;
}

/** Keys the link does not know are reported, with the key meant where a long name was written. */
function reportUnknownKeys(params: Map<string, string>, report: Reader['report']): void {
  const known = new Set<string>([
    VERSION_KEY,
    ...Object.values(EXTRA_KEYS),
    ...Object.values(INSIDE_KEYS),
    EMBED_KEY,
    ...Object.values(LESSON_KEYS),
    ...URL_FIELDS.map((f) => f.key),
  ]);
  for (const [key, value] of params) {
    if (known.has(key)) continue;
    const hint = LONG_NAME_TO_KEY.get(key.toLowerCase());
    report(
      key,
      value,
      'ignored',
      `unknown parameter '${quote(key)}' ignored${hint ? `; its link key is '${hint}'` : ''}`,
    );
  }
}

function decodeOnto(query: unknown, base: Config, kept: Reader['kept']): DecodeResult {
  const problems: UrlProblem[] = [];
  let dropped = 0;
  const report: Reader['report'] = (param, value, action, message) => {
    if (problems.length < MAX_PROBLEMS)
      problems.push({ param: quote(param), value: quote(value), action, message });
    else dropped++;
  };
  const r: Reader = { kept, report };

  const baseOk = validateConfig(base);
  if (!baseOk.ok)
    report(
      'base',
      '',
      'ignored',
      `the starting config is invalid (${baseOk.problems[0]}); used the defaults`,
    );
  const start = baseOk.ok ? baseOk.config : DEFAULT_CONFIG;
  const config = cloneConfig(start);

  let text = typeof query === 'string' ? extractQuery(query) : '';
  if (text.length > TEXT_LIMITS.query) {
    report(
      'query',
      '',
      'clamped',
      `the link is longer than ${TEXT_LIMITS.query} characters; read only the start`,
    );
    text = text.slice(0, TEXT_LIMITS.query);
  }

  const params = readParams(text, report);
  for (const f of URL_FIELDS) {
    const raw = params.get(f.key);
    if (raw !== undefined) setField(config, f.path, readField(r, f, raw, getField(config, f.path)));
  }
  const extras = readExtras(r, params);
  dropEncoderAttention(r, config, params.get('att'));

  reportUnknownKeys(params, report);
  if (dropped > 0)
    problems.push({
      param: '*',
      value: '',
      action: 'ignored',
      message: `${dropped} more problems not listed`,
    });

  // Every reader clamps to LIMITS, so this only guards against a future field the readers miss.
  const checked = validateConfig(config);
  if (!checked.ok) {
    const message = `the link gave an invalid config (${checked.problems[0]}); ${kept('starting config')}`;
    problems.push({ param: 'config', value: '', action: 'default-kept', message });
    if (extras.inside) extras.inside = clampInside(r, extras.inside, start);
    return { config: cloneConfig(start), extras, problems };
  }
  if (extras.inside) extras.inside = clampInside(r, extras.inside, checked.config);
  return { config: checked.config, extras, problems };
}

/** A preset table as the app keeps it (model/presets.ts PRESETS) or as bare configs. */
export type PresetTable = Readonly<Record<string, Config | { config: Config }>>;

/**
 * `preset=NAME` first, then the link's explicit params on top. An unknown preset is a problem and
 * `fallback` (the defaults) stands in for it.
 */
export function decodeWithPresets(
  query: string,
  presets: PresetTable,
  fallback = DEFAULT_CONFIG,
): DecodeResult {
  const first = decodeOnto(query, fallback, (v) => `kept the default ${v}`);
  const name = first.extras.preset;
  if (name === undefined) return first;
  // Own keys only: a link saying `preset=constructor` must not reach Object.prototype.
  const entry = Object.hasOwn(presets, name) ? presets[name] : undefined;
  if (entry === undefined) {
    const message = `preset=${quote(name)} is not a known preset (${Object.keys(presets).join(', ')}); ignored`;
    const { preset: _unknown, ...extras } = first.extras;
    return {
      ...first,
      extras,
      problems: [{ param: 'preset', value: name, action: 'ignored', message }, ...first.problems],
    };
  }
  const presetConfig = 'config' in entry ? entry.config : entry;
  return decodeOnto(query, presetConfig, (v) => `kept ${v} from preset '${name}'`);
}
