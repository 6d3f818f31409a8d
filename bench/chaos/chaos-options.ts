/** What one chaos run does; every random choice follows from `seed`. */
export interface ChaosOptions {
  readonly mails: number;
  readonly seed: number;
  /** SIGKILLs sent to popdesk processes while mail flows. */
  readonly kills: number;
  /** Processes stopped with SIGSTOP for longer than a job lock, then continued. */
  readonly freezes: number;
  /** 1: both workers crash-loop once for 75 s; 0: they don't. */
  readonly crashLoops: number;
  /** Upper bound on the whole run, faults and waiting for quiet included, in seconds. */
  readonly durationSeconds: number;
}

const DEFAULTS = { mails: 1000, kills: 24, freezes: 2, 'crash-loops': 1, duration: 600 } as const;

/**
 * Reads `--mails`, `--seed`, `--kills`, `--freezes`, `--crash-loops` (0 or 1) and `--duration` (seconds) from `argv`. A missing seed is
 * drawn at random, so each run explores new faults and prints the seed to replay it.
 * @throws RangeError naming the flag when a value is not a positive integer or is unknown.
 */
export function parseChaosOptions(argv: readonly string[], randomSeed: () => number): ChaosOptions {
  const values = new Map<string, number>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const name = flag.replace(/^--/, '');
    if (
      !['mails', 'seed', 'kills', 'freezes', 'crash-loops', 'duration'].includes(name) ||
      !flag.startsWith('--')
    ) {
      throw new RangeError(
        `unknown argument "${flag}": use --mails, --seed, --kills, --freezes, --crash-loops, --duration`,
      );
    }
    const value = Number(argv[i + 1]);
    const minimum = ['seed', 'kills', 'freezes', 'crash-loops'].includes(name) ? 0 : 1;
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
    crashLoops: Math.min(1, values.get('crash-loops') ?? DEFAULTS['crash-loops']),
    durationSeconds: values.get('duration') ?? DEFAULTS.duration,
  };
}
