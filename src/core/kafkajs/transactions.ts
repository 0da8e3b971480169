import type { ProducerState, TopicPartition, TransactionDescription, TransactionFilters, TransactionListing, TransactionOps } from '../client.js';
import { CliError, invalid, notFound } from '../errors.js';
import { groupByTopic, type AdapterContext, type BrokerFinder } from './context.js';
import { brokerRefusal, whileBrokersSettle } from './errors.js';
import type { InternalBroker } from './load.js';
import { ApiKey, commonVersion, describeProducers, describeTransactions, errorType, LIST_TRANSACTIONS, listTransactions, writeAbortMarker, WRITE_TXN_MARKERS } from './requests.js';

/** FindCoordinator's key type for transactional ids. */
const TRANSACTION_COORDINATOR = 1;
const key = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

/** The transactions family: coordinators' transactions, partitions' producers, and aborting an open transaction. */
export function transactionOps(ctx: AdapterContext, brokers: BrokerFinder): TransactionOps {
  const { run, cluster } = ctx;
  const { deadline } = brokers;

  const needs = (broker: InternalBroker, apiKey: number, what: string) => {
    if (!broker.versions[apiKey]) throw invalid(`the brokers cannot ${what} (Kafka 3.0 or later is needed)`);
  };

  /** Where a partition's producer state is kept: its leader, or the replica asked for. */
  const replicaOf = async (tp: TopicPartition, brokerId?: number): Promise<InternalBroker> => {
    const c = await cluster();
    await run(c.addMultipleTargetTopics([tp.topic])).catch(() => undefined);
    const id = brokerId ?? c.findTopicPartitionMetadata(tp.topic).find((m) => m.partitionId === tp.partition)?.leader;
    if (id === undefined || id < 0) throw notFound(`partition ${tp.topic}-${tp.partition} does not exist or has no leader`);
    return run(c.findBroker({ nodeId: String(id) }));
  };

  return {
    async list(filters: TransactionFilters = {}): Promise<TransactionListing[]> {
      const c = await cluster();
      // Each broker is the coordinator of some transactional ids: all are asked.
      const all = await whileBrokersSettle(deadline, async () => {
        await run(c.refreshMetadata());
        return Promise.all(c.brokerPool.metadata.brokers.map((b) => run(c.findBroker({ nodeId: String(b.nodeId) }))));
      });
      const answers = await Promise.all(
        all.map(async (broker) => {
          const version = commonVersion(broker.versions, ApiKey.ListTransactions, LIST_TRANSACTIONS);
          if (version === null) throw invalid('the brokers cannot list transactions (Kafka 3.0 or later is needed)');
          if (filters.runningLongerThanMs !== undefined && version < 1) throw invalid(`broker ${broker.nodeId} cannot filter transactions by duration (ListTransactions v1, KIP-994)`);
          if (filters.transactionalIdPattern !== undefined && version < 2) throw invalid(`broker ${broker.nodeId} cannot filter transactions by id pattern (ListTransactions v2, KIP-1152)`);
          const answer = await run(broker.connectionPool.send(listTransactions(version, filters)));
          if (answer.errorCode) throw brokerRefusal(answer.errorCode, null);
          return answer.transactions.map((t) => ({ transactionalId: t.transactionalId, coordinatorId: broker.nodeId, producerId: t.producerId, state: t.state }));
        }),
      );
      return answers.flat();
    },

    async describe(transactionalIds: string[]): Promise<Map<string, TransactionDescription | CliError>> {
      const c = await cluster();
      const out = new Map<string, TransactionDescription | CliError>();
      for (const id of transactionalIds) {
        const meta = await whileBrokersSettle(deadline, () => run(c.findGroupCoordinatorMetadata({ groupId: id, coordinatorType: TRANSACTION_COORDINATOR })));
        const coordinator = await run(c.findBroker({ nodeId: String(meta.coordinator.nodeId) }));
        needs(coordinator, ApiKey.DescribeTransactions, 'describe transactions');
        const [answer] = await run(coordinator.connectionPool.send(describeTransactions([id])));
        if (!answer || answer.errorCode) {
          const code = answer?.errorCode ?? 0;
          out.set(id, errorType(code) === 'TRANSACTIONAL_ID_NOT_FOUND' ? notFound(`transactional id '${id}' is not known to its coordinator`) : brokerRefusal(code, null));
          continue;
        }
        out.set(id, {
          transactionalId: id,
          coordinatorId: coordinator.nodeId,
          producerId: answer.producerId,
          producerEpoch: answer.producerEpoch,
          state: answer.state,
          timeoutMs: answer.timeoutMs,
          startTimeMs: answer.startTimeMs >= 0 ? answer.startTimeMs : null,
          partitions: answer.partitions,
        });
      }
      return out;
    },

    async producers(partitions: TopicPartition[], brokerId?: number): Promise<Map<string, ProducerState[] | CliError>> {
      const out = new Map<string, ProducerState[] | CliError>();
      // One request per replica that keeps the state.
      const byBroker = new Map<InternalBroker, TopicPartition[]>();
      for (const tp of partitions) {
        try {
          const broker = await replicaOf(tp, brokerId);
          byBroker.set(broker, [...(byBroker.get(broker) ?? []), tp]);
        } catch (err) {
          if (!(err instanceof CliError)) throw err;
          out.set(key(tp), err);
        }
      }
      for (const [broker, tps] of byBroker) {
        needs(broker, ApiKey.DescribeProducers, 'describe producers');
        const answers = await run(broker.connectionPool.send(describeProducers(groupByTopic(tps))));
        for (const a of answers) {
          out.set(
            key(a),
            a.errorCode
              ? brokerRefusal(a.errorCode, a.errorMessage)
              : a.producers.map((p) => ({
                  producerId: p.producerId,
                  producerEpoch: p.producerEpoch,
                  lastSequence: p.lastSequence,
                  lastTimestamp: p.lastTimestamp,
                  coordinatorEpoch: p.coordinatorEpoch >= 0 ? p.coordinatorEpoch : null,
                  currentTransactionStartOffset: p.currentTxnStartOffset >= 0 ? p.currentTxnStartOffset : null,
                })),
          );
        }
      }
      return out;
    },

    async abort(spec): Promise<void> {
      const leader = await replicaOf(spec);
      if (commonVersion(leader.versions, ApiKey.WriteTxnMarkers, WRITE_TXN_MARKERS) === null) throw invalid('the partition leader cannot take transaction markers from a client');
      const answer = await run(leader.connectionPool.send(writeAbortMarker(spec)));
      if (answer.errorCode) throw brokerRefusal(answer.errorCode, null);
    },
  };
}
