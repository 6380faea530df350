#!/bin/bash
# Runs once, when the postgres container initialises an empty volume (docker-entrypoint-initdb.d), after the image
# wrote pg_hba.conf: every login over TCP must use TLS ("host" lines become "hostssl"), so a password never crosses
# the network in the clear. The server's key and certificate come from deploy/kafka/make-secrets.sh (the service's
# command in docker-compose.yml turns ssl on); handover-api connects with sslmode=verify-full. Logins over the
# container's Unix socket (the image's own set-up) are unchanged. ComposeSecurityIT runs this script on a real
# cluster.
set -euo pipefail

: "${PGDATA:?PGDATA is not set}"
hba="$PGDATA/pg_hba.conf"
sed -i -E 's/^host([[:space:]])/hostssl\1/' "$hba"
if grep -qE '^host[[:space:]]' "$hba"; then
  echo "20-require-tls: a plain 'host' line is left in $hba" >&2
  exit 1
fi
grep -qE '^hostssl[[:space:]]' "$hba" || echo "hostssl all all all scram-sha-256" >> "$hba"
