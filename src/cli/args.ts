import { parseArgs } from 'node:util';

export interface CliArgs {
  preset?: string;
  url?: string;
  /** cpu: the best CPU engine (WebAssembly, else the reference); wasm; ref: the reference; webgpu. */
  backend: CliBackend;
  epochs?: number;
  json: boolean;
  /** Folder to write every export format into, after the run. */
  export?: string;
  /** Validation window whose insides the final JSON line carries (checked against the split later). */
  probe?: number;
}

export const CLI_BACKENDS = ['cpu', 'wasm', 'ref', 'webgpu'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

export class CliError extends Error {}

/** Parses the runner's flags; every mistake becomes a one-line CliError. */
export function parseCliArgs(argv: string[]): CliArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string' },
        url: { type: 'string' },
        backend: { type: 'string', default: 'cpu' },
        epochs: { type: 'string' },
        json: { type: 'boolean', default: false },
        export: { type: 'string' },
        probe: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0]);
  }
  const backend = values.backend as CliBackend;
  if (!CLI_BACKENDS.includes(backend)) {
    throw new CliError(`--backend must be one of ${CLI_BACKENDS.join(', ')}, not '${backend}'`);
  }
  if (values.export === '') throw new CliError('--export needs a folder');
  let epochs: number | undefined;
  if (values.epochs !== undefined) {
    epochs = Number(values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000) {
      throw new CliError(`--epochs must be a whole number from 1 to 1000, not '${values.epochs}'`);
    }
  }
  let probe: number | undefined;
  if (values.probe !== undefined) {
    probe = Number(values.probe);
    if (!/^\d+$/.test(String(values.probe)) || !Number.isSafeInteger(probe)) {
      throw new CliError(`--probe must be a validation window number (0, 1, 2, …), not '${values.probe}'`);
    }
    if (values.json !== true)
      throw new CliError('--probe needs --json (the probe is part of the final JSON line)');
  }
  return {
    preset: values.preset as string | undefined,
    url: values.url as string | undefined,
    backend,
    epochs,
    json: values.json === true,
    ...(values.export !== undefined ? { export: values.export as string } : {}),
    ...(probe !== undefined ? { probe } : {}),
  };
}
