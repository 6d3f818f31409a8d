/** What one chaos run does; every random choice follows from `seed`. */
export interface ChaosOptions {
  readonly mails: number;
  readonly seed: number;
  /** SIGKILLs sent to popdesk processes while mail flows. */
  readonly kills: number;
  /** Processes stopped with SIGSTOP for longer than a job lock, then continued. */
  readonly freezes: number;
  /** Upper bound on the whole run, faults and waiting for quiet included, in seconds. */
  readonly durationSeconds: number;
}

const DEFAULTS = { mails: 1000, kills: 24, freezes: 2, duration: 600 } as const;

/**
 * Reads `--mails`, `--seed`, `--kills`, `--freezes` and `--duration` (seconds) from `argv`. A missing seed is
 * drawn at random, so each run explores new faults and prints the seed to replay it.
 * @throws RangeError naming the flag when a value is not a positive integer or is unknown.
 */
export function parseChaosOptions(argv: readonly string[], randomSeed: () => number): ChaosOptions {
  const values = new Map<string, number>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const name = flag.replace(/^--/, '');
    if (!['mails', 'seed', 'kills', 'freezes', 'duration'].includes(name) || !flag.startsWith('--')) {
      throw new RangeError(`unknown argument "${flag}": use --mails, --seed, --kills, --freezes, --duration`);
    }
    const value = Number(argv[i + 1]);
    const minimum = ['seed', 'kills', 'freezes'].includes(name) ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new RangeError(
        `--${name} takes a whole number of at least ${minimum} (got "${argv[i + 1] ?? ''}")`,
      );
    }
    values.set(name, value);
  }
  return {
    mails: values.get('mails') ?? DEFAULTS.mails,
    seed: values.get('seed') ?? randomSeed(),
    kills: values.get('kills') ?? DEFAULTS.kills,
    freezes: values.get('freezes') ?? DEFAULTS.freezes,
    durationSeconds: values.get('duration') ?? DEFAULTS.duration,
  };
}
