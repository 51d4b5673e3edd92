import { Prng } from '../../data/prng';
import type { Dataset } from '../../data/types';
import type { Config, EarlyStoppingConfig } from '../../model/config';
import type { Weights } from '../../model/params';
import {
  type Backend,
  type BackendInfo,
  DeviceLostError,
  type ProbeInput,
  type Regularization,
} from '../contracts/backend';
import type { GradNorms, ProbeActivations } from '../contracts/probe';
import { computeMetrics } from './metrics';
import type { EpochProbe, EpochReport, RunState, RunSummary, StepProgress } from './report';
import { yieldToEventLoop } from './yield';

/**
 * Epochs and batches, validation every epoch, early stopping, the NaN guard, pause/resume/step,
 * progress events: the same for every backend. The CPU waits for the backend only at the end of
 * an epoch, where a decision needs numbers.
 */
export interface TrainerEvents {
  onEpoch?(report: EpochReport, valOutputs: Float32Array): void;
  onState?(state: RunState): void;
  onNotice?(level: 'info' | 'warning' | 'error', message: string): void;
  /** After each epoch's report while a probe window is set (setProbe). */
  onProbe?(probe: EpochProbe): void;
  /** Where an epoch has got to, a few times a second at most: long epochs show their progress. */
  onProgress?(progress: StepProgress): void;
  /**
   * The GPU device was lost and the run goes on with `backend` from the weights of `epoch`. Given,
   * it replaces the English notice (the UI words it in the user's language).
   */
  onDeviceLost?(reason: string, epoch: number, backend: BackendInfo): void;
}

/**
 * How far the trainer may run ahead of the engine, in wall time: steps are enqueued without
 * waiting (WebGPU), but every ~SYNC_MS the trainer waits for the losses of the steps so far. So
 * Pause and Stop take effect within about that long even when one step takes seconds, and the
 * step count in the progress is steps done, not steps queued. Against the ~1 ms a wait costs, a
 * 200 ms window keeps the GPU busy over 99% of the time.
 */
const SYNC_MS = 200;
/** At most this often a progress event (the page folds its messages in 4 times a second). */
const PROGRESS_MS = 250;

export interface TrainerOptions {
  config: Config;
  dataset: Dataset;
  backend: Backend;
  /** Builds the reference backend from given weights when the GPU device is lost. */
  fallback?: (weights: Weights) => Promise<Backend>;
  /** The weights the run started from: the fallback's starting point before the first epoch ends. */
  initialWeights?: Weights;
  events?: TrainerEvents;
  /** Epochs to run (defaults to config.epochs). */
  epochs?: number;
  now?: () => number;
}

