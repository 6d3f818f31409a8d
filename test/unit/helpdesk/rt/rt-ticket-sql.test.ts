import { describe, expect, test } from 'vitest';
import { messageIdQuery, ticketSqlString } from '../../../../src/helpdesk/rt/rt-ticket-sql.js';

describe('ticketSqlString', () => {
  test.each([
    ['abc@x', "'abc@x'"],
    ["o'brien@x", "'o\\'brien@x'"],
    ['back\\slash@x', "'back\\\\slash@x'"],
    ['"quoted"@x', `'"quoted"@x'`],
    ["\\'", "'\\\\\\''"],
    ['', "''"],
  ])('%j is %s', (value, literal) => {
    expect(ticketSqlString(value)).toBe(literal);
  });
});

describe('messageIdQuery', () => {
  test('searches the ticket field and the transaction field, merged tickets included', () => {
    expect(messageIdQuery("a'b@x", 'Message-ID', 'Reply Message-ID')).toBe(
      "('CF.{Message-ID}' = 'a\\'b@x' OR 'TxnCF.{Reply Message-ID}' = 'a\\'b@x') AND EffectiveId > 0",
    );
  });
});
