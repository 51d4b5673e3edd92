import { parseArgs } from 'node:util';
import { BENCH_RUNS } from './configs';

export interface BenchArgs {
  json: boolean;
  quick: boolean;
  browser: string;
  runs: string[];
  skipTfjs: boolean;
  /** Whole comparisons to run, each in a fresh browser; figures are reported as median and range. */
  repeat: number;
}

export class BenchArgsError extends Error {}

/** A repeat takes minutes here (TF.js R2 on WebGPU: seconds a step); 20 is over an hour. */
const MAX_REPEAT = 20;

/**
 * `npm run bench -- [--json] [--browser PATH] [--quick] [--runs R1,R2] [--skip-tfjs] [--repeat N]`;
 * mistakes are one line.
 */
export function parseBenchArgs(argv: string[]): BenchArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        browser: { type: 'string', default: '/usr/bin/chromium' },
        runs: { type: 'string' },
        'skip-tfjs': { type: 'boolean', default: false },
        repeat: { type: 'string', default: '1' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchArgsError((error as Error).message.split('\n')[0]);
  }
  const known = BENCH_RUNS.map((r) => r.name as string);
  const runs = typeof values.runs === 'string' ? values.runs.split(',').filter(Boolean) : [];
  const unknown = runs.filter((r) => !known.includes(r));
  if (unknown.length > 0)
    throw new BenchArgsError(`--runs: unknown run ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT)
    throw new BenchArgsError(
      `--repeat must be a whole number from 1 to ${MAX_REPEAT} (got '${values.repeat}')`,
    );
  return {
    json: values.json === true,
    quick: values.quick === true,
    browser: values.browser as string,
    runs,
    skipTfjs: values['skip-tfjs'] === true,
    repeat,
  };
}
