import { z } from 'zod';

/**
 * A subject tag that names a ticket: a regular expression with at least one capture group (the
 * ticket id), compiled.
 */
export function subjectPatternSchema() {
  return z.string().transform((source, ctx) => {
    let pattern: RegExp;
    try {
      pattern = new RegExp(source);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      });
      return z.NEVER;
    }
    // A pattern that matches the empty string has as many groups as the source has.
    const groups = new RegExp(`${source}|`).exec('')?.length ?? 1;
    if (groups < 2) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs a capture group around the ticket number, e.g. \\[#(\\d+)\\]',
      });
      return z.NEVER;
    }
    return pattern;
  });
}
