import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as attention from '../reference/attention';
import * as batchOps from '../reference/batchOps';
import * as dropout from '../reference/dropout';
import * as gradNorms from '../reference/gradNorms';
import * as gruCell from '../reference/gruCell';
import * as loss from '../reference/loss';
import * as lstmCell from '../reference/lstmCell';
import * as lstmSequence from '../reference/lstmSequence';
import * as matmul from '../reference/matmul';
import * as optimizer from '../reference/optimizer';
import * as seq2seq from '../reference/seq2seq';
import * as simpleRnnCell from '../reference/simpleRnnCell';
import { WasmKernels } from './kernels';

/**
 * The twin contract by name: every kernel in wasm/ (an exported function named like a kernel,
 * snake_case or one word) has a reference function of that name, and a WasmKernels method of that
 * name calls it. The per-call tests beside this file hold each pair to the same numbers.
 */
const WASM_DIR = fileURLToPath(new URL('../../../wasm/', import.meta.url));
/** The job loop and the dispatcher: how threads share calls, not kernels. */
const JOB_LOOP = new Set(['run_job', 'thread_main', 'fork', 'join', 'quit']);
const reference = new Set(
  [
    attention,
    batchOps,
    dropout,
    gradNorms,
    gruCell,
    loss,
    lstmCell,
    lstmSequence,
    matmul,
    optimizer,
    seq2seq,
    simpleRnnCell,
  ].flatMap((m) =>
    Object.entries(m)
      .filter(([, v]) => typeof v === 'function')
      .map(([name]) => name),
  ),
);

function wasmKernelNames(): string[] {
  const names: string[] = [];
  for (const file of readdirSync(WASM_DIR).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(WASM_DIR + file, 'utf8');
    for (const [, name] of source.matchAll(/^export function ([a-z][a-z0-9]*(?:_[a-z0-9]+)*)\(/gm))
      if (!JOB_LOOP.has(name)) names.push(name);
  }
  return names.sort();
}

describe('the WebAssembly kernels and their reference twins, by name', () => {
  it('every kernel in wasm/ has a reference twin and a WasmKernels method of its name', () => {
    const kernels = wasmKernelNames();
    for (const cell of ['lstm', 'gru', 'simple_rnn'])
      for (const pass of ['forward', 'backward']) expect(kernels).toContain(`${cell}_cell_${pass}`);
    expect(kernels).toContain('last_hidden_backward');
    expect(kernels).toContain('grad_norm_steps');
    expect(kernels.length).toBeGreaterThanOrEqual(19);
    const methods = new Set(Object.getOwnPropertyNames(WasmKernels.prototype));
    for (const name of kernels) {
      expect(reference.has(name), `${name}: no function of that name in src/engine/reference/`).toBe(true);
      expect(methods.has(name), `${name}: no WasmKernels.${name}`).toBe(true);
    }
  });

  it('every WasmKernels kernel method is a twin, or every timestep of one (the GRU and SimpleRNN _steps jobs)', () => {
    const methods = Object.getOwnPropertyNames(WasmKernels.prototype).filter((m) =>
      /^[a-z]+(_[a-z]+)+$|^matmul$/.test(m),
    );
    for (const name of methods) {
      // grad_norm_steps is a twin by its own name; gru_cell_forward_steps & co. run their twin over every t.
      const twin = reference.has(name) ? name : name.replace(/_steps$/, '');
      expect(reference.has(twin), `WasmKernels.${name}: no reference ${twin}`).toBe(true);
    }
  });
});
