import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually } from '../../support/eventually.js';
import { joinMbox } from '../../support/join-mbox.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';
import { popdesk } from '../../support/popdesk-cli.js';
import { testMails } from '../../support/test-mails.js';

let env: PipelineEnvironment;
let dir: string;

beforeAll(async () => {
  env = await startPipelineEnvironment();
  dir = await mkdtemp(join(tmpdir(), 'popdesk-import-'));
});
afterAll(async () => {
  await env?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function subjects(tag: string): string[] {
  return [...env.receiver.tickets.values()]
    .map((ticket) => ticket.payload.message.subject)
    .filter((subject) => subject.startsWith(`Case ${tag}-`))
    .sort();
}

test('import of an mbox of 200 mails queues 200, the workers make them 200 tickets, and a second import adds nothing', async () => {
  const mails = testMails(200, { tag: 'mbox' });
  // A body line the mbox has to escape, and the import has to unescape.
  mails[7] = {
    ...mails[7]!,
    raw: Buffer.from(
      mails[7]!.raw.toString('latin1').replace('Thanks\r\n', 'Thanks\r\n\r\nFrom me, with love\r\n'),
      'latin1',
    ),
  };
  const file = join(dir, 'backlog.mbox');
  await writeFile(file, joinMbox(mails.map((mail) => mail.raw)));
  const config = await env.configFile('import-mbox');

  const first = await popdesk(['import', file, '--config', config]).exit;
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toBe('read 200, queued 200, duplicates 0, failed 0\n');
  expect(subjects('mbox')).toEqual([]);

  const worker = popdesk(['start', '--role', 'worker', '--config', config]);
  try {
    await eventually('200 tickets', async () => subjects('mbox').length >= 200);
  } finally {
    worker.child.kill('SIGTERM');
  }
  expect((await worker.exit).code).toBe(0);
  expect(subjects('mbox')).toEqual(mails.map((mail) => mail.subject).sort());
  const seventh = [...env.receiver.tickets.values()].find((t) => t.payload.message.subject === 'Case mbox-7');
  expect(JSON.stringify(seventh?.payload)).toContain('From me, with love');
  expect(JSON.stringify(seventh?.payload)).not.toContain('>From me');

  const again = await popdesk(['import', file, '--config', config, '--wait']).exit;
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('read 200, queued 0, duplicates 200, failed 0\n');
  expect(subjects('mbox')).toHaveLength(200);
}, 180_000);

test('import --wait takes a Maildir (new/ and cur/) and a directory of .eml files, reports what it could not read, and delivers the rest', async () => {
  const mails = testMails(5, { tag: 'files' });
  const maildir = join(dir, 'Maildir');
  await Promise.all(['new', 'cur', 'tmp'].map((folder) => mkdir(join(maildir, folder), { recursive: true })));
  await writeFile(join(maildir, 'new', '1733216400.M1P1.host'), mails[0]!.raw);
  await writeFile(join(maildir, 'cur', '1733216401.M2P1.host:2,S'), mails[1]!.raw);
  // Mail still being delivered: not to be read.
  await writeFile(join(maildir, 'tmp', '1733216402.M3P1.host'), testMails(1, { tag: 'tmp' })[0]!.raw);
  const emls = join(dir, 'exported');
  await mkdir(emls);
  await writeFile(join(emls, 'a.eml'), mails[2]!.raw);
  await writeFile(join(emls, 'b.eml'), mails[3]!.raw);
  await writeFile(join(emls, 'c.eml'), mails[3]!.raw);
  await writeFile(join(emls, 'empty.eml'), '');
  await writeFile(join(emls, 'notes.txt'), mails[4]!.raw);
  const config = await env.configFile('import-files');

  const result = await popdesk([
    'import',
    maildir,
    emls,
    join(dir, 'missing.mbox'),
    '--wait',
    '--config',
    config,
  ]).exit;

  expect(result.stdout).toContain('read 6, queued 4, duplicates 1, failed 2\n');
  expect(result.stderr).toContain(`popdesk: not imported: ${join(emls, 'empty.eml')}: empty`);
  expect(result.stderr).toContain(`popdesk: not imported: ${join(dir, 'missing.mbox')}: ENOENT`);
  expect(result.stdout).toContain('delivered: 4 ticket(s), 0 dead letter(s), 0 filtered, 0 still pending');
  expect(result.code).toBe(1);
  expect(subjects('files')).toEqual(mails.slice(0, 4).map((mail) => mail.subject));
  expect(subjects('tmp')).toEqual([]);
}, 120_000);
