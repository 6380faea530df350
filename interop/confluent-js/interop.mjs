// Interoperability check of the platform's schema registry and Avro wire format with code nobody here wrote:
// Confluent's official JavaScript Schema Registry client and Avro serde (@confluentinc/schemaregistry) and KafkaJS.
//
//   REGISTRY_URL     base URL of the registry, e.g. http://127.0.0.1:8081
//   BOOTSTRAP        Kafka bootstrap servers, e.g. localhost:9092 (comma-separated)
//   TOPIC_FROM_JAVA  topic holding HandoverSubmission records written by the platform's Java AvroSerializer
//   TOPIC_FROM_JS    topic this script writes HandoverSubmission records to with Confluent's AvroSerializer
//
// Steps: (1) register, fetch back and compatibility-check schemas with Confluent's client; (2) read every record of
// TOPIC_FROM_JAVA and decode it with Confluent's AvroDeserializer; (3) write one record per decoded record to
// TOPIC_FROM_JS with Confluent's AvroSerializer (eventId + "-js", type ACKNOWLEDGED, occurredAt + 1000 ms,
// actor.userId prefixed "JS-", everything else unchanged).
//
// stdout carries only JSON lines, one per result, each with a "step"; logs and errors go to stderr. Exit code 0
// only when every step worked.

import schemaregistry from '@confluentinc/schemaregistry';
import kafkajs from 'kafkajs';

const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = schemaregistry;
const { Kafka, logLevel } = kafkajs;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is required`);
  }
  return value;
}

function emit(step, fields) {
  process.stdout.write(JSON.stringify({ step, ...fields }) + '\n');
}

function log(message) {
  process.stderr.write(`[interop] ${message}\n`);
}

/** The schema text with one more field appended to the top-level record's fields. */
function withExtraField(schemaText, field) {
  const schema = JSON.parse(schemaText);
  schema.fields = [...schema.fields, field];
  return JSON.stringify(schema);
}

async function registryChecks(client, fromJavaSubject, fromJsSubject) {
  // The schema the Java serializer registered, as Confluent's client sees it.
  const javaLatest = await client.getLatestSchemaMetadata(fromJavaSubject);
  emit('javaSchema', {
    subject: fromJavaSubject,
    id: javaLatest.id,
    version: javaLatest.version,
    schemaType: javaLatest.schemaType ?? null,
  });

  // (1a) Register the same schema under the JS topic's subject: the same text must get the same id.
  const info = { schemaType: 'AVRO', schema: javaLatest.schema };
  const id = await client.register(fromJsSubject, info, false);
  emit('registered', { subject: fromJsSubject, id, sameIdAsJava: id === javaLatest.id });

  // (1b) Register a brand-new schema and read it back by id.
  const noteSubject = `${fromJsSubject}-note`;
  const note = {
    type: 'record',
    name: 'JsNote',
    namespace: 'uk.transferofcare.interop',
    fields: [
      { name: 'text', type: 'string' },
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ],
  };
  const noteId = await client.register(noteSubject, { schemaType: 'AVRO', schema: JSON.stringify(note) }, false);
  const fetched = await client.getBySubjectAndId(noteSubject, noteId);
  const fetchedSchema = JSON.parse(fetched.schema);
  emit('fetched', {
    subject: noteSubject,
    id: noteId,
    name: `${fetchedSchema.namespace}.${fetchedSchema.name}`,
    fields: fetchedSchema.fields.map((f) => f.name),
    logicalType: fetchedSchema.fields[1].type.logicalType ?? null,
  });
  const version = await client.getVersion(noteSubject, { schemaType: 'AVRO', schema: JSON.stringify(note) }, false, false);
  emit('lookedUp', { subject: noteSubject, version });

  // (1c) Compatibility under the registry's default BACKWARD level: an optional field with a default is a
  // compatible change, a required field is not.
  const compatible = withExtraField(javaLatest.schema, {
    name: 'jsTrace',
    type: ['null', 'string'],
    default: null,
  });
  const incompatible = withExtraField(javaLatest.schema, { name: 'jsRequired', type: 'string' });
  const level = await client.getDefaultCompatibility();
  emit('compatibility', {
    level,
    compatible: await client.testSubjectCompatibility(fromJsSubject, { schemaType: 'AVRO', schema: compatible }),
    incompatible: await client.testSubjectCompatibility(fromJsSubject, { schemaType: 'AVRO', schema: incompatible }),
  });
  try {
    await client.register(fromJsSubject, { schemaType: 'AVRO', schema: incompatible }, false);
    emit('incompatibleRegister', { accepted: true });
  } catch (e) {
    emit('incompatibleRegister', {
      accepted: false,
      status: e.status ?? null,
      errorCode: e.errorCode ?? null,
      message: String(e.message).slice(0, 200),
    });
  }
  return javaLatest;
}

/** Reads every record of the topic that exists now, calling handle for each, then stops. */
async function consumeToEnd(kafka, topic, handle) {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(
    offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]),
  );
  if (remaining.size === 0) {
    return;
  }
  const consumer = kafka.consumer({ groupId: `confluent-js-interop-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let finish;
  let fail;
  const finished = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      try {
        await handle(partition, message);
        const end = remaining.get(partition);
        if (end !== undefined && BigInt(message.offset) + 1n >= end) {
          remaining.delete(partition);
          if (remaining.size === 0) {
            finish();
          }
        }
      } catch (e) {
        fail(e);
      }
    },
  });
  try {
    await finished;
  } finally {
    await consumer.disconnect();
  }
}

