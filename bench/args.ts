import { parseArgs } from 'node:util';
import { BENCH_RUNS } from './configs';

export interface BenchArgs {
  json: boolean;
  quick: boolean;
  browser: string;
  runs: string[];
  skipTfjs: boolean;
}

export class BenchArgsError extends Error {}

/** `npm run bench -- [--json] [--browser PATH] [--quick] [--runs R1,R2]`; mistakes are one line. */
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
  return {
    json: values.json === true,
    quick: values.quick === true,
    browser: values.browser as string,
    runs,
    skipTfjs: values['skip-tfjs'] === true,
  };
}
