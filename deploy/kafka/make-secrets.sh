#!/usr/bin/env bash
# Makes every secret docker-compose.yml needs for Kafka over SASL_SSL and the registry's authentication, into
# deploy/secrets/ (or the folder given as $1), which git ignores. Run it once before the first `docker compose up`;
# running it again keeps what exists (delete a file to renew it; docs/security.md, "Rotating keys and passwords").
# Needs only a JDK (keytool, and java for PemExport.java). What it writes is readable by its owner and by the group
# SECRETS_GID (default 10001, the group the platform's images run as; docker-compose.yml adds it to the Kafka
# containers' user): run it with sudo so it can give the files that group, or run the chgrp it prints.
#
#   passwords/<user>.password   one SCRAM-SHA-512 password per Kafka principal (admin, the three services, the
#                               registry), the controllers' PLAIN password, the key and trust store passwords
#   tls/                        ca.p12 (the CA's key: keep it offline once the broker certificate exists), ca.pem,
#                               broker.p12 (key + certificate for kafka-1, kafka-2, kafka-3, localhost), truststore.p12
#   env/<service>.env           the Kafka client and registry credentials of each service, as compose env_file
#   postgres/                   server.key, server.crt: PostgreSQL's TLS key and certificate (postgres, localhost)
#   registry/                   users (who may change the registry) and admin.user-info (the release step's login)
set -euo pipefail

out="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/secrets}"
# Where the containers see $out (docker-compose.yml mounts it read-only there).
mounted="${SECRETS_MOUNT:-/etc/transfer-of-care/secrets}"
umask 027
mkdir -p "$out/passwords" "$out/tls" "$out/env" "$out/registry"

command -v keytool >/dev/null || { echo "make-secrets: keytool not found (it comes with every JDK)" >&2; exit 1; }

# keytool, quickly (a short-lived JVM needs neither the optimising compiler nor a parallel collector); on failure run
# again with its output shown.
kt() {
  local fast=(-J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -J-Xshare:auto)
  keytool "${fast[@]}" "$@" > /dev/null 2>&1 || { echo "make-secrets: keytool $1 failed" >&2; keytool "$@"; exit 1; }
}

# 160 random bits as 40 hex characters: no character any of the files below would need to quote.
password() {
  local file="$out/passwords/$1.password"
  if [[ ! -s "$file" ]]; then
    head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file"
  fi
  cat "$file"
}

principals=(admin handover-api handover-processor notification-service schema-registry)
for user in "${principals[@]}" controller key-store trust-store ca-store; do password "$user" > /dev/null; done

tls="$out/tls"
if [[ ! -f "$tls/broker.p12" || ! -f "$tls/truststore.p12" ]]; then
  rm -f "$tls"/ca.p12 "$tls"/ca.pem "$tls"/broker.p12 "$tls"/broker.csr "$tls"/broker.crt "$tls"/truststore.p12
  ca="$out/passwords/ca-store.password" key="$out/passwords/key-store.password" trust="$out/passwords/trust-store.password"
  kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=transfer-of-care deployment CA" -ext bc:c \
    -validity 3650 -storetype PKCS12 -keystore "$tls/ca.p12" -storepass:file "$ca"
  kt -exportcert -rfc -alias ca -keystore "$tls/ca.p12" -storepass:file "$ca" -file "$tls/ca.pem"
  kt -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname "CN=kafka" -validity 825 \
    -storetype PKCS12 -keystore "$tls/broker.p12" -storepass:file "$key"
  kt -certreq -alias broker -keystore "$tls/broker.p12" -storepass:file "$key" -file "$tls/broker.csr"
  kt -gencert -rfc -alias ca -keystore "$tls/ca.p12" -storepass:file "$ca" -infile "$tls/broker.csr" \
    -outfile "$tls/broker.crt" -validity 825 -ext "SAN=dns:kafka-1,dns:kafka-2,dns:kafka-3,dns:localhost" \
    -ext "EKU=serverAuth,clientAuth"
  kt -importcert -noprompt -alias ca -file "$tls/ca.pem" -keystore "$tls/broker.p12" -storepass:file "$key"
  kt -importcert -noprompt -alias broker -file "$tls/broker.crt" -keystore "$tls/broker.p12" -storepass:file "$key"
  kt -importcert -noprompt -alias ca -file "$tls/ca.pem" -storetype PKCS12 -keystore "$tls/truststore.p12" \
    -storepass:file "$trust"
  rm -f "$tls/broker.csr" "$tls/broker.crt"
