#!/usr/bin/env bash
# Installs the Debian packages popdesk's tests, benchmarks and demo run for real:
# Dovecot (the POP3 server), Redis (the queue), openssl (test certificates) and mpop
# (the benchmark's peer). Courier's and Cyrus's POP3 servers conflict with dovecot-pop3d in apt
# (all three provide pop3-server), so they are unpacked beside it into /opt/popdesk-test/<package>
# (test/support/servers/ starts them from there) and only their dependencies are installed.
# As root it installs what is missing; otherwise it names the command to run.
# Fast when everything is there: it checks files and calls apt only for what is missing.
set -euo pipefail

servers_dir=/opt/popdesk-test

declare -A wanted=(
  [/usr/sbin/dovecot]="dovecot-core dovecot-pop3d"
  [/usr/bin/openssl]="openssl"
  [/usr/bin/mpop]="mpop"
  [/usr/bin/redis-server]="redis-server"
  # Courier's POP3 daemon needs its authentication daemon, the userdb tools and its libraries.
  [/usr/sbin/authdaemond]="courier-authdaemon"
  [/usr/sbin/makeuserdb]="courier-authlib-userdb"
  [/usr/sbin/couriertcpd]="courier-base"
  # Cyrus's master process, LMTP and tools, and sasldb passwords.
  [/usr/lib/cyrus/bin/master]="cyrus-common"
  [/usr/sbin/saslpasswd2]="sasl2-bin"
)
# The unpacked packages, each with a file that shows it is complete.
declare -A unpacked=(
  [courier-pop]="usr/lib/courier/courier/courierpop3d"
  [cyrus-pop3d]="usr/lib/cyrus/bin/pop3d"
)

missing=()
for file in "${!wanted[@]}"; do
  [ -e "$file" ] || missing+=(${wanted[$file]})
done
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
# Postinst scripts would start system-wide Courier, Cyrus or saslauthd daemons: the tests start
# private ones. policy-rc.d answering 101 tells invoke-rc.d to start nothing; ours is removed after.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} ..." >&2
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
