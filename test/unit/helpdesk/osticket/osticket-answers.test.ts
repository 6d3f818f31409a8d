import { describe, expect, test } from 'vitest';
import { isOsTicketRefusal } from '../../../../src/helpdesk/osticket/osticket-refusal.js';
import { isOsTicketNumber } from '../../../../src/helpdesk/osticket/osticket-ticket-number.js';

describe('which osTicket error answers refuse a mail for good', () => {
  test.each([
    // Answers a real osTicket 1.18.1 gave (test/integration/helpdesk/osticket/real-osticket.test.ts).
    { status: 500, body: 'Unable to create new ticket :user\nIncomplete client information', refusal: true },
    { status: 500, body: 'Unable to create new ticket: validation errors', refusal: true },
    { status: 500, body: '\nUnable to create new ticket :unknown error', refusal: true },
    // A PHP fatal error, a lost database: another try may pass.
    { status: 500, body: 'unknown error', refusal: false },
    { status: 500, body: '<b>Fatal error</b>: Uncaught mysqli_sql_exception', refusal: false },
    { status: 503, body: 'Unable to create new ticket :unknown error', refusal: false },
    { status: 403, body: 'Ticket denied: banned@example.com', refusal: false },
  ])('$status "$body" → $refusal', ({ status, body, refusal }) => {
    expect(isOsTicketRefusal(status, body)).toBe(refusal);
  });
});

describe('which answers are ticket numbers', () => {
  test.each([
    '100772',
    'HD/207109',
    '2026-000123',
    '2026 123456',
    'ABC#1',
    // ost_ticket.number is varchar(20).
    'X'.repeat(20),
  ])('%s is one', (text) => {
    expect(isOsTicketNumber(text)).toBe(true);
  });

  test.each([
    '',
    '<html>Welcome</html>',
    '100772\n100773',
    ' 100772',
    'X'.repeat(21),
    'Fatal error: Allowed memory size exhausted',
  ])('%j is not', (text) => {
    expect(isOsTicketNumber(text)).toBe(false);
  });
});
