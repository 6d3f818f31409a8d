import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  signWebhookBody,
  verifyWebhookSignature,
} from '../../../../src/helpdesk/webhook/webhook-signature.js';

const secret = 'a-shared-secret-of-some-length';

test('the signature is HMAC-SHA256 over "<timestamp>.<body>"', () => {
  const expected = createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex');
  expect(signWebhookBody(secret, 1_700_000_000, '{"a":1}')).toBe(`sha256=${expected}`);
});

test('a receiver accepts the right signature and refuses tampering, other secrets and old timestamps', () => {
  const body = '{"event":"ticket.create"}';
  const signature = signWebhookBody(secret, 1_700_000_000, body);
  expect(verifyWebhookSignature(secret, body, '1700000000', signature, 1_700_000_010)).toBe(true);
  expect(verifyWebhookSignature(secret, `${body} `, '1700000000', signature, 1_700_000_010)).toBe(false);
  expect(
    verifyWebhookSignature('another-secret-entirely', body, '1700000000', signature, 1_700_000_010),
  ).toBe(false);
  expect(verifyWebhookSignature(secret, body, '1700000000', signature, 1_700_001_000)).toBe(false);
  expect(verifyWebhookSignature(secret, body, undefined, signature, 1_700_000_010)).toBe(false);
  expect(verifyWebhookSignature(secret, body, '1700000000', 'sha256=00', 1_700_000_010)).toBe(false);
});
