import type { CDPSession, Page, Worker } from '@playwright/test';

/**
 * What the e2e tests read from inside the page through the browser's debugging protocol: the
 * training worker's test hooks (src/engine/host/worker.ts) and the JS heaps of the page and of the worker.
 */
interface WorkerHooks {
  liveGpuBuffers(): number;
  recordBuffersPerEpoch(): void;
  buffersPerEpoch(): number[] | null;
  loseGpuDevice(): Promise<boolean>;
}

/** The training worker (the page's only dedicated worker), once it has started. */
export async function trainingWorker(page: Page): Promise<Worker> {
  for (let tries = 0; tries < 100; tries++) {
    const worker = page.workers().find((w) => /\/assets\/worker-[^/]+\.js$/.test(w.url()));
    if (worker) return worker;
    await page.waitForTimeout(50);
  }
  throw new Error('the training worker did not start');
}

/** Calls one of the worker's test hooks. */
export function hook<K extends keyof WorkerHooks>(
  worker: Worker,
  name: K,
): Promise<Awaited<ReturnType<WorkerHooks[K]>>> {
  return worker.evaluate(
    (n) => (globalThis as unknown as { lstmTestHooks: Record<string, () => unknown> }).lstmTestHooks[n](),
    name,
  ) as Promise<Awaited<ReturnType<WorkerHooks[K]>>>;
}

/**
 * JS heap in use, typed-array memory included, after a full collection: of the page, and of its
 * worker (reached as a child target of the page's debugging session).
 */
export class HeapProbe {
  private constructor(
    private readonly session: CDPSession,
    private readonly workerSession: string,
  ) {}

  private nextId = 1;
  private readonly replies = new Map<number, (result: Record<string, number>) => void>();

  static async attach(page: Page): Promise<HeapProbe> {
    const session = await page.context().newCDPSession(page);
    const workers: string[] = [];
    session.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') workers.push(e.sessionId);
    });
    await session.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    for (let tries = 0; workers.length === 0 && tries < 100; tries++) await page.waitForTimeout(50);
    if (workers.length === 0) throw new Error('no worker to attach to');
    const probe = new HeapProbe(session, workers[0]);
    session.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message) as { id?: number; result?: Record<string, number> };
      if (reply.id !== undefined) probe.replies.get(reply.id)?.(reply.result ?? {});
    });
    return probe;
  }

  private inWorker(method: string): Promise<Record<string, number>> {
    const id = this.nextId++;
    const answer = new Promise<Record<string, number>>((resolve) => this.replies.set(id, resolve));
    void this.session.send('Target.sendMessageToTarget', {
      sessionId: this.workerSession,
      message: JSON.stringify({ id, method }),
    });
    return answer;
  }

  async workerBytes(): Promise<number> {
    await this.inWorker('HeapProfiler.collectGarbage');
    const usage = await this.inWorker('Runtime.getHeapUsage');
    return usage.usedSize + usage.backingStorageSize;
  }

  async pageBytes(): Promise<number> {
    await this.session.send('HeapProfiler.collectGarbage');
    const usage = (await this.session.send('Runtime.getHeapUsage')) as Record<string, number>;
    return usage.usedSize + (usage.backingStorageSize ?? 0);
  }
}
