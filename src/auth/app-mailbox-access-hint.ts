/**
 * What to check when Exchange refuses an app-only XOAUTH2 login although Microsoft issued the
 * token: the token is fine, so the app lacks `POP.AccessAsApp`, Exchange does not know the app
 * (no service principal), the service principal has no right to the mailbox, or POP is off for
 * the mailbox.
 */
export function appMailboxAccessHint(clientId: string, mailboxAddress: string): string {
  return [
    `check that app ${clientId} has the POP.AccessAsApp application permission with admin consent`,
    `that Exchange knows it (New-ServicePrincipal -AppId ${clientId} -ObjectId <object id of its enterprise application>)`,
    `that it may read the mailbox (Add-MailboxPermission -Identity ${mailboxAddress} -User <service principal id> -AccessRights FullAccess)`,
    `and that POP is on (Set-CASMailbox -Identity ${mailboxAddress} -PopEnabled $true); see docs/outlook.md`,
  ].join(', ');
}
