import type { Logger } from 'pino';
import { type ReconcileDeps, type Reconciliation, reconcileMailJobs } from './reconcile-mail-jobs.js';

/**
 * Runs {@link reconcileMailJobs} at start, every `intervalMs`, and whenever asked (a job just
 * failed), one run at a time per process. A failing run is logged and tried again next time.
 */
export class MailJobReconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Reconciliation> | undefined;
  private again = false;

  constructor(
    private readonly deps: ReconcileDeps,
    private readonly logger: Logger,
  ) {}

  /** Reconciles now and then every `intervalMs` until {@link stop}. */
  start(intervalMs: number): void {
    void this.runSoon();
    this.timer = setInterval(() => void this.runSoon(), intervalMs);
    this.timer.unref();
  }

  /** Runs a reconciliation, or one more right after the one in progress; never rejects. */
  runSoon(): Promise<Reconciliation> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = reconcileMailJobs(this.deps)
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'reconciling failed mail jobs failed; trying again later');
        return { deadLettered: [], revived: [] };
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.runSoon();
        }
      });
    return this.running;
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.again = false;
    await this.running;
  }
}
