import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireInstalled } from '../../dev/servers/require-installed.js';

export const FETCHMAIL = '/usr/bin/fetchmail';
export const RT_MAILGATE = '/usr/bin/rt-mailgate';

/** Where fetchmail fetches from and where rt-mailgate delivers to. */
export interface FetchmailIntoRt {
  readonly host: string;
  /** POP3S (implicit TLS), like popdesk's side of the bench. */
  readonly port: number;
  readonly caFile: string;
  /** The name the server's certificate was issued to, when `host` is an address. */
  readonly certificateName: string;
  readonly username: string;
  readonly password: string;
  /** RT's base URL for `rt-mailgate --url`. */
  readonly rtUrl: string;
  readonly queue: string;
}

/**
 * What RT admins run today: one fetchmail run over POP3S that hands each mail to
 * `rt-mailgate --queue <q> --action correspond --url <rt>` as its MDA, then deletes it from the
 * server. fetchmail sends one command per round trip; rt-mailgate posts each mail to RT's
 * mail gateway. Resolves when fetchmail exits; rejects when it reports an error.
 */
export async function runFetchmailIntoRt(target: FetchmailIntoRt): Promise<void> {
  requireInstalled('fetchmail and rt-mailgate', [FETCHMAIL, RT_MAILGATE]);
  const home = await mkdtemp(join(tmpdir(), 'popdesk-fetchmail-'));
  try {
    const quote = (value: string): string => `"${value.replace(/[\\"]/g, '\\$&')}"`;
    const mda = `${RT_MAILGATE} --queue ${target.queue} --action correspond --url ${target.rtUrl}`;
    const rcfile = join(home, 'fetchmailrc');
    await writeFile(
      rcfile,
      [
        'set no syslog',
        `poll ${target.host} with proto POP3 service ${target.port} and options no dns`,
        `  user ${quote(target.username)} there with password ${quote(target.password)}`,
        `  ssl sslcertck sslcertfile ${quote(target.caFile)} sslcommonname ${quote(target.certificateName)}`,
        '  fetchall nokeep',
        `  mda ${quote(mda)}`,
        '',
      ].join('\n'),
    );
    // fetchmail refuses a run control file others may read.
    await chmod(rcfile, 0o600);
    await promisify(execFile)(FETCHMAIL, ['--fetchmailrc', rcfile, '--nodetach', '--silent'], {
      env: { ...process.env, HOME: home, FETCHMAILHOME: home },
      maxBuffer: 16 * 1024 * 1024,
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
