import type { ClassifiableMail } from '../classifiable-mail.js';
import { type ClassSignals, quoteHeader } from './class-signals.js';

/**
 * Spam verdicts of the filters in front of the mailbox:
 * - SpamAssassin: `X-Spam-Flag: YES` and `X-Spam-Status: Yes, score=…` (Mail::SpamAssassin::Conf,
 *   `add_header`); `X-Spam-Status: No, …` is a verdict too, of not spam.
 * - Exchange: `X-MS-Exchange-Organization-SCL`, -1 (trusted sender, never spam) to 9
 *   ([MS-OXCMAIL] 2.1.3.2.24), spam from `spamScl` on.
 * - Exchange Online Protection: `X-Forefront-Antispam-Report` with `SFV:SPM` (marked spam by the
 *   filter) or `SFV:SKS` (marked spam by a mail flow rule), and its own `SCL:` field
 *   (learn.microsoft.com, "Anti-spam message headers in Microsoft 365").
 */
export function spamSignals(mail: ClassifiableMail, spamScl: number): ClassSignals {
  const decisive: string[] = [];
  const flag = mail.headers['x-spam-flag'];
  if (flag !== undefined && /^\s*yes\b/i.test(flag)) decisive.push(quoteHeader('X-Spam-Flag', flag));
  const status = mail.headers['x-spam-status'];
  if (status !== undefined && /^\s*yes\b/i.test(status)) decisive.push(quoteHeader('X-Spam-Status', status));
  const scl = parseScl(mail.headers['x-ms-exchange-organization-scl']);
  if (scl !== undefined && scl !== -1 && scl >= spamScl) {
    decisive.push(`X-MS-Exchange-Organization-SCL: ${scl} (threshold ${spamScl})`);
  }
  const report = mail.headers['x-forefront-antispam-report'];
  if (report !== undefined) {
    const fields = forefrontFields(report);
    const verdict = fields.get('sfv');
    if (verdict === 'spm' || verdict === 'sks') {
      decisive.push(`X-Forefront-Antispam-Report: SFV:${verdict.toUpperCase()}`);
    }
    const reportScl = parseScl(fields.get('scl'));
    if (reportScl !== undefined && reportScl !== -1 && reportScl >= spamScl) {
      decisive.push(`X-Forefront-Antispam-Report: SCL:${reportScl} (threshold ${spamScl})`);
    }
  }
  return { decisive, weak: [] };
}

/** An SCL value: an integer from -1 to 9 (10 is reserved); anything else is no verdict. */
function parseScl(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d{1,2}\s*$/.test(value)) return undefined;
  const scl = Number.parseInt(value, 10);
  return scl >= -1 && scl <= 10 ? scl : undefined;
}

/** `CIP:…;CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;…` as lower-cased names to lower-cased values. */
function forefrontFields(report: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const field of report.split(';')) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    if (!fields.has(name)) fields.set(name, value.toLowerCase());
  }
  return fields;
}