fi

# PostgreSQL's server certificate (for the host names postgres and localhost), signed by the same CA, as PEM files:
# handover-api connects with sslmode=verify-full and trusts tls/ca.pem.
if [[ ! -f "$out/postgres/server.key" || ! -f "$out/postgres/server.crt" ]]; then
  mkdir -p "$out/postgres"
  ca="$out/passwords/ca-store.password" key="$out/passwords/key-store.password"
  rm -f "$tls/postgres.p12" "$tls/postgres.csr" "$tls/postgres.crt"
  kt -genkeypair -alias postgres -keyalg EC -groupname secp256r1 -dname "CN=postgres" -validity 825 \
    -storetype PKCS12 -keystore "$tls/postgres.p12" -storepass:file "$key"
  kt -certreq -alias postgres -keystore "$tls/postgres.p12" -storepass:file "$key" -file "$tls/postgres.csr"
  kt -gencert -rfc -alias ca -keystore "$tls/ca.p12" -storepass:file "$ca" -infile "$tls/postgres.csr" \
    -outfile "$tls/postgres.crt" -validity 825 -ext "SAN=dns:postgres,dns:localhost" -ext "EKU=serverAuth"
  kt -importcert -noprompt -alias ca -file "$tls/ca.pem" -keystore "$tls/postgres.p12" -storepass:file "$key"
  kt -importcert -noprompt -alias postgres -file "$tls/postgres.crt" -keystore "$tls/postgres.p12" \
    -storepass:file "$key"
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$(dirname "${BASH_SOURCE[0]}")/PemExport.java" "$tls/postgres.p12" postgres "$key" \
    "$out/postgres/server.key" "$out/postgres/server.crt"
  rm -f "$tls/postgres.p12" "$tls/postgres.csr" "$tls/postgres.crt"
fi

scram_jaas() {
  printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$2"
}

# Each service's client settings under the names Spring Boot reads (the same local-stack's SecureKafka gives
# ./run --secure); single quotes keep compose from reading the JAAS line's quotes.
for service in handover-api handover-processor notification-service; do
  pw="$(password "$service")"
  {
    echo "SPRING_KAFKA_SECURITY_PROTOCOL=SASL_SSL"
    echo "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM=SCRAM-SHA-512"
    echo "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG='$(scram_jaas "$service" "$pw")'"
    echo "SPRING_KAFKA_SSL_TRUST_STORE_TYPE=PKCS12"
    echo "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION=file:$mounted/tls/truststore.p12"
    echo "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD=$(password trust-store)"
    echo "SPRING_KAFKA_PROPERTIES_BASIC_AUTH_CREDENTIALS_SOURCE=USER_INFO"
    echo "SPRING_KAFKA_PROPERTIES_BASIC_AUTH_USER_INFO=$service:$pw"
    echo "PLATFORM_KAFKA_TOPICS_DECLARE=false"
  } > "$out/env/$service.env"
done

# The registry (this project's, docker-compose.yml service schema-registry): its own Kafka login, and the users who
# may change it (HTTP Basic on every PUT, DELETE and registration; reads stay open): admin for the release step
# (registry/admin.user-info, used by the schema-init service) and each service.
{
  echo "SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL=SASL_SSL"
  echo "SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM=SCRAM-SHA-512"
  echo "SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG='$(scram_jaas schema-registry "$(password schema-registry)")'"
  echo "SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_TYPE=PKCS12"
  echo "SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_LOCATION=$mounted/tls/truststore.p12"
  echo "SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_PASSWORD=$(password trust-store)"
  echo "SCHEMA_REGISTRY_USERS_FILE=$mounted/registry/users"
} > "$out/env/schema-registry.env"
for user in admin handover-api handover-processor notification-service; do
  echo "$user:$(password "$user")"
done > "$out/registry/users"
echo "admin:$(password admin)" > "$out/registry/admin.user-info"

gid="${SECRETS_GID:-10001}"
if [[ "$(id -u)" == 0 ]]; then
  chgrp -R "$gid" "$out"
elif [[ "$(stat -c %g "$out")" != "$gid" ]]; then
  echo "make-secrets: the containers read $out as group $gid; run: sudo chgrp -R $gid $out" >&2
fi
echo "Secrets for docker-compose.yml are in $out (owner and group $gid only; never commit them)."
