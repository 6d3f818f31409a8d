import { join } from 'node:path';

const RT_LIB = '/usr/share/request-tracker5/lib';

/** RT_SiteConfig.pm of a private instance: its own database, port, mail spool and cheap hashing. */
export function siteConfig(dir: string, rtname: string, port: number): string {
  const quote = (value: string): string => `'${value.replace(/[\\']/g, '\\$&')}'`;
  return `# Written by popdesk's startRequestTracker; replaces everything in /etc/request-tracker5.
Set($rtname, ${quote(rtname)});
Set($Organization, ${quote(rtname)});
Set($CorrespondAddress, ${quote(`rt@${rtname}`)});
Set($CommentAddress, ${quote(`rt-comment@${rtname}`)});
Set($WebDomain, '127.0.0.1');
Set($WebPort, ${port});
Set($WebPath, '');
Set($WebBaseURL, 'http://127.0.0.1:${port}');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, ${quote(join(dir, 'rtdb'))});
Set($Timezone, 'UTC');
Set($LogToSyslog, undef);
Set($LogToFile, undef);
Set($LogToSTDERR, 'warning');
# bcrypt at RT's default cost takes ~250 ms per request with basic auth.
Set($BcryptCost, 4);
# Without w3m installed: RT's own HTML-to-text converter.
Set($HTMLFormatter, 'core');
# Content searches (TicketSQL "Content LIKE") without an index: fine for a test database.
Set(%FullTextSearch, Enable => 1, Indexed => 0);
# Autoreplies and notifications go to an mbox file in this directory, never to the network.
Set($MailCommand, 'mbox');
$RT::VarPath = ${quote(dir)};
$RT::MasonDataDir = ${quote(join(dir, 'mason'))};
$RT::MasonSessionDir = ${quote(join(dir, 'sessions'))};
1;
`;
}

/**
 * What a popdesk user of RT needs (docs/helpdesks/rt.md lists the same), granted globally. The
 * tests run the adapter as this user, so a missing right shows up as a failing test.
 */
export const POPDESK_RT_RIGHTS = [
  'SeeQueue',
  'CreateTicket',
  'ShowTicket',
  'ReplyToTicket',
  'ModifyTicket',
  'SeeCustomField',
  'ModifyCustomField',
] as const;

/** Runs against the private database (through RT_SITE_CONFIG) before and while the server runs. */
export const SETUP_SCRIPT = `use strict;
use warnings;
use lib '${RT_LIB}';
use RT;
RT::LoadConfig();
RT::Init();
my ($command, @args) = @ARGV;
if ($command eq 'init') {
    my ($root_password, $user_name, $user_password, @rights) = @args;
    my $root = RT::User->new(RT->SystemUser);
    $root->Load('root') or die "no root user\\n";
    my ($ok, $msg) = $root->SetPassword($root_password);
    die "SetPassword: $msg\\n" unless $ok;

    my $user = RT::User->new(RT->SystemUser);
    ($ok, $msg) = $user->Create(Name => $user_name, Password => $user_password,
        EmailAddress => "$user_name\\@localhost", RealName => 'popdesk', Privileged => 1);
    die "User: $msg\\n" unless $ok;
    for my $right (@rights) {
        ($ok, $msg) = $user->PrincipalObj->GrantRight(Right => $right, Object => $RT::System);
        die "GrantRight $right: $msg\\n" unless $ok;
    }
    my ($id, $text, $token) = RT::AuthToken->new(RT->SystemUser)->Create(
        Owner => $user->id, Description => 'popdesk tests');
    die "AuthToken: $text\\n" unless $id;
    print "token=$token\\n";

    # The customer's reply, posted by popdesk, must not be mailed back to the customer: the
    # same change docs/helpdesks/rt.md asks for.
    my $scrip = RT::Scrip->new(RT->SystemUser);
    $scrip->LoadByCols(Description => 'On Correspond Notify Requestors and Ccs');
    die "no scrip On Correspond Notify Requestors and Ccs\\n" unless $scrip->id;
    my $condition = RT::ScripCondition->new(RT->SystemUser);
    $condition->Load('User Defined') or die "no User Defined condition\\n";
    ($ok, $msg) = $scrip->SetScripCondition($condition->id);
    die "SetScripCondition: $msg\\n" unless $ok;
    ($ok, $msg) = $scrip->SetCustomIsApplicableCode(
        "return 0 unless \\$self->TransactionObj->Type eq 'Correspond';\\n"
        . "return \\$self->TransactionObj->CreatorObj->Name ne '$user_name';\\n");
    die "SetCustomIsApplicableCode: $msg\\n" unless $ok;
}
elsif ($command eq 'apply-globally') {
    my $cf = RT::CustomField->new(RT->SystemUser);
    $cf->Load($args[0]) or die "no custom field $args[0]\\n";
    my ($ok, $msg) = $cf->AddToObject(RT::Queue->new(RT->SystemUser));
    die "AddToObject: $msg\\n" unless $ok;
}
elsif ($command eq 'grant-everyone') {
    my $everyone = RT::Group->new(RT->SystemUser);
    $everyone->LoadSystemInternalGroup('Everyone') or die "no Everyone group\\n";
    for my $right (@args) {
        my ($ok, $msg) = $everyone->PrincipalObj->GrantRight(Right => $right, Object => $RT::System);
        die "GrantRight $right: $msg\\n" unless $ok;
    }
}
else {
    die "unknown command $command\\n";
}
`;
