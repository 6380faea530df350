#!/bin/bash
# Runs once, when the postgres container initialises an empty volume (docker-entrypoint-initdb.d), as the superuser
# POSTGRES_USER, after the image created the database POSTGRES_DB. Creates what the platform needs, as ./run's
# launcher does locally (local-stack's LocalPostgres):
#   - the services' login HANDOVER_DB_USER (password HANDOVER_DB_PASSWORD), owner of POSTGRES_DB, not a superuser;
#   - the analysts' read-only login handover_analyst (password ANALYST_DB_PASSWORD): CONNECT on the database only,
#     read-only transactions by default. handover-api's migrations grant it USAGE on schema analytics and SELECT on
#     its views.
# Nobody else may connect to the database. Passwords are passed as psql variables, never written into this file.
set -euo pipefail

: "${POSTGRES_DB:?POSTGRES_DB is not set}"
: "${HANDOVER_DB_USER:?HANDOVER_DB_USER is not set}"
: "${HANDOVER_DB_PASSWORD:?HANDOVER_DB_PASSWORD is not set}"
: "${ANALYST_DB_PASSWORD:?ANALYST_DB_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set db="$POSTGRES_DB" \
  --set app_user="$HANDOVER_DB_USER" \
  --set app_password="$HANDOVER_DB_PASSWORD" \
  --set analyst_password="$ANALYST_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"app_user";
CREATE ROLE handover_analyst WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'analyst_password';
ALTER ROLE handover_analyst SET default_transaction_read_only = on;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO handover_analyst;
SQL
