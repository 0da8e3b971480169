import type { OAuthListener, SaslUser } from '../../cluster/local/local-cluster.js';
import type { OutputFormat } from '../../render/print.js';

export type Runtime = 'local' | 'docker';

export interface ClusterOptions {
  action: 'up' | 'down' | 'status' | 'logs';
  runtime: Runtime | 'auto';
  kafkaVersion: string;
  brokers: number;
  port: number;
  stateDir: string;
  heapMb: number;
  /** down: also delete data and logs. */
  wipe: boolean;
  /** docker: the KRaft compose profile instead of ZooKeeper + Kafka. */
  kraft: boolean;
  /** logs: which node. */
  node: number;
  /** up (local): SASL_SSL listener users; null: PLAINTEXT only. */
  saslSsl: SaslUser[] | null;
  /** up (local): an SSL listener requiring client certificates. */
  mtls: boolean;
  /** up (local): an OAUTHBEARER listener; null: none. */
  oauth: OAuthListener | null;
  /** up (local): a ZooKeeper server and brokers registered in it, instead of KRaft. */
  zookeeper: boolean;
  /** up (local): ACLs enforced, nothing allowed without one. */
  authorizer: boolean;
  output: OutputFormat;
}
