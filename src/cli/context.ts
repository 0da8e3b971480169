import type { KafkaClient } from '../core/client.js';
import type { ConnectionFlags } from '../core/connection.js';
import type { IO } from '../render/io.js';

/** What every subcommand module gets: IO, how it was invoked, and a lazy client. */
export interface CliContext {
  io: IO;
  /** Invoked as kafka-topics & co.: Kafka's own output layout by default. */
  kafkaToolName: boolean;
  /** Connects (loading the client library) only when a command really needs Kafka. */
  withClient(flags: ConnectionFlags, use: (client: KafkaClient) => Promise<number>): Promise<number>;
  /** A handler reports its exit code here. */
  finish(code: Promise<number>): void;
}
