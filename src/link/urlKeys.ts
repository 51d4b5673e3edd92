import type { EnginePreference } from '../engine/host/enginePreference';
import {
  ATTENTION_CHOICES,
  CELL_TYPES,
  type Config,
  DATASET_NAMES,
  DECODER_SCORES,
  LIMITS,
  OPTIMIZERS,
} from '../model/config';

/**
 * The link's vocabulary: which short key carries which Config field, in the order `encode` writes
 * them. A link must outlive the code that wrote it, so keys are never renamed or reused; a new
 * meaning gets a new key, and an incompatible change bumps URL_VERSION.
 */

export const URL_VERSION = 1;

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** Control names a classroom link may hide (`hide=dropout,l2`): the Config fields the UI exposes. */
export const HIDEABLE_CONTROLS = [
  'dataset',
  'trainSize',
  'noise',
  'valFraction',
  'timesteps',
  'layers',
  'cell',
  'bidirectional',
  'attention',
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
] as const;
export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

/** The inside views (issue: gates, cell state and gradients through time), one shown at a time. */
// Appended only: an old link's view keeps its meaning ('attention': issue 22, 'translation': 23).
export const INSIDE_VIEWS = ['gates', 'units', 'gradients', 'words', 'attention', 'translation'] as const;
export type InsideView = (typeof INSIDE_VIEWS)[number];

/**
 * Where the inside views look: "unit 12 of layer 1 on window 3". window and unit count from 0 (the
 * validation split's index, the unit's column of the layer's output, both directions side by side
 * when Bidirectional, as Keras concatenates them); layer from 1, as the controls name layers.
 */
export interface InsideLink {
  view: InsideView;
  window: number;
  layer: number;
  unit: number;
}

/** The link's bounds before the config and the dataset are known (decode clamps to those after). */
export const INSIDE_LIMITS = {
  window: { min: 0, max: LIMITS.trainSize.max - 1 },
  layer: { min: 1, max: LIMITS.layers.max },
  unit: { min: 0, max: 2 * LIMITS.units.max - 1 },
} as const;

export const INSIDE_DEFAULTS: InsideLink = { view: 'gates', window: 0, layer: 1, unit: 0 };

/** What a link carries beside the Config; the UI resolves and renders these, always as plain text. */
export interface UrlExtras {
  /** A preset name; the caller looks it up (see decodeWithPresets) and decodes again on top of it. */
  preset?: string;
  lang?: Lang;
  /** Controls hidden in classroom mode; only known names survive decoding. */
  hide?: HideableControl[];
  /** The inside views, open at this view, window, layer and unit; absent: closed. */
  inside?: InsideLink;
  /**
   * Which engine trains (hidden: no control sets it; for checking one engine against another):
   * `ref` the reference engine, `wasm` the WebAssembly engine even where WebGPU is there,
   * `webgpu` WebGPU even on a software adapter (where `auto` takes the faster WebAssembly engine).
   */
  engine?: EnginePreference;
  /** `embed=1`: the page as an iframe shows it (one story, no header); see the README's "Embed". */
  embed?: boolean;
  /** Lesson mode: which lesson, at which step (from 1, as "Step 3 of 7" says it); absent: no lesson. */
  lesson?: LessonLink;
}

export const EXTRA_KEYS = { preset: 'preset', lang: 'lang', hide: 'hide', engine: 'engine' } as const;
/** The inside views' keys; any one of them opens the views (the others default). */
export const INSIDE_KEYS = { view: 'view', window: 'win', layer: 'layer', unit: 'unit' } as const;
export const VERSION_KEY = 'v';
/** Its own constant, not in EXTRA_KEYS: an embed is how the page is shown, never a setting. */
export const EMBED_KEY = 'embed';

// --- lesson mode (issue 21) ---
/** The lessons a link may open (their steps live in view/lessons.ts, which holds one per name). */
export const LESSON_NAMES = ['overfitting', 'memory', 'word-order', 'translation'] as const;
export type LessonName = (typeof LESSON_NAMES)[number];
export interface LessonLink {
  name: LessonName;
  /** From 1; a lesson with fewer steps clamps it on opening (lessonStepWithin). */
  step: number;
}
/** `lesson=overfitting&lstep=3`; lstep alone (no lesson) is a problem, not a lesson. */
export const LESSON_KEYS = { name: 'lesson', step: 'lstep' } as const;
/** No lesson is longer: a bigger step in a link is clamped here before the lesson is known. */
export const LESSON_STEP_LIMIT = { min: 1, max: 20 } as const;

/** Longest strings a link may put into the app (UTF-16 code units). */
export const TEXT_LIMITS = { customName: 80, preset: 40, query: 16_384 } as const;

type Limit = { min: number; max: number };

/** One link parameter: its short key, the Config path it carries, and how its value is read. */
export type UrlField = { key: string; path: string } & (
  | { kind: 'number'; limit: Limit; integer: boolean; unit?: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'layers' }
  | { kind: 'text'; maxLength: number }
);

