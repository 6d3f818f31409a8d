/** One measured point of the webhook scaling bench. */
export interface ScalingPoint {
  /** Worker processes (`popdesk start --role worker`). */
  readonly processes: number;
  /** `worker.concurrency` of each process. */
  readonly concurrency: number;
  readonly mails: number;
  readonly seconds: number;
  /** CPU seconds the worker processes used together (user + system). */
  readonly cpuSeconds: number;
  /**
   * How many CPUs the whole machine kept busy on average meanwhile: popdesk, Redis, Dovecot,
   * the receiver, and anything else running (on a shared machine, other people's work too).
   */
  readonly machineCpusBusy: number;
}

/** A point with what it is held against. */
export interface ScalingVerdict extends ScalingPoint {
  readonly mailsPerSec: number;
  /** 0.8 x the mails in flight / the receiver's delay: what issue 12 asks for. */
  readonly targetPerSec: number;
  /** The achieved rate over {@link targetPerSec}. */
  readonly ofTarget: number;
  /** How many of the machine's CPUs the worker processes kept busy on average. */
  readonly cpusBusy: number;
  /** Met the target; otherwise whether the machine's CPUs (not popdesk's concurrency) were the limit. */
  readonly limit: 'met' | 'cpu' | 'other';
}

/**
 * Holds each point against 0.8 x concurrency x processes / delay. A point below it is called
 * CPU-bound when the machine kept at least `cpuBoundShare` of its CPUs busy: popdesk, Redis and
 * the receiver share them, so more mails in flight cannot go faster there.
 */
export function judgeScaling(
  point: ScalingPoint,
  delayMs: number,
  cpus: number,
  cpuBoundShare = 0.8,
): ScalingVerdict {
  const mailsPerSec = point.mails / point.seconds;
  const targetPerSec = (0.8 * point.concurrency * point.processes * 1000) / delayMs;
  const ofTarget = mailsPerSec / targetPerSec;
  const cpusBusy = point.cpuSeconds / point.seconds;
  const limit = ofTarget >= 1 ? 'met' : point.machineCpusBusy >= cpuBoundShare * cpus ? 'cpu' : 'other';
  return { ...point, mailsPerSec, targetPerSec, ofTarget, cpusBusy, limit };
}

/** The first point (in the order given) where the CPUs, not the concurrency, held the rate back. */
export function cpuLimitFrom(verdicts: readonly ScalingVerdict[]): ScalingVerdict | undefined {
  return verdicts.find((verdict) => verdict.limit === 'cpu');
}
