import { createRequire } from 'node:module';

/** One metric family as parse-prometheus-text-format gives it (prom2json's shape). */
interface MetricFamily {
  readonly name: string;
  readonly type: string;
  readonly metrics: readonly Sample[];
}

/** One sample line: its value and labels. */
interface Sample {
  readonly value?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

// The package ships no types; its CommonJS build exports the parser as the default.
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => MetricFamily[];

/** Samples of a /metrics answer, parsed by an independent Prometheus text-format parser. */
export class PrometheusSamples {
  private readonly families: MetricFamily[];
  /** The same text with histograms untyped, so each `_count` line is a sample of its own. */
  private readonly flat: MetricFamily[];

  constructor(text: string) {
    this.families = parse(text);
    // The parser keeps one bucket set per histogram family and drops its labels and counts:
    // read untyped, every `<name>_count{labels}` line stays a sample.
    this.flat = parse(text.replace(/^# TYPE \S+ histogram$/gm, ''));
  }

  /** The family's type (`COUNTER`, `GAUGE`, `HISTOGRAM`), or undefined when it is missing. */
  typeOf(name: string): string | undefined {
    return this.families.find((family) => family.name === name)?.type;
  }

  /** The value of the sample with exactly these labels (undefined: no such sample). */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const sample = this.sample(name, labels);
    return sample?.value === undefined ? undefined : Number(sample.value);
  }

  /** A histogram's observation count for these labels. */
  count(name: string, labels: Record<string, string> = {}): number | undefined {
    const sample = find(this.flat, `${name}_count`, labels);
    return sample?.value === undefined ? undefined : Number(sample.value);
  }

  /** The sum over every sample of a counter or gauge family. */
  total(name: string): number {
    const family = this.families.find((candidate) => candidate.name === name);
    return (family?.metrics ?? []).reduce((sum, sample) => sum + Number(sample.value ?? 0), 0);
  }

  private sample(name: string, labels: Record<string, string>): Sample | undefined {
    return find(this.families, name, labels);
  }
}

function find(
  families: readonly MetricFamily[],
  name: string,
  labels: Record<string, string>,
): Sample | undefined {
  // Untyped lines of one name come as one family per run of lines: search them all.
  const samples = families.filter((candidate) => candidate.name === name).flatMap((family) => family.metrics);
  return samples.find((sample) => {
    const own = sample.labels ?? {};
    const keys = new Set([...Object.keys(own), ...Object.keys(labels)]);
    return [...keys].every((key) => own[key] === labels[key]);
  });
}
