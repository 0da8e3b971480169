import type { TopicPartition, TransactionSettings } from '../client.js';
import { CliError, usage } from '../errors.js';
import type { AdapterContext } from './context.js';
import { groupByTopic } from './context.js';
import { brokerErrorType, brokerRefusal, coordinatorNotReady, mapKafkaJsError, notAuthorized, principalOf } from './errors.js';
import type { InternalBroker, InternalCluster } from './load.js';
import { ADD_PARTITIONS_TO_TXN, addPartitionsToTxn, ApiKey, commonVersion, END_TXN, endTxn, errorText, errorType, INIT_PRODUCER_ID, initTransactionalProducer, type TransactionProducer } from './requests.js';

/** FindCoordinator's key type for transactional ids. */
const TRANSACTION_COORDINATOR = 1;
/** Java's producer blocks this long (max.block.ms) for a transaction's coordinator to answer. */
const COORDINATOR_WAIT_MS = 60_000;

/** Answers that pass once the coordinator has finished the last transaction's markers, or a leader is elected. */
const COORDINATOR_BUSY = new Set(['CONCURRENT_TRANSACTIONS', 'UNKNOWN_TOPIC_OR_PARTITION', 'OPERATION_NOT_ATTEMPTED', 'REQUEST_TIMED_OUT']);

/** Asked again: the coordinator is busy or elsewhere, or did not answer. */
class TryAgain extends Error {
  constructor(
    readonly why: string,
    readonly lookUpCoordinator: boolean,
  ) {
    super(why);
  }
}

/**
 * What the coordinator, or a partition leader, answers a producer whose transactional id another
 * producer has taken since (a later epoch): whichever request gets there first says so.
 */
export const isFenced = (type: string | null) => type === 'PRODUCER_FENCED' || type === 'INVALID_PRODUCER_EPOCH';
export const fencedMessage = (transactionalId: string) => `another producer with transactional id '${transactionalId}' started: this one is fenced`;

/** The client side of a transaction (KIP-98) at its transactional id's coordinator: the producer's identity, the partitions written, the end. */
export interface TransactionCoordinator {
  /** InitProducerId: our producer id and epoch; an older producer of the id is fenced and its open transaction aborted. */
  init(): Promise<{ id: bigint; epoch: number }>;
  /** AddPartitionsToTxn: the partitions the open transaction is about to write to. */
  addPartitions(partitions: TopicPartition[]): Promise<void>;
  /** EndTxn: the open transaction committed or aborted. */
  end(commit: boolean): Promise<void>;
}

