#!/usr/bin/env bash
# Entrypoint of each Kafka node in docker-compose.yml (image apache/kafka): writes server.properties for SASL_SSL with
# SCRAM-SHA-512 and ACLs from the environment and the secrets make-secrets.sh made, formats the storage once with the
# SCRAM users (KRaft keeps them in the metadata log), then runs the broker. The same settings as ./run --secure
# (local-stack's SecureKafka); ComposeSecurityIT runs this script against a real broker.
#
# Environment: NODE_ID, CLUSTER_ID, CONTROLLER_QUORUM_VOTERS (1@kafka-1:9093,...), ADVERTISED_HOST (default: the
# hostname), REPLICATION_FACTOR (3), MIN_INSYNC_REPLICAS (2), CLIENT_PORT (19092), CONTROLLER_PORT (9093),
# SECRETS_DIR (/etc/transfer-of-care/secrets), DATA_DIR (/var/lib/kafka/data), CONFIG_DIR (/tmp/kafka-config),
# KAFKA_HOME (/opt/kafka), KAFKA_HEAP_OPTS.
set -euo pipefail

: "${NODE_ID:?set NODE_ID}" "${CLUSTER_ID:?set CLUSTER_ID}" "${CONTROLLER_QUORUM_VOTERS:?set CONTROLLER_QUORUM_VOTERS}"
secrets="${SECRETS_DIR:-/etc/transfer-of-care/secrets}"
config_dir="${CONFIG_DIR:-/tmp/kafka-config}"
kafka_home="${KAFKA_HOME:-/opt/kafka}"
rf="${REPLICATION_FACTOR:-3}"
min_isr="${MIN_INSYNC_REPLICAS:-2}"
host="${ADVERTISED_HOST:-$(hostname)}"
client_port="${CLIENT_PORT:-19092}"
controller_port="${CONTROLLER_PORT:-9093}"

secret() {
  local file="$secrets/passwords/$1.password"
  [[ -s "$file" ]] || { echo "broker: $file is missing: run deploy/kafka/make-secrets.sh first" >&2; exit 1; }
  cat "$file"
}
scram_jaas() {
  printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$2"
}

umask 077
mkdir -p "$config_dir"
admin="$(secret admin)"
controller="$(secret controller)"
key_store="$(secret key-store)"
trust_store="$(secret trust-store)"

cat > "$config_dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=$CONTROLLER_QUORUM_VOTERS
listeners=CLIENTS://:$client_port,CONTROLLER://:$controller_port
advertised.listeners=CLIENTS://$host:$client_port
listener.security.protocol.map=CLIENTS:SASL_SSL,CONTROLLER:SASL_SSL
inter.broker.listener.name=CLIENTS
controller.listener.names=CONTROLLER
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.clients.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.clients.scram-sha-512.sasl.jaas.config=$(scram_jaas admin "$admin")
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$controller" user_controller="$controller";
ssl.keystore.type=PKCS12
ssl.keystore.location=$secrets/tls/broker.p12
ssl.keystore.password=$key_store
ssl.key.password=$key_store
ssl.truststore.type=PKCS12
ssl.truststore.location=$secrets/tls/truststore.p12
ssl.truststore.password=$trust_store
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:controller
allow.everyone.if.no.acl.found=false
log.dirs=${DATA_DIR:-/var/lib/kafka/data}
auto.create.topics.enable=false
default.replication.factor=$rf
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
unclean.leader.election.enable=false
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
# A transaction's first write to a partition waits for the previous transaction's markers (transaction version 2);
# the broker re-checks after this backoff (Kafka's default 20 ms; 1 ms on the one local broker, where markers take
# about a millisecond; 5 ms here, where markers are replicated to two in-sync replicas first).
add.partitions.to.txn.retry.backoff.ms=5
# Requests to another node (the transaction coordinator's commit and abort markers, a partition leader's check of a
# transaction's first write) are given up after 5 s (Kafka's default 30 s): a node that hangs without closing its
# sockets (a stalled disk, a frozen VM) is fenced within seconds, but the transactions waiting on it are not finished
# until these requests fail (handover-processor/README.md "A hung broker").
request.timeout.ms=5000
log.retention.ms=-1
PROPERTIES

# The admin's client settings, for the healthcheck and deploy/kafka/init.sh.
cat > "$config_dir/admin.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(scram_jaas admin "$admin")
ssl.truststore.type=PKCS12
ssl.truststore.location=$secrets/tls/truststore.p12
ssl.truststore.password=$trust_store
PROPERTIES

scram=()
for user in admin handover-api handover-processor notification-service schema-registry; do
  scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(secret "$user")]")
done
# --ignore-formatted: on later starts the storage (and the users in it) stay as they are; a password changed in
# secrets/ afterwards is set with kafka-configs.sh (docs/security.md, "Rotating keys and passwords").
"$kafka_home/bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" \
  --config "$config_dir/server.properties" "${scram[@]}"
exec "$kafka_home/bin/kafka-server-start.sh" "$config_dir/server.properties"