/** Config field → short key. Encode writes exactly this order. */
export const URL_FIELDS: readonly UrlField[] = [
  { key: 'd', path: 'dataset.name', kind: 'enum', values: DATASET_NAMES },
  { key: 'custom', path: 'dataset.customName', kind: 'text', maxLength: TEXT_LIMITS.customName },
  {
    key: 'n',
    path: 'dataset.trainSize',
    kind: 'number',
    limit: LIMITS.trainSize,
    integer: true,
    unit: 'windows',
  },
  {
    key: 't',
    path: 'dataset.timesteps',
    kind: 'number',
    limit: LIMITS.timesteps,
    integer: true,
    unit: 'steps',
  },
  { key: 'nz', path: 'dataset.noise', kind: 'number', limit: LIMITS.noise, integer: false },
  { key: 'vf', path: 'dataset.valFraction', kind: 'number', limit: LIMITS.valFraction, integer: false },
  { key: 'u', path: 'layers', kind: 'layers' },
  // Links older than these keys meant an LSTM, one direction: the defaults.
  { key: 'cell', path: 'cell', kind: 'enum', values: CELL_TYPES },
  { key: 'bi', path: 'bidirectional', kind: 'bool' },
  // Links older than this key meant no attention: the default.
  { key: 'att', path: 'attention', kind: 'enum', values: ATTENTION_CHOICES },
  // A translation model's decoder score (issue 23); older links never had one: the default.
  { key: 'da', path: 'decoderAttention', kind: 'enum', values: DECODER_SCORES },
  { key: 'dr', path: 'dropout', kind: 'number', limit: LIMITS.dropout, integer: false },
  { key: 'rd', path: 'recurrentDropout', kind: 'number', limit: LIMITS.dropout, integer: false },
  { key: 'od', path: 'outputDropout', kind: 'number', limit: LIMITS.dropout, integer: false },
  { key: 'l1', path: 'l1', kind: 'number', limit: LIMITS.l1, integer: false },
  { key: 'l2', path: 'l2', kind: 'number', limit: LIMITS.l2, integer: false },
  { key: 'o', path: 'optimizer', kind: 'enum', values: OPTIMIZERS },
  { key: 'lr', path: 'learningRate', kind: 'number', limit: LIMITS.learningRate, integer: false },
  { key: 'b', path: 'batchSize', kind: 'number', limit: LIMITS.batchSize, integer: true, unit: 'samples' },
  { key: 'e', path: 'epochs', kind: 'number', limit: LIMITS.epochs, integer: true, unit: 'epochs' },
  { key: 'cn', path: 'clipnorm', kind: 'number', limit: LIMITS.clipnorm, integer: false },
  { key: 'es', path: 'earlyStopping.enabled', kind: 'bool' },
  {
    key: 'pa',
    path: 'earlyStopping.patience',
    kind: 'number',
    limit: LIMITS.patience,
    integer: true,
    unit: 'epochs',
  },
  { key: 'md', path: 'earlyStopping.minDelta', kind: 'number', limit: LIMITS.minDelta, integer: false },
  { key: 'rb', path: 'earlyStopping.restoreBestWeights', kind: 'bool' },
  { key: 's', path: 'seed', kind: 'number', limit: LIMITS.seed, integer: true },
];

/** Reads a Config field by its dotted path ('dataset.trainSize'). */
export function getField(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((node, name) => (node as Record<string, unknown>)[name], config);
}

/** Writes a Config field by its dotted path; the caller validates the result as a whole. */
export function setField(config: Config, path: string, value: unknown): void {
  const names = path.split('.');
  const last = names.pop()!;
  const parent = names.reduce<unknown>((node, name) => (node as Record<string, unknown>)[name], config);
  (parent as Record<string, unknown>)[last] = value;
}

/** Long names people type by hand (`learningRate=0.1`), so the problem can point at the short key. */
export const LONG_NAME_TO_KEY: ReadonlyMap<string, string> = new Map(
  URL_FIELDS.flatMap((f) => {
    const last = f.path.split('.').pop()!;
    return [f.path, last].map((name) => [name.toLowerCase(), f.key] as [string, string]);
  }),
);

// --- spelling: how numbers and text are written in a link -----------------------------------

/** How much of a param name or value a problem quotes. */
const QUOTE_CHARS = 60;

/** Shortest decimal that parses back to the same double: `0.003`, `1e-7`, `128`. */
export const formatNumber = (x: number): string => String(x);

/** Lone surrogates make encodeURIComponent throw; a label is better with U+FFFD than no link. */
const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Commas are legal in a query (RFC 3986 sub-delims) and keep `hide=l1,l2` readable. */
export const encodeValue = (s: string): string => encodeURIComponent(wellFormed(s)).replace(/%2C/g, ',');

/** Plain decimal or exponent notation only: Number() alone would also take '', ' ', '0x1f', 'Infinity'. */
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
export const parseNumber = (s: string): number | undefined =>
  NUMBER_RE.test(s.trim()) ? Number(s.trim()) : undefined;

/** Control characters and bidi overrides can disguise a label; a link's text is only ever data. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE_TEXT_RE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Cuts to maxLength UTF-16 units without splitting a surrogate pair. */
function truncate(s: string, maxLength: number): string {
  if (s.length <= maxLength) return s;
  const cut = s.slice(0, maxLength);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A short piece of a link's text for a problem message; a 5,000-digit value is not worth quoting. */
export const quote = (s: string): string => (s.length > QUOTE_CHARS ? `${truncate(s, QUOTE_CHARS)}…` : s);

/** A full link, `?query`, `query` or `#query` → the bare query. */
export function extractQuery(input: string): string {
  let s = input.trim();
  if (s.startsWith('#')) return s.slice(1);
  const hash = s.indexOf('#');
  if (hash >= 0) s = s.slice(0, hash);
  const question = s.indexOf('?');
  if (question >= 0) return s.slice(question + 1);
  // `https://host/path` with no query carries nothing; a bare `lr=0.1&u=64` has no scheme.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? '' : s;
}

/** Text as the app may show it: no control or bidi characters, at most maxLength UTF-16 units. */
export function sanitizeText(
  raw: string,
  maxLength: number,
): { text: string; stripped: boolean; cut: boolean } {
  const safe = raw.replace(UNSAFE_TEXT_RE, '');
  const text = truncate(safe, maxLength);
  return { text, stripped: safe !== raw, cut: text !== safe };
}
