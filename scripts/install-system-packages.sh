#!/usr/bin/env bash
# The one installer of the Debian packages popdesk's tests, benchmarks and demo run for real:
# Dovecot (the POP3 server), Redis (the queue), openssl (test certificates), mpop (the
# benchmark's peer), the tools of the POP3 benchmark's delayed network namespace, fetchmail
# (bench:e2e's peer into RT), Request Tracker 5 on SQLite (a real helpdesk) with the debconf
# answers that make its install unattended, and Apache with mod_php and MariaDB for osTicket (the
# second real helpdesk; its source is a tarball, see dev/servers/osticket-server.ts). The private
# servers in dev/servers/ only check for them.
# Courier's and Cyrus's POP3 servers conflict with dovecot-pop3d in apt (all three provide
# pop3-server), so they are unpacked beside it into /opt/popdesk-test/<package> (dev/servers/
# starts them from there) and only their dependencies are installed.
# As root it installs what is missing; otherwise it names the command to run.
# Fast when everything is there: it checks files and calls apt only for what is missing.
set -euo pipefail

servers_dir=/opt/popdesk-test

declare -A wanted=(
  [/usr/sbin/dovecot]="dovecot-core dovecot-pop3d"
  [/usr/bin/openssl]="openssl"
  [/usr/bin/mpop]="mpop"
  [/usr/bin/redis-server]="redis-server"
  # redis-cli joins the test Redis Cluster (`--cluster create`).
  [/usr/bin/redis-cli]="redis-tools"
  # `npm run bench:pop3 -- --link netns`: a network namespace whose loopback delays TCP through
  # NFQUEUE (latency-netns.sh compiles its nfq-delay helper with gcc and checks the RTT in python3).
  [/usr/bin/ip]="iproute2"
  [/usr/sbin/iptables]="iptables"
  [/usr/bin/gcc]="gcc"
  [/usr/include/libnetfilter_queue/libnetfilter_queue.h]="libnetfilter-queue-dev"
  [/usr/bin/python3]="python3"
  # Courier's POP3 daemon needs its authentication daemon, the userdb tools and its libraries.
  [/usr/sbin/authdaemond]="courier-authdaemon"
  [/usr/sbin/makeuserdb]="courier-authlib-userdb"
  [/usr/sbin/couriertcpd]="courier-base"
  # Cyrus's master process, LMTP and tools, and sasldb passwords.
  [/usr/lib/cyrus/bin/master]="cyrus-common"
  [/usr/sbin/saslpasswd2]="sasl2-bin"
  # RT's standalone server, and the SQLite database dbconfig-common creates from the answers
  # below; private instances copy it. w3m, a recommended package, stays out: RT would spawn it
  # for every HTML message.
  [/usr/share/request-tracker5/libexec/rt-server]="request-tracker5 rt5-db-sqlite rt5-standalone"
  [/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb]="request-tracker5 rt5-db-sqlite rt5-standalone"
  # bench:e2e's peer path into RT: fetchmail with RT's own mail gateway as its MDA.
  [/usr/bin/fetchmail]="fetchmail"
  [/usr/bin/rt-mailgate]="rt5-clients"
  # osTicket 1.18: Apache prefork with mod_php (`php -S` cannot serve its API), the PHP
  # extensions its installer checks for, and MariaDB. Private instances run from their own
  # config files and data directories.
  [/usr/sbin/apache2]="apache2"
  [/usr/lib/apache2/modules/libphp8.2.so]="libapache2-mod-php8.2"
  [/usr/sbin/mariadbd]="mariadb-server"
  [/etc/php/8.2/mods-available/mysqli.ini]="php-mysql"
  [/etc/php/8.2/mods-available/imap.ini]="php-imap"
  [/etc/php/8.2/mods-available/mbstring.ini]="php-mbstring"
  [/etc/php/8.2/mods-available/dom.ini]="php-xml"
  [/etc/php/8.2/mods-available/gd.ini]="php-gd"
  [/etc/php/8.2/mods-available/intl.ini]="php-intl"
  [/etc/php/8.2/mods-available/apcu.ini]="php-apcu"
)
# RT's questions, answered: SQLite, no cron jobs. The root password is the system install's; a
# private instance replaces it with a random one.
rt_debconf_answers='request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/initial-root-password password popdesk-rt-install
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/rtname string popdesk.test
request-tracker5 request-tracker5/organization string popdesk.test
request-tracker5 request-tracker5/correspondaddress string rt@popdesk.test
request-tracker5 request-tracker5/commentaddress string rt-comment@popdesk.test
request-tracker5 request-tracker5/webbaseurl string http://localhost
request-tracker5 request-tracker5/webpath string /rt
rt5-db-sqlite rt5-db-sqlite/available boolean true'
# The unpacked packages, each with a file that shows it is complete.
declare -A unpacked=(
  [courier-pop]="usr/lib/courier/courier/courierpop3d"
  [cyrus-pop3d]="usr/lib/cyrus/bin/pop3d"
)

missing=()
for file in "${!wanted[@]}"; do
  [ -e "$file" ] || missing+=(${wanted[$file]})
done
# RT's two files name the same packages.
[ ${#missing[@]} -eq 0 ] || mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
to_unpack=()
for package in "${!unpacked[@]}"; do
  [ -e "$servers_dir/$package/${unpacked[$package]}" ] || to_unpack+=("$package")
done
[ ${#missing[@]} -eq 0 ] && [ ${#to_unpack[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "popdesk needs these Debian packages: ${missing[*]} ${to_unpack[*]}" >&2
  echo "run this script as root on Debian: sudo bash $0" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# RT's maintainer scripts load RT's config: a private instance's must not leak into them.
unset RT_SITE_CONFIG RT_SITE_CONFIG_DIR
# Postinst scripts would start system-wide Courier, Cyrus, saslauthd, Apache or MariaDB daemons:
# the tests start private ones. policy-rc.d answering 101 tells invoke-rc.d to start nothing;
# ours is removed after.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} ..." >&2
  if [[ " ${missing[*]} " == *" request-tracker5 "* ]]; then
    debconf-set-selections <<<"$rt_debconf_answers"
  fi
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for package in "${to_unpack[@]}"; do
  echo "unpacking $package into $servers_dir/$package ..." >&2
  download=$(mktemp -d)
  (cd "$download" && { apt-get download -qq "$package" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && apt-get download -qq "$package" >/dev/null; }; })
  rm -rf "$servers_dir/$package.partial"
  mkdir -p "$servers_dir"
  dpkg -x "$download"/"$package"_*.deb "$servers_dir/$package.partial"
  rm -rf "$download" "$servers_dir/$package"
  mv "$servers_dir/$package.partial" "$servers_dir/$package"
done

# A package can be installed and still lack a file (RT's database when dbconfig was declined).
for file in "${!wanted[@]}"; do
  [ -e "$file" ] || { echo "installing ${wanted[$file]} did not provide $file" >&2; exit 1; }
done
