import type { z } from 'zod';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  array: 'a list',
};

/**
 * Phrases zod's issues the way the config docs talk: `required`, `must be one of implicit,
 * starttls, none`, `must be at least 1`. Schemas with their own message keep it; anything not
 * handled here falls back to zod's text.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.input === null) return 'is empty: give a value or remove the key';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union': {
      const options: unknown = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator === undefined || !Array.isArray(options)) return undefined;
      return discriminatorMessage(issue.input, issue.discriminator, options.map(String));
    }
    case 'too_small':
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : `is not a valid ${issue.format}`;
    default:
      return undefined;
  }
};

function discriminatorMessage(input: unknown, discriminator: string, options: readonly string[]): string {
  const given = typeof input === 'object' && input !== null && discriminator in input;
  return `${given ? 'must be' : 'required,'} one of ${options.join(', ')}`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): string {
  if (origin === 'string')
    return minimum <= 1 ? 'must not be empty' : `must be at least ${minimum} characters`;
  if (origin === 'array') return `must have at least ${minimum} ${minimum === 1 ? 'entry' : 'entries'}`;
  return inclusive ? `must be at least ${minimum}` : `must be more than ${minimum}`;
}

function tooBig(origin: string, maximum: number, inclusive: boolean): string {
  if (origin === 'string') return `must be at most ${maximum} characters`;
  if (origin === 'array') return `must have at most ${maximum} entries`;
  return inclusive ? `must be at most ${maximum}` : `must be less than ${maximum}`;
}