export function transactionCoordinator(ctx: AdapterContext, cluster: InternalCluster, settings: TransactionSettings, requestTimeoutMs: number): TransactionCoordinator {
  const { transactionalId } = settings;
  let coordinator: InternalBroker | null = null;
  let producer: TransactionProducer | null = null;

  const fatal = (code: number): CliError => {
    const type = errorType(code);
    if (isFenced(type)) return new CliError('failed', fencedMessage(transactionalId), 'run one producer per transactional id');
    if (type === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED') {
      return notAuthorized('use', `transactional id '${transactionalId}'`, `\`kafka acls --add --allow-principal ${principalOf(ctx.connection)} --producer --topic TOPIC --transactional-id ${transactionalId}\``);
    }
    if (type === 'INVALID_TRANSACTION_TIMEOUT') {
      return usage(`transaction.timeout.ms ${settings.timeoutMs} is more than the brokers allow (transaction.max.timeout.ms)`, 'lower the producer property transaction.timeout.ms');
    }
    return brokerRefusal(code, null);
  };

  /**
   * One request at the coordinator, asked again (the coordinator looked up again where it moved or
   * went silent) until it answers or COORDINATOR_WAIT_MS pass, as Java's producer does.
   */
  async function atCoordinator<T>(what: string, apiKey: number, range: { min: number; max: number }, ask: (broker: InternalBroker, version: number) => Promise<T>): Promise<T> {
    const waitMs = Math.max(COORDINATOR_WAIT_MS, requestTimeoutMs);
    const deadline = Date.now() + waitMs;
    for (let pauseMs = 20; ; pauseMs = Math.min(pauseMs * 2, 1000)) {
      const withinMs = Math.max(1000, Math.min(requestTimeoutMs, deadline - Date.now()));
      let why: string;
      try {
        if (!coordinator) {
          const found = await ctx.run(cluster.findGroupCoordinatorMetadata({ groupId: transactionalId, coordinatorType: TRANSACTION_COORDINATOR }), withinMs);
          coordinator = await ctx.run(cluster.findBroker({ nodeId: String(found.coordinator.nodeId) }), withinMs);
        }
        const version = commonVersion(coordinator.versions, apiKey, range);
        if (version === null) throw new CliError('invalid', `the brokers cannot ${what} (transactions need Kafka 0.11 or later)`);
        return await ask(coordinator, version);
      } catch (err) {
        if (err instanceof TryAgain) {
          why = err.why;
          if (err.lookUpCoordinator) coordinator = null;
        } else {
          const type = brokerErrorType(err);
          const mapped = mapKafkaJsError(err, ctx.connection, withinMs);
          const gone = mapped.kind === 'unreachable' || mapped.kind === 'timeout';
          if (!gone && !coordinatorNotReady(type) && !COORDINATOR_BUSY.has(type ?? '')) throw mapped;
          why = mapped.message;
          coordinator = null;
          await ctx.run(cluster.refreshMetadata()).catch(() => undefined);
        }
      }
      if (Date.now() + pauseMs > deadline) {
        throw new CliError('timeout', `transactional id '${transactionalId}': could not ${what} within ${Math.round(waitMs / 1000)}s: ${why}`, 'is the transaction coordinator up? see the brokers\' logs');
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }

  const check = (code: number) => {
    if (code === 0) return;
    const type = errorType(code);
    // Moved, loading or not there yet (the transaction log is made on first use): looked up again.
    if (coordinatorNotReady(type)) throw new TryAgain(errorText(code)!, true);
    if (COORDINATOR_BUSY.has(type)) throw new TryAgain(errorText(code)!, false);
    throw fatal(code);
  };

  const current = (): TransactionProducer => {
    if (!producer) throw new Error('transactional producer used before init');
    return producer;
  };

  return {
    async init() {
      return atCoordinator('get a producer id', ApiKey.InitProducerId, INIT_PRODUCER_ID, async (broker, version) => {
        const answer = await ctx.run(broker.connectionPool.send(initTransactionalProducer(version, transactionalId, settings.timeoutMs)), requestTimeoutMs);
        check(answer.errorCode);
        producer = { transactionalId, producerId: answer.producerId, producerEpoch: answer.producerEpoch };
        return { id: BigInt(answer.producerId), epoch: answer.producerEpoch };
      });
    },

    async addPartitions(partitions) {
      const topics = [...groupByTopic(partitions)].map(([name, ids]) => ({ name, partitions: ids }));
      await atCoordinator('add partitions to the transaction', ApiKey.AddPartitionsToTxn, ADD_PARTITIONS_TO_TXN, async (broker, version) => {
        const answers = await ctx.run(broker.connectionPool.send(addPartitionsToTxn(version, current(), topics)), requestTimeoutMs);
        // OPERATION_NOT_ATTEMPTED marks the partitions held back by another one's error: that one says why.
        const refused = answers.find((a) => a.errorCode && errorType(a.errorCode) !== 'OPERATION_NOT_ATTEMPTED') ?? answers.find((a) => a.errorCode);
        if (!refused) return;
        if (errorType(refused.errorCode) === 'TOPIC_AUTHORIZATION_FAILED') {
          throw notAuthorized('write to', `topic '${refused.topic}'`, `\`kafka acls --add --allow-principal ${principalOf(ctx.connection)} --producer --topic ${refused.topic} --transactional-id ${transactionalId}\``);
        }
        check(refused.errorCode);
      });
    },

    async end(commit) {
      await atCoordinator(commit ? 'commit the transaction' : 'abort the transaction', ApiKey.EndTxn, END_TXN, async (broker, version) => {
        const answer = await ctx.run(broker.connectionPool.send(endTxn(version, current(), commit)), requestTimeoutMs);
        // Fenced: the producer that took the id over had the coordinator abort this one's open transaction first.
        if (!commit && isFenced(errorType(answer.errorCode))) return;
        check(answer.errorCode);
      });
    },
  };
}
