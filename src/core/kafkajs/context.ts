import type { Admin, Kafka as KafkaType } from 'kafkajs';
import type { BrokerInfo, TopicPartition } from '../client.js';
import type { ConnectionSettings } from '../connection.js';
import type { InternalBroker, InternalCluster } from './load.js';

/** What every API family of the adapter works with: one client's connections and its deadlines. */
export interface AdapterContext {
  kafka: KafkaType;
  connection: ConnectionSettings;
  /** The client's one kafkajs admin, connected on first use. */
  admin(): Promise<Admin>;
  /** A kafkajs cluster of our own for the requests kafkajs's public API lacks. */
  cluster(): Promise<InternalCluster>;
  /** Another one, connected even through Ctrl-C (a producer flushes what it read); it may auto-create topics. */
  newCluster(allowAutoTopicCreation: boolean): Promise<InternalCluster>;
  run<T>(what: Promise<T>, withinMs?: number): Promise<T>;
  /** run(), also given up at once on Ctrl-C: for connecting and joining, before anything needs flushing. */
  connecting<T>(what: Promise<T>, withinMs?: number): Promise<T>;
  log: (line: string) => void;
}

/** The brokers a family's requests go to: any that answers, or one by id. */
export interface BrokerFinder {
  anyBroker(): Promise<InternalBroker>;
  broker(id: number): Promise<InternalBroker>;
  /** The client's request timeout (ms). */
  deadline: number;
}

export const READ_UNCOMMITTED = 0;

export function toBrokerInfo(b: { nodeId: number; host: string; port: number; rack?: string | null }): BrokerInfo {
  return { id: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null };
}

/** host:port, an IPv6 host in brackets (as Kafka prints endpoints). */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

export function groupByTopic(partitions: TopicPartition[]): Map<string, number[]>;
export function groupByTopic<T extends TopicPartition>(partitions: T[], pick: (p: T) => T): Map<string, T[]>;
export function groupByTopic<T extends TopicPartition>(partitions: T[], pick?: (p: T) => T): Map<string, Array<T | number>> {
  const byTopic = new Map<string, Array<T | number>>();
  for (const p of partitions) {
    const list = byTopic.get(p.topic) ?? [];
    list.push(pick ? pick(p) : p.partition);
    byTopic.set(p.topic, list);
  }
  return byTopic;
}
