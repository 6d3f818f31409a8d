#!/usr/bin/env bash
# Installs the Debian packages popdesk's tests, benchmarks and demo run for real:
# Dovecot (the POP3 server), Redis (the queue), openssl (test certificates) and mpop
# (the benchmark's peer).
# As root it installs what is missing; otherwise it names the command to run.
set -euo pipefail

declare -A wanted=(
  [/usr/sbin/dovecot]="dovecot-core dovecot-pop3d"
  [/usr/bin/openssl]="openssl"
  [/usr/bin/mpop]="mpop"
  [/usr/bin/redis-server]="redis-server"
)

missing=()
for binary in "${!wanted[@]}"; do
  [ -x "$binary" ] || missing+=(${wanted[$binary]})
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "popdesk needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