export class Trainer {
  readonly history: EpochReport[] = [];
  private backend: Backend;
  private readonly shuffles: Prng;
  private readonly batchSize: number;
  private readonly stepsPerEpoch: number;
  private earlyStopping: EarlyStoppingConfig;
  private epochsToRun: number;
  private step = 0;
  private bestEpoch = 0;
  /** Set when early stopping put the best epoch's weights back: the epoch the weights are from. */
  private restoredEpoch: number | null = null;
  private bestValLoss = Number.POSITIVE_INFINITY;
  private wait = 0;
  private elapsedMs = 0;
  private paused = false;
  private pauseAfterEpoch = false;
  private stopRequested = false;
  private resumeWaiter: (() => void) | null = null;
  private lastWeights: Weights | null = null;
  private state: RunState = 'idle';
  private delayMs = 0;
  /** The inside views: the probed validation window (null: off) and the last epoch's norms. */
  private probeWindow: number | null = null;
  private lastGradNorms: GradNorms | null = null;
  /** Steps enqueued before the trainer waits for their losses (adapted to the engine's speed). */
  private stepsAhead = 1;
  /** Wall ms per step, measured at each wait (incl. the trainer's own work); null before the first. */
  private msPerStep: number | null = null;
  private lastProgressAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: TrainerOptions) {
    const { config, dataset } = options;
    this.backend = options.backend;
    this.shuffles = new Prng(config.seed).fork(2);
    this.batchSize = Math.min(config.batchSize, dataset.train.n);
    // Every step has the same shape: the remainder of each epoch's shuffle is dropped (it changes
    // from epoch to epoch, so every row is still seen).
    this.stepsPerEpoch = Math.max(1, Math.floor(dataset.train.n / this.batchSize));
    this.earlyStopping = { ...config.earlyStopping };
    this.epochsToRun = options.epochs ?? config.epochs;
  }

  get backendInfo() {
    return this.backend.info;
  }

  get currentState(): RunState {
    return this.state;
  }

  setRegularization(r: Regularization): void {
    this.backend.setRegularization(r);
  }

  setEarlyStopping(es: EarlyStoppingConfig): void {
    this.earlyStopping = { ...es };
    this.wait = 0;
  }

  /**
   * The validation window the inside views look at, or null to stop probing (no gradient norms are
   * summed then). From the next evaluation on, each epoch also reports onProbe.
   */
  setProbe(window: number | null): void {
    this.backend.setProbe?.(window);
    this.probeWindow = window;
  }

  /** The current weights' insides on demand (paused, after a run, one's own input); null if the engine has no probe. */
  async probeNow(input: ProbeInput): Promise<ProbeActivations | null> {
    return (await this.backend.probe?.(input)) ?? null;
  }

  /** Training steps done so far, and whether the weights are from inside an epoch (paused mid-way). */
  get progress(): { steps: number; midEpoch: boolean } {
    return {
      steps: this.step,
      midEpoch: this.restoredEpoch === null && this.step > this.history.length * this.stepsPerEpoch,
    };
  }

  /** The last epoch's gradient norms through time, while probing. */
  get gradNorms(): GradNorms | null {
    return this.lastGradNorms;
  }

  /** Delay between epochs, so a class can watch slowly. */
  setDelay(ms: number): void {
    this.delayMs = Math.max(0, ms);
  }

  pause(): void {
    this.paused = true;
    if (this.state === 'running') this.setState('paused');
  }

  resume(): void {
    this.paused = false;
    this.pauseAfterEpoch = false;
    this.wake();
  }

  /** Runs one more epoch, then pauses. */
  stepEpoch(): void {
    this.paused = false;
    this.pauseAfterEpoch = true;
    this.wake();
  }

  stop(): void {
    this.stopRequested = true;
    this.wake();
  }

  /** Trains until the epochs are done, early stopping fires, the loss diverges or stop() is called. */
  async run(): Promise<RunSummary> {
    this.setState(this.paused ? 'paused' : 'running');
    try {
      while (this.history.length < this.epochsToRun) {
        await this.waitWhilePaused();
        if (this.stopRequested) return this.finish('stopped');
        const outcome = await this.epochWithFallback();
        if (outcome) return outcome;
        if (this.pauseAfterEpoch) {
          this.pauseAfterEpoch = false;
          this.pause();
        } else if (this.delayMs > 0) {
          await new Promise((resolve) => setTimeout(resolve, this.delayMs));
        }
      }
      return this.finish('epochs');
    } catch (error) {
      this.setState('failed');
      throw error;
    }
  }

  /** The epoch whose weights the backend holds: the last one, or the best after a restore. */
  get weightsEpoch(): number {
    return this.restoredEpoch ?? this.history.length;
  }

  /**
   * The weights as they are now and the epochs they were trained for. Asked between two steps (the
   * worker handles messages only where the run yields), so it is one consistent state; on WebGPU
   * the copy is queued behind the steps already enqueued, and the count is taken with it.
   */
  async snapshot(): Promise<{ weights: Weights; epochsTrained: number; step: number }> {
    const epochsTrained = this.weightsEpoch;
    const step = this.step;
    const weights = await this.backend.readWeights();
    return { weights, epochsTrained, step };
  }

  dispose(): void {
    this.backend.dispose();
  }

  private async epochWithFallback(): Promise<RunSummary | null> {
    try {
      return await this.epoch();
    } catch (error) {
      if (!(error instanceof DeviceLostError) || !this.options.fallback) throw error;
      const weights = this.lastWeights ?? this.options.initialWeights;
      if (!weights) throw error;
      this.backend = await this.options.fallback(weights);
      this.backend.setProbe?.(this.probeWindow);
      const events = this.options.events;
      const reason = error.message.replace(/^GPU device lost: /, '');
      if (events?.onDeviceLost) events.onDeviceLost(reason, this.history.length, this.backend.info);
      else {
        events?.onNotice?.(
          'warning',
          `${error.message}. Training goes on with the CPU engine from the weights of epoch ${this.history.length} (optimizer state restarts).`,
        );
      }
      this.stepsAhead = 1;
      this.msPerStep = null;
      // The lost epoch's steps are gone with the device: count on from the weights' epoch.
      this.step = this.history.length * this.stepsPerEpoch;
      return await this.epoch();
    }
  }

  /** One epoch: the steps, then the numbers that decide what comes next. */
  private async epoch(): Promise<RunSummary | null> {
    const now = this.options.now ?? (() => performance.now());
    const epochNumber = this.history.length + 1;
    const started = now();
    const firstStep = this.step;
    const losses = await this.trainSteps(epochNumber, now);
    // A stopped run ends here: half an epoch is not an epoch, so it gets no report.
    if (this.stopRequested) return this.finish('stopped');
    const evaluation = await this.backend.evaluate('val');
    const epochMs = now() - started;
    this.elapsedMs += epochMs;

    const trainLoss = losses.reduce((sum, l) => sum + l, 0) / Math.max(1, losses.length);
    const divergence = divergenceMessage(trainLoss, evaluation.loss, epochNumber, this.options.config);
    if (divergence) return this.finish('diverged', divergence);
    this.trackBest(evaluation.loss, epochNumber);

    const report: EpochReport = {
      epoch: epochNumber,
      step: this.step,
      trainLoss,
      valLoss: evaluation.loss,
      metrics: computeMetrics(this.options.dataset, this.options.dataset.val, evaluation.outputs),
      stepsPerSec: ((this.step - firstStep) * 1000) / Math.max(epochMs, 1e-3),
      elapsedMs: this.elapsedMs,
      bestEpoch: this.bestEpoch,
      bestValLoss: this.bestValLoss,
    };
    this.history.push(report);
    if (this.options.fallback && this.backend.info.kind === 'webgpu') {
      this.lastWeights = await this.backend.readWeights();
    }
    const gradNorms = (await this.backend.takeGradNorms?.()) ?? null;
    this.options.events?.onEpoch?.(report, evaluation.outputs);
    if (evaluation.probe && this.probeWindow !== null) {
      // Turned on mid-epoch, the means are over the epoch's later steps (gradNorms.steps says how many).
      this.lastGradNorms = gradNorms && gradNorms.steps > 0 ? gradNorms : this.lastGradNorms;
      const probe = { epoch: epochNumber, window: this.probeWindow, activations: evaluation.probe };
      this.options.events?.onProbe?.({ ...probe, gradNorms: this.lastGradNorms });
    }
    const patienceOut = this.earlyStopping.enabled && this.wait >= this.earlyStopping.patience;
    return patienceOut ? this.finish('early-stopping') : null;
  }

  /**
   * The epoch's steps over a fresh shuffle, enqueued without waiting but for the losses every
   * stepsAhead steps (so Pause and Stop answer within ~SYNC_MS however slow a step), yielding
   * between steps. Returns the step losses, in order.
   */
  private async trainSteps(epochNumber: number, now: () => number): Promise<number[]> {
    const { dataset } = this.options;
    const order = this.shuffles.shuffle(Uint32Array.from({ length: dataset.train.n }, (_, i) => i));
    const losses: number[] = [];
    let queued = 0;
    let queuedSince = now();
    for (let s = 0; s < this.stepsPerEpoch; s++) {
      this.backend.trainStep(order.subarray(s * this.batchSize, (s + 1) * this.batchSize), this.step);
      this.step++;
      queued++;
      if (queued >= this.stepsAhead) {
        for (const loss of await this.backend.takeLosses()) losses.push(loss);
        this.measureStepTime(queued, now() - queuedSince);
        queued = 0;
        queuedSince = now();
        this.reportProgress(epochNumber, s + 1, now());
      }
      await yieldToEventLoop();
      if (this.stopRequested) break;
      if (this.paused) {
        this.setState('paused');
        await this.waitWhilePaused();
        this.setState('running');
        queuedSince = now();
      }
    }
    for (const loss of await this.backend.takeLosses()) losses.push(loss);
    return losses;
  }

  /**
   * The best epoch is the lowest validation loss (its weights kept when early stopping will
   * restore them); min_delta only decides whether patience resets.
   */
  private trackBest(valLoss: number, epochNumber: number): void {
    const improved = valLoss < this.bestValLoss - this.earlyStopping.minDelta;
    if (valLoss < this.bestValLoss) {
      this.bestValLoss = valLoss;
      this.bestEpoch = epochNumber;
      if (this.earlyStopping.enabled && this.earlyStopping.restoreBestWeights) this.backend.saveSnapshot();
    }
    this.wait = improved ? 0 : this.wait + 1;
  }

  /** Wall time per step from a wait that covered `steps` steps; sets how far to run ahead next. */
  private measureStepTime(steps: number, ms: number): void {
    const perStep = ms / steps;
    this.msPerStep = this.msPerStep === null ? perStep : 0.7 * this.msPerStep + 0.3 * perStep;
    this.stepsAhead = Math.max(1, Math.min(1024, Math.floor(SYNC_MS / Math.max(this.msPerStep, 1e-3))));
  }

  private reportProgress(epoch: number, step: number, at: number): void {
    const onProgress = this.options.events?.onProgress;
    if (!onProgress || at - this.lastProgressAt < PROGRESS_MS) return;
    this.lastProgressAt = at;
    const stepsLeft = (this.epochsToRun - epoch) * this.stepsPerEpoch + (this.stepsPerEpoch - step);
    onProgress({
      epoch,
      step,
      steps: this.stepsPerEpoch,
      etaMs: this.msPerStep === null ? null : stepsLeft * this.msPerStep,
    });
  }

  private finish(reason: RunSummary['reason'], message?: string): RunSummary {
    const stoppedEarly = reason === 'early-stopping';
    if (stoppedEarly && this.earlyStopping.restoreBestWeights) {
      this.backend.restoreSnapshot();
      this.restoredEpoch = this.bestEpoch;
    }
    this.setState(reason === 'diverged' ? 'failed' : 'done');
    return {
      done: true,
      reason,
      stoppedEarly,
      bestEpoch: this.bestEpoch,
      bestValLoss: this.bestValLoss,
      ...(message ? { message } : {}),
    };
  }

  private setState(state: RunState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.events?.onState?.(state);
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.stopRequested) {
      await new Promise<void>((resolve) => {
        this.resumeWaiter = resolve;
      });
    }
    if (!this.stopRequested && this.state !== 'running') this.setState('running');
  }

  private wake(): void {
    const waiter = this.resumeWaiter;
    this.resumeWaiter = null;
    waiter?.();
  }
}

/** The NaN guard's message, or null while both losses are finite. */
function divergenceMessage(trainLoss: number, valLoss: number, epoch: number, config: Config): string | null {
  if (Number.isFinite(trainLoss) && Number.isFinite(valLoss)) return null;
  const which = Number.isFinite(trainLoss) ? 'validation' : 'training';
  const value = Number.isFinite(trainLoss) ? valLoss : trainLoss;
  return (
    `The ${which} loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'} in epoch ${epoch}: the run diverged. ` +
    `Try a lower learning rate (now ${config.learningRate}) or set clipnorm.`
  );
}
