#!/usr/bin/env bash
# One-shot set-up of the Kafka cluster in docker-compose.yml (service kafka-init), as the super user admin over
# SASL_SSL: creates every platform topic and its dead-letter topic (idempotent), then the ACLs of each service
# principal (creating an ACL that exists changes nothing). The same topics and ACLs as ./run --secure (local-stack's
# SecureKafka); ComposeSecurityIT runs this script against a real broker and compares.
#
# Topic names, cleanup policies and retention are uk.transferofcare.events.Topics: the topics carrying free text
# (submissions, events, state, rejections) 400 days (34560000000 ms; handover-state compact,delete so its latest
# snapshots expire too), the others for ever (-1), dead-letter topics 30 days. docs/security.md, "Retention". A
# retention changed with platform.kafka.topics.retention.<topic> must be given to every service.
#
# Environment: BOOTSTRAP (kafka-1:19092,...), PARTITIONS (6), REPLICATION_FACTOR (3), MIN_INSYNC_REPLICAS (2),
# SECRETS_DIR (/etc/transfer-of-care/secrets), CONFIG_DIR (/tmp/kafka-init), KAFKA_HOME (/opt/kafka).
set -euo pipefail

: "${BOOTSTRAP:?set BOOTSTRAP}"
PARTITIONS="${PARTITIONS:-6}"
rf="${REPLICATION_FACTOR:-3}"
min_isr="${MIN_INSYNC_REPLICAS:-2}"
secrets="${SECRETS_DIR:-/etc/transfer-of-care/secrets}"
config_dir="${CONFIG_DIR:-/tmp/kafka-init}"
bin="${KAFKA_HOME:-/opt/kafka}/bin"

umask 077
mkdir -p "$config_dir"
admin_config="$config_dir/admin.properties"
cat > "$admin_config" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat "$secrets/passwords/admin.password")";
ssl.truststore.type=PKCS12
ssl.truststore.location=$secrets/tls/truststore.p12
ssl.truststore.password=$(cat "$secrets/passwords/trust-store.password")
PROPERTIES

# Each tool call is a JVM start: run up to PARALLEL (4) at once, and fail if any fails.
pids=()
spawn() {
  "$@" &
  pids+=("$!")
  if (( ${#pids[@]} >= ${PARALLEL:-4} )); then
    wait "${pids[0]}"
    pids=("${pids[@]:1}")
  fi
}
finish() {
  local pid
  for pid in "${pids[@]}"; do wait "$pid"; done
  pids=()
}

create() {
  local name="$1"; shift
  "$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin_config" --create --if-not-exists \
    --topic "$name" --partitions "$PARTITIONS" --replication-factor "$rf" --config "min.insync.replicas=$min_isr" "$@"
}
# Dead-letter topics: deleted after 30 days, never compacted (every failed record counts).
dlt() { spawn create "$1-dlt" --config cleanup.policy=delete --config retention.ms=2592000000; }
spawn create handover-submissions --config cleanup.policy=delete --config retention.ms=34560000000
dlt handover-submissions
spawn create handover-events --config cleanup.policy=delete --config retention.ms=34560000000
dlt handover-events
spawn create handover-state --config cleanup.policy=compact,delete --config retention.ms=34560000000
dlt handover-state
spawn create handover-rejections --config cleanup.policy=delete --config retention.ms=34560000000
dlt handover-rejections
spawn create handover-outcomes --config cleanup.policy=delete --config retention.ms=-1
dlt handover-outcomes
spawn create handover-completed --config cleanup.policy=compact --config retention.ms=-1
dlt handover-completed
spawn create notification-outcomes --config cleanup.policy=delete --config retention.ms=-1
dlt notification-outcomes
spawn create notification-replays --config cleanup.policy=delete --config retention.ms=-1
dlt notification-replays

finish

# allow <principal> <operations, comma-separated> <resource options...>
allow() {
  local principal="$1" operations="$2"; shift 2
  local args=()
  IFS=, read -ra ops <<< "$operations"
  for op in "${ops[@]}"; do args+=(--operation "$op"); done
  "$bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin_config" --add \
    --allow-principal "User:$principal" "${args[@]}" "$@" > /dev/null
}
# handover-api: writes submissions and the dead letters of what it projects; reads the processor's outputs.
spawn allow handover-api Write --topic handover-submissions \
  --topic handover-events-dlt --topic handover-state-dlt --topic handover-rejections-dlt \
  --topic handover-outcomes-dlt --topic handover-completed-dlt
spawn allow handover-api Read --topic handover-events --topic handover-state --topic handover-rejections \
  --topic handover-outcomes --topic handover-completed
spawn allow handover-api Read,Delete --resource-pattern-type prefixed --group handover-api
# handover-processor: judges submissions (and writes the linked case a diversion opens), writes its outputs, owns its
# Streams internal topics, group and transactional ids. The prefix also covers the topics it creates itself for repeat
# attendance (handover-processor-person-keys, which carries person keys, and handover-processor-repeat-flags): no
# other principal is granted them.
spawn allow handover-processor Read --topic handover-submissions
spawn allow handover-processor Write --topic handover-submissions --topic handover-submissions-dlt \
  --topic handover-events --topic handover-state --topic handover-rejections --topic handover-outcomes \
  --topic handover-completed
spawn allow handover-processor All --resource-pattern-type prefixed --topic handover-processor-
spawn allow handover-processor All --resource-pattern-type prefixed --group handover-processor
spawn allow handover-processor Write,Describe --resource-pattern-type prefixed --transactional-id handover-processor
# notification-service: reads events, owns the notification-* topics, its groups and transactional ids.
spawn allow notification-service Read --topic handover-events
spawn allow notification-service Write --topic handover-events-dlt
spawn allow notification-service All --resource-pattern-type prefixed --topic notification-
spawn allow notification-service All --resource-pattern-type prefixed --group notification-service
spawn allow notification-service Write,Describe --resource-pattern-type prefixed --transactional-id notification-service
# schema-registry: its store topic and group.
spawn allow schema-registry All --topic _schemas
spawn allow schema-registry All --resource-pattern-type prefixed --group schema-registry
# handover-api and handover-processor may describe the other services' groups (members and committed offsets, no
# record): each publishes every platform group's lag it may see (platform_kafka_consumer_group_lag), so a group whose
# own service hangs is still seen. notification-service watches none: it may describe none of the topics they read.
spawn allow handover-api Describe --resource-pattern-type prefixed --group handover-processor
spawn allow handover-api Describe --resource-pattern-type prefixed --group notification-service
spawn allow handover-processor Describe --resource-pattern-type prefixed --group handover-api
spawn allow handover-processor Describe --resource-pattern-type prefixed --group notification-service
finish

"$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin_config" --describe --exclude-internal
"$bin/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$admin_config" --list
