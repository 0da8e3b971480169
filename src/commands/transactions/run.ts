import type { KafkaClient, ProducerState, TopicPartition, TransactionDescription } from '../../core/client.js';
import { CliError, notFound } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { kafkaTabTable } from '../../render/kafka-tab-table.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';

export type TransactionsOptions = { output: OutputFormat } & (
  | { action: 'list'; runningLongerThanMs?: number; transactionalIdPattern?: string }
  | { action: 'describe'; transactionalId: string }
  | { action: 'describe-producers'; partition: TopicPartition; brokerId?: number }
  | { action: 'find-hanging'; topic?: string; partition?: number; brokerId?: number; maxTransactionTimeoutMs: number }
  | { action: 'abort'; partition: TopicPartition; startOffset: number }
  | { action: 'abort'; partition: TopicPartition; producerId: number; producerEpoch: number; coordinatorEpoch: number }
);

const none = (v: number | null) => (v === null ? 'None' : String(v));
const tpText = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;

async function print<T>(io: IO, output: OutputFormat, kafka: () => string, json: () => unknown, columns: Column<T>[], rows: T[]): Promise<void> {
  if (output === 'kafka') await writeOut(io.stdout, kafka());
  else if (output === 'json') await writeOut(io.stdout, renderJson(json()));
  else await writeOut(io.stdout, output === 'csv' ? renderCsv(columns, rows) : await renderTable(io, columns, rows));
}

const PRODUCER_HEADERS = ['ProducerId', 'ProducerEpoch', 'LatestCoordinatorEpoch', 'LastSequence', 'LastTimestamp', 'CurrentTransactionStartOffset'];
const producerColumns: Column<ProducerState>[] = [
  { header: 'PRODUCER-ID', value: (p) => p.producerId, align: 'right' },
  { header: 'EPOCH', value: (p) => p.producerEpoch, align: 'right' },
  { header: 'COORDINATOR-EPOCH', value: (p) => p.coordinatorEpoch, align: 'right' },
  { header: 'LAST-SEQUENCE', value: (p) => p.lastSequence, align: 'right' },
  { header: 'LAST-WRITE', value: (p) => new Date(p.lastTimestamp).toISOString() },
  { header: 'OPEN-TRANSACTION-START', value: (p) => p.currentTransactionStartOffset, align: 'right', style: (p) => (p.currentTransactionStartOffset !== null ? 'yellow' : undefined) },
];

interface OpenTransaction extends TopicPartition {
  producer: ProducerState;
}

/** Kafka's FindHangingTransactionsCommand: open transactions older than the longest timeout that their coordinator does not expect to end. */
async function findHanging(o: Extract<TransactionsOptions, { action: 'find-hanging' }>, client: KafkaClient, now: number): Promise<OpenTransaction[]> {
  let partitions: TopicPartition[];
  if (o.topic !== undefined && o.partition !== undefined) partitions = [{ topic: o.topic, partition: o.partition }];
  else {
    const described = await client.topics.describe(o.topic !== undefined ? [o.topic] : await client.topics.list());
    partitions = described.flatMap((t) => t.partitions.filter((p) => o.brokerId === undefined || p.replicas.includes(o.brokerId)).map((p) => ({ topic: t.name, partition: p.partition })));
  }
  const states = await client.transactions.producers(partitions, o.brokerId);
  const candidates: OpenTransaction[] = [];
  for (const tp of partitions) {
    const producers = states.get(`${tp.topic}\u0000${tp.partition}`);
    if (producers instanceof CliError) throw new CliError(producers.kind, `Failed to describe producers for ${tpText(tp)}: ${producers.message}`);
    for (const producer of producers ?? []) {
      if (producer.currentTransactionStartOffset !== null && now - producer.lastTimestamp > o.maxTransactionTimeoutMs) candidates.push({ ...tp, producer });
    }
  }
  if (candidates.length === 0) return [];
  const listed = await client.transactions.list({ producerIds: [...new Set(candidates.map((c) => c.producer.producerId))] });
  const idOf = new Map(listed.map((l) => [l.producerId, l.transactionalId]));
  const descriptions = await client.transactions.describe([...new Set(idOf.values())]);
  return candidates.filter((c) => {
    const id = idOf.get(c.producer.producerId);
    const description = id === undefined ? undefined : descriptions.get(id);
    // The coordinator still lists the partition (ongoing, or markers pending): it will end the transaction there.
    if (description && !(description instanceof CliError)) return !description.partitions.some((p) => p.topic === c.topic && p.partition === c.partition);
    if (description instanceof CliError && description.kind !== 'not-found') throw description;
    return true;
  });
}

