import { runBench } from './measure';
import { openWebgpuSession } from './oursWebgpu';
import { type BenchOptions, type BenchResult, PROGRESS_PREFIX } from './result';

/** The page's one entry point; the driver (bench/run.ts) calls it through page.evaluate. */
declare global {
  interface Window {
    runBench(options: BenchOptions): Promise<BenchResult>;
  }
}

window.runBench = async (options) => {
  const progress = (line: string) => console.log(PROGRESS_PREFIX + line);
  const session = await openWebgpuSession(progress);
  progress(`adapter: ${session?.adapterName ?? 'none'}`);
  try {
    return await runBench(options, session, progress);
  } finally {
    session?.device.destroy();
  }
};
