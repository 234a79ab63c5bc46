#!/usr/bin/env bash
# Runs once, when the Postgres container initialises an empty data directory
# (/docker-entrypoint-initdb.d). One role and one database per service: each role owns its database,
# nobody else (PUBLIC) may connect to it, and no role may create databases — the services'
# CreateDatabaseIfMissing then finds its database and creates nothing. Passwords come from .env.
set -euo pipefail

create_service_database() { # database role password
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v db="$1" -v role="$2" -v password="$3" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
}

#                       database        role            password
create_service_database auth            auth            "${AUTH_DB_PASSWORD:?set AUTH_DB_PASSWORD in .env}"
create_service_database users           users           "${USERS_DB_PASSWORD:?set USERS_DB_PASSWORD in .env}"
create_service_database orders          orders          "${ORDERS_DB_PASSWORD:?set ORDERS_DB_PASSWORD in .env}"
create_service_database payments        payments        "${PAYMENTS_DB_PASSWORD:?set PAYMENTS_DB_PASSWORD in .env}"
create_service_database inventory       inventory       "${INVENTORY_DB_PASSWORD:?set INVENTORY_DB_PASSWORD in .env}"
create_service_database notifications   notifications   "${NOTIFICATIONS_DB_PASSWORD:?set NOTIFICATIONS_DB_PASSWORD in .env}"
