import { spawnSync } from 'node:child_process';

/**
 * The Python that the export tests run the generated scripts with. Debian's python3-torch lives
 * in the system Python (/usr/bin/python3), which may not be the first `python3` on PATH (pyenv).
 */
const CANDIDATES = ['python3', '/usr/bin/python3'];
/**
 * Where a Python with TensorFlow is set up by hand (a virtual environment; TensorFlow is not in
 * Debian), KERAS_PYTHON names it for the Keras check of train_keras.py.
 */
const KERAS_CANDIDATES = [process.env.KERAS_PYTHON, ...CANDIDATES].filter((p): p is string => !!p);

function imports(python: string, modules: string): boolean {
  const result = spawnSync(python, ['-c', `import ${modules}`], { encoding: 'utf8', timeout: 60_000 });
  return result.status === 0;
}

const found = new Map<string, string | null>();

/** The first Python that can import `modules` (e.g. "numpy" or "torch, numpy"), or null. */
export function pythonWith(modules: string): string | null {
  const candidates = modules.includes('tensorflow') ? KERAS_CANDIDATES : CANDIDATES;
  if (!found.has(modules)) found.set(modules, candidates.find((p) => imports(p, modules)) ?? null);
  return found.get(modules) ?? null;
}

export const NO_TORCH =
  "Debian's python3-torch is not installed (apt-get install -y python3-torch; .ci/run installs it): the PyTorch export's script was not run";
export const NO_TENSORFLOW =
  'no python3 with TensorFlow here (not in Debian; set KERAS_PYTHON to a Python that has it): Keras itself did not run train_keras.py';
export const NO_NUMPY = 'no python3 with numpy here: the .npz and Keras-script checks were not run';

export function runPython(python: string, args: string[], cwd: string, timeout = 120_000) {
  const result = spawnSync(python, args, { cwd, encoding: 'utf8', timeout });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