export async function runTransactions(o: TransactionsOptions, client: KafkaClient, io: IO, now: () => number = Date.now): Promise<number> {
  switch (o.action) {
    case 'list': {
      const listed = await client.transactions.list({ runningLongerThanMs: o.runningLongerThanMs, transactionalIdPattern: o.transactionalIdPattern });
      const rows = [...listed].sort((a, b) => a.coordinatorId - b.coordinatorId);
      await print(
        io,
        o.output,
        () => kafkaTabTable(['TransactionalId', 'Coordinator', 'ProducerId', 'TransactionState'], rows.map((t) => [t.transactionalId, String(t.coordinatorId), String(t.producerId), t.state])),
        () => ({ transactions: rows }),
        [
          { header: 'TRANSACTIONAL-ID', value: (t) => t.transactionalId },
          { header: 'COORDINATOR', value: (t) => t.coordinatorId, align: 'right' },
          { header: 'PRODUCER-ID', value: (t) => t.producerId, align: 'right' },
          { header: 'STATE', value: (t) => t.state, style: (t) => (t.state === 'Ongoing' ? 'yellow' : undefined) },
        ],
        [...rows].sort((a, b) => (a.transactionalId < b.transactionalId ? -1 : 1)),
      );
      return 0;
    }
    case 'describe': {
      const found = (await client.transactions.describe([o.transactionalId])).get(o.transactionalId)!;
      if (found instanceof CliError) throw found;
      const at = now();
      const duration = (d: TransactionDescription) => (d.startTimeMs === null ? null : at - d.startTimeMs);
      await print(
        io,
        o.output,
        () =>
          kafkaTabTable(
            ['CoordinatorId', 'TransactionalId', 'ProducerId', 'ProducerEpoch', 'TransactionState', 'TransactionTimeoutMs', 'CurrentTransactionStartTimeMs', 'TransactionDurationMs', 'TopicPartitions'],
            [[String(found.coordinatorId), found.transactionalId, String(found.producerId), String(found.producerEpoch), found.state, String(found.timeoutMs), none(found.startTimeMs), none(duration(found)), found.partitions.map(tpText).join(',')]],
          ),
        () => ({ ...found, durationMs: duration(found) }),
        [
          { header: 'TRANSACTIONAL-ID', value: (d) => d.transactionalId },
          { header: 'STATE', value: (d) => d.state, style: (d) => (d.state === 'Ongoing' ? 'yellow' : undefined) },
          { header: 'PRODUCER', value: (d) => `${d.producerId} (epoch ${d.producerEpoch})` },
          { header: 'COORDINATOR', value: (d) => d.coordinatorId, align: 'right' },
          { header: 'TIMEOUT-MS', value: (d) => d.timeoutMs, align: 'right' },
          { header: 'OPEN-FOR-MS', value: (d) => (d.state === 'Ongoing' ? duration(d) : null), align: 'right' },
          { header: 'PARTITIONS', value: (d) => d.partitions.map(tpText).join(',') || null },
        ],
        [found],
      );
      return 0;
    }
    case 'describe-producers': {
      const states = (await client.transactions.producers([o.partition], o.brokerId)).get(`${o.partition.topic}\u0000${o.partition.partition}`)!;
      if (states instanceof CliError) {
        throw new CliError(states.kind, `Failed to describe producers for partition ${tpText(o.partition)} on ${o.brokerId === undefined ? 'leader' : `broker ${o.brokerId}`}: ${states.message}`);
      }
      await print(
        io,
        o.output,
        () => kafkaTabTable(PRODUCER_HEADERS, states.map((p) => [String(p.producerId), String(p.producerEpoch), String(p.coordinatorEpoch ?? -1), String(p.lastSequence), String(p.lastTimestamp), none(p.currentTransactionStartOffset)])),
        () => ({ topic: o.partition.topic, partition: o.partition.partition, producers: states }),
        producerColumns,
        states,
      );
      return 0;
    }
    case 'find-hanging': {
      const at = now();
      const hanging = await findHanging(o, client, at);
      const minutes = (t: OpenTransaction) => Math.floor((at - t.producer.lastTimestamp) / 60_000);
      await print(
        io,
        o.output,
        () =>
          kafkaTabTable(
            ['Topic', 'Partition', 'ProducerId', 'ProducerEpoch', 'CoordinatorEpoch', 'StartOffset', 'LastTimestamp', 'Duration(min)'],
            hanging.map((t) => [t.topic, String(t.partition), String(t.producer.producerId), String(t.producer.producerEpoch), String(t.producer.coordinatorEpoch ?? -1), String(t.producer.currentTransactionStartOffset), String(t.producer.lastTimestamp), String(minutes(t))]),
          ),
        () => ({ hanging: hanging.map((t) => ({ topic: t.topic, partition: t.partition, ...t.producer, minutes: minutes(t) })) }),
        [
          { header: 'TOPIC', value: (t) => t.topic },
          { header: 'PARTITION', value: (t) => t.partition, align: 'right' },
          { header: 'PRODUCER-ID', value: (t) => t.producer.producerId, align: 'right' },
          { header: 'EPOCH', value: (t) => t.producer.producerEpoch, align: 'right' },
          { header: 'START-OFFSET', value: (t) => t.producer.currentTransactionStartOffset, align: 'right' },
          { header: 'OPEN-MINUTES', value: (t) => minutes(t), align: 'right', style: () => 'red' },
        ],
        hanging,
      );
      if (hanging.length && o.output === 'table') await writeOut(io.stderr, `${hanging.length} hanging transaction(s): end each with \`kafka transactions abort --topic T --partition P --start-offset N\`\n`);
      return 0;
    }
    case 'abort': {
      let spec: TopicPartition & { producerId: number; producerEpoch: number; coordinatorEpoch: number };
      if ('startOffset' in o) {
        const states = (await client.transactions.producers([o.partition])).get(`${o.partition.topic}\u0000${o.partition.partition}`)!;
        if (states instanceof CliError) throw new CliError(states.kind, `Failed to validate producer state for partition ${tpText(o.partition)}: ${states.message}`);
        const open = states.find((p) => p.currentTransactionStartOffset === o.startOffset);
        if (!open) throw notFound(`Could not find any open transactions starting at offset ${o.startOffset} on partition ${tpText(o.partition)}`, 'see them with `kafka transactions describe-producers --topic T --partition P`');
        spec = { ...o.partition, producerId: open.producerId, producerEpoch: open.producerEpoch, coordinatorEpoch: open.coordinatorEpoch ?? 0 };
      } else {
        // A transaction that hung before its first commit or abort has no coordinator epoch yet (-1): 0 is at or below any.
        spec = { ...o.partition, producerId: o.producerId, producerEpoch: o.producerEpoch, coordinatorEpoch: Math.max(0, o.coordinatorEpoch) };
      }
      await client.transactions.abort(spec);
      if (o.output !== 'kafka') await writeOut(io.stderr, `Aborted the open transaction of producer ${spec.producerId} (epoch ${spec.producerEpoch}) on ${tpText(o.partition)}.\n`);
      return 0;
    }
  }
}
