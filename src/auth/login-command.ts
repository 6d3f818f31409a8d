/** Characters a shell leaves alone, so a mailbox id made only of these needs no quoting. */
const SHELL_SAFE = /^[A-Za-z0-9._@%+=:,/-]+$/;

/** The command a person runs to sign a mailbox in again, quoted for a POSIX shell. */
export function loginCommand(mailboxId: string): string {
  const argument = SHELL_SAFE.test(mailboxId) ? mailboxId : `'${mailboxId.replaceAll("'", `'\\''`)}'`;
  return `popdesk auth outlook --mailbox ${argument}`;
}
