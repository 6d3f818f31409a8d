import { afterAll, beforeAll, expect, test } from 'vitest';
import { Pop3Client } from '../../../src/pop3/index.js';
import { type DovecotServer, startDovecot } from '../../support/dovecot.js';

let dovecot: DovecotServer;
beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

test('smoke', async () => {
  const user = dovecot.users[0]!;
  await dovecot.deliver(user.username, [Buffer.from('Subject: a\r\n\r\n.dot\r\nx\xe9\r\n', 'latin1')]);
  const client = await Pop3Client.connect({
    host: '127.0.0.1',
    port: dovecot.pop3sPort,
    tls: 'implicit',
    ca: dovecot.certificate,
    servername: 'localhost',
  });
  await client.login({ mechanism: 'user', username: user.username, password: user.password });
  expect(client.capabilities.pipelining).toBe(true);
  const body = await client.retrieve(1);
  expect(body.toString('latin1')).toBe('Subject: a\r\n\r\n.dot\r\nx\xe9\r\n');
  await client.quit();
});
