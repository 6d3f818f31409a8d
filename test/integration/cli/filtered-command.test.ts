import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { filteredMail, newRef, rawMail, useKeptMailInstallations } from './kept-mail-fixture.js';

const installation = useKeptMailInstallations();

const ESC = '\x1b';
/** Anything a terminal acts on instead of printing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the output must lack
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

test('an empty store says so: "no filtered mail", and dead-letters "no dead letters"', async () => {
  const popdesk = await installation();
  const filtered = await popdesk.cli('filtered', 'list');
  expect(filtered.code).toBe(0);
  expect(filtered.stdout).toBe('no filtered mail\n');
  const dead = await popdesk.cli('dead-letters', 'list');
  expect(dead.code).toBe(0);
  expect(dead.stdout).toBe('no dead letters\n');
});

test('list prints one line per mail: id, time, mailbox, class/reason, sender, subject; --reason narrows it', async () => {
  const popdesk = await installation();
  const [reply, spam, limited] = [newRef(), newRef(), newRef()];
  await popdesk.filtered.add(filteredMail(reply, { filteredAt: '2026-12-01T08:00:00.000Z' }));
  await popdesk.filtered.add(
    filteredMail(spam, {
      class: 'spam',
      reason: 'spam',
      signals: ['X-Spam-Flag: YES'],
      from: 'win@lottery.example',
      subject: 'You won',
      filteredAt: '2026-12-01T09:00:00.000Z',
    }),
  );
  await popdesk.filtered.add(
    filteredMail(limited, {
      class: 'normal',
      reason: 'rate-limit',
      subject: 'Order 7',
      filteredAt: '2026-12-01T10:00:00.000Z',
    }),
  );

  const all = await popdesk.cli('filtered', 'list');
  expect(all.code).toBe(0);
  expect(all.stdout.trimEnd().split('\n')).toEqual([
    `${reply}  2026-12-01T08:00:00.000Z  support  auto-reply/auto-reply  anna@customer.example  Out of office`,
    `${spam}  2026-12-01T09:00:00.000Z  support  spam/spam  win@lottery.example  You won`,
    `${limited}  2026-12-01T10:00:00.000Z  support  normal/rate-limit  anna@customer.example  Order 7`,
  ]);

  const onlySpam = await popdesk.cli('filtered', 'list', '--reason', 'spam');
  expect(onlySpam.stdout.trimEnd().split('\n')).toEqual([
    `${spam}  2026-12-01T09:00:00.000Z  support  spam/spam  win@lottery.example  You won`,
  ]);
  const noBounces = await popdesk.cli('filtered', 'list', '--reason', 'bounce');
  expect(noBounces.stdout).toBe('no filtered mail (reason bounce)\n');

  const badReason = await popdesk.cli('filtered', 'list', '--reason', 'junk');
  expect(badReason.code).not.toBe(0);
  expect(badReason.stderr).toContain('auto-reply');
  expect(badReason.stdout).toBe('');
});

test('a hostile Subject and sender stay on their own line, without terminal controls', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const forged = `${newRef()}  2026-12-01T00:00:00.000Z  support  spam/spam  boss@example.com  Pay now`;
  await popdesk.filtered.add(
    filteredMail(ref, {
      from: `${ESC}]0;pwned\x07evil@example.net`,
      subject: `${ESC}[2JInvoice\r\n${forged}\u202Efdp.exe`,
    }),
  );
  const list = await popdesk.cli('filtered', 'list');
  expect(list.code).toBe(0);
  const lines = list.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${ref}  `));
  expect(lines[0]).toContain('evil@example.net  Invoice ');
  expect(lines[0]).not.toMatch(ACTIVE);
});

test('show prints the record as JSON with its signals, the raw mail as a byte count', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const mail = filteredMail(ref, {
    class: 'bounce',
    reason: 'bounce',
    signals: ['From: MAILER-DAEMON@mx.example.net', 'Return-Path: <>'],
    messageId: '<dsn@mx.example.net>',
  });
  await popdesk.filtered.add(mail);
  const show = await popdesk.cli('filtered', 'show', ref);
  expect(show.code).toBe(0);
  const { raw, ...rest } = mail;
  expect(JSON.parse(show.stdout)).toEqual({ ...rest, rawBytes: raw.length });
});

test('export writes the raw mail byte for byte; delete removes it; the id is then unknown', async () => {
  const popdesk = await installation();
  const ref = newRef();
  const raw = rawMail('Ausgewählte Antwort');
  await popdesk.filtered.add(filteredMail(ref, { raw }));
  const file = join(tmpdir(), `${ref}.eml`);
  try {
    const exported = await popdesk.cli('filtered', 'export', ref, '-o', file);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(`wrote ${raw.length} bytes to ${file}\n`);
    expect((await readFile(file)).equals(raw)).toBe(true);
  } finally {
    await rm(file, { force: true });
  }

  const deleted = await popdesk.cli('filtered', 'delete', ref);
  expect(deleted.code).toBe(0);
  expect(deleted.stdout).toBe(`deleted filtered mail ${ref}\n`);
  expect(await popdesk.filtered.get(ref)).toBeUndefined();
  expect((await popdesk.cli('filtered', 'list')).stdout).toBe('no filtered mail\n');

  const again = await popdesk.cli('filtered', 'show', ref);
  expect(again.code).toBe(1);
  expect(again.stdout).toBe('');
  expect(again.stderr).toBe(`popdesk: no filtered mail "${ref}"\n`);
});

test('an unknown action or a missing id goes to stderr with a non-zero exit', async () => {
  const popdesk = await installation();
  for (const command of ['filtered', 'dead-letters']) {
    const unknown = await popdesk.cli(command, 'purge');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('unknown action "purge"');

    const noId = await popdesk.cli(command, 'show');
    expect(noId.code).toBe(2);
    expect(noId.stdout).toBe('');
    expect(noId.stderr).toContain(`${command} show needs an id`);
  }
});