async function main() {
  const registryUrl = required('REGISTRY_URL');
  const brokers = required('BOOTSTRAP').split(',').map((s) => s.trim());
  const fromJava = required('TOPIC_FROM_JAVA');
  const fromJs = required('TOPIC_FROM_JS');

  const client = new SchemaRegistryClient({ baseURLs: [registryUrl] });
  const kafka = new Kafka({
    clientId: 'confluent-js-interop',
    brokers,
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log: entry }) => {
      log(`kafkajs ${namespace} level=${level} ${entry.message}`);
    },
  });

  // (1) The registry through Confluent's client.
  await registryChecks(client, `${fromJava}-value`, `${fromJs}-value`);

  // (2) Records the Java serializer wrote, decoded by Confluent's deserializer (writer schema from the registry;
  // no reader schema, so values come back exactly as written: timestamp-millis as epoch-millis numbers).
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const decoded = [];
  await consumeToEnd(kafka, fromJava, async (partition, message) => {
    const value = await deserializer.deserialize(fromJava, message.value);
    decoded.push({ key: message.key?.toString('utf8') ?? null, value });
    emit('decoded', {
      topic: fromJava,
      partition,
      offset: Number(message.offset),
      key: message.key?.toString('utf8') ?? null,
      schemaId: message.value.readInt32BE(1),
      value,
    });
  });

  // (3) Records written with Confluent's serializer. It registers nothing by default (autoRegisterSchemas is
  // off) and would otherwise infer a schema from the object, so it is told to use the subject's latest version.
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = [];
  for (const { key, value } of decoded) {
    const derived = {
      ...value,
      eventId: `${value.eventId}-js`,
      type: 'ACKNOWLEDGED',
      occurredAt: value.occurredAt + 1000,
      actor: { ...value.actor, userId: `JS-${value.actor.userId}` },
    };
    const bytes = await serializer.serialize(fromJs, derived);
    messages.push({ key, value: bytes });
  }
  if (messages.length > 0) {
    await producer.send({ topic: fromJs, acks: -1, messages });
  }
  await producer.disconnect();
  emit('produced', {
    topic: fromJs,
    count: messages.length,
    schemaId: messages.length > 0 ? messages[0].value.readInt32BE(1) : null,
  });
  emit('done', {});
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`FAILED: ${e?.stack ?? e}`);
    if (e?.status !== undefined || e?.errorCode !== undefined) {
      log(`registry answered status=${e.status} errorCode=${e.errorCode}`);
    }
    process.exit(1);
  },
);
