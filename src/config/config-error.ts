/** One problem found in the configuration. */
export interface ConfigIssue {
  /**
   * Where the problem is, as the user would look for it: a key path such as
   * `mailboxes[support].port` (the mailbox id in brackets, or its index when the id is unusable),
   * an environment variable name, or `file:line:column` for a YAML syntax error.
   */
  readonly key: string;
  /** Where the value came from when not from the YAML file, e.g. `from POPDESK_HELPDESK_SECRET`. */
  readonly source?: string;
  /** What is wrong. Never contains the value of a secret. */
  readonly message: string;
}

/**
 * The configuration is unusable. The message lists every problem found, one per line, so a
 * person fixes them all in one go; `issues` holds the same list for code and tests.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';

  /** Every problem found, in the order they were found. */
  readonly issues: readonly ConfigIssue[];
  /** The config file the problems refer to, when there was one. */
  readonly sourceName: string | undefined;

  constructor(issues: readonly ConfigIssue[], options?: { sourceName?: string; cause?: unknown }) {
    super(formatMessage(issues, options?.sourceName), { cause: options?.cause });
    this.issues = issues;
    this.sourceName = options?.sourceName;
  }
}

/** `key (source): message`, the line format used in the error message. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const source = issue.source === undefined ? '' : ` (${issue.source})`;
  return `${issue.key}${source}: ${issue.message}`;
}

function formatMessage(issues: readonly ConfigIssue[], sourceName: string | undefined): string {
  const where = sourceName === undefined ? '' : ` in ${sourceName}`;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  ${formatConfigIssue(issue)}`);
  return [`Invalid configuration${where} (${count}):`, ...lines].join('\n');
}
