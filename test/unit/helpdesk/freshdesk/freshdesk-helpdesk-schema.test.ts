import { describe, expect, test } from 'vitest';
import { freshdeskHelpdeskSchema } from '../../../../src/config/helpdesks/freshdesk-helpdesk-schema.js';

const valid = { type: 'freshdesk', domain: 'acme', apiKey: 'abcdef123456' };

function issues(input: unknown): string[] {
  const result = freshdeskHelpdeskSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('freshdeskHelpdeskSchema', () => {
  test('fills the defaults', () => {
    expect(freshdeskHelpdeskSchema.parse(valid)).toEqual({
      ...valid,
      maxAttachmentSize: 20_000_000,
      timeout: 30_000,
    });
  });

  test('reads every key', () => {
    const parsed = freshdeskHelpdeskSchema.parse({
      type: 'freshdesk',
      url: 'https://acme.freshdesk.com',
      apiKey: 'abcdef123456',
      defaultGroupId: 42,
      messageIdField: 'cf_popdesk_message_id',
      subjectPattern: '\\[#Acme-(\\d+)\\]',
      maxAttachmentSize: '10MB',
      timeout: '5s',
    });
    expect(parsed).toMatchObject({ defaultGroupId: 42, maxAttachmentSize: 10_000_000, timeout: 5000 });
    expect(parsed.subjectPattern?.exec('Re: [#Acme-12]')?.[1]).toBe('12');
  });

  test.each([
    [{ ...valid, domain: undefined }, 'domain: required (or set url)'],
    [{ ...valid, url: 'https://acme.freshdesk.com' }, 'url: set either domain or url, not both'],
    [{ ...valid, domain: 'support.acme.com' }, 'domain: must be like acme or acme.freshdesk.com'],
    [{ ...valid, apiKey: undefined }, 'apiKey: required'],
    [{ ...valid, apiKey: 'a b' }, 'apiKey: must not contain spaces or colons'],
    [
      { ...valid, messageIdField: 'message_id' },
      'messageIdField: must be the API name of a custom field, starting with cf_',
    ],
    [
      { ...valid, subjectPattern: '\\[#\\d+\\]' },
      'subjectPattern: needs a capture group around the ticket number, e.g. \\[#(\\d+)\\]',
    ],
    [{ ...valid, timeout: 30 }, 'timeout: use a unit, e.g. "30s"'],
    [{ ...valid, secret: 'x' }, ': Unrecognized key: "secret"'],
  ])('%j is refused: %s', (input, message) => {
    expect(issues(input)).toContain(message);
  });

  test('a pattern that does not compile is named', () => {
    expect(issues({ ...valid, subjectPattern: '[#(' })[0]).toMatch(
      /^subjectPattern: is not a valid regular expression/,
    );
  });
});
