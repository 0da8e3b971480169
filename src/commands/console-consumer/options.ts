import type { ConsumerOptions } from '../../core/client.js';
import type { FormatterProperties } from './record-formatter.js';

export interface ConsoleConsumerOptions {
  consumer: ConsumerOptions;
  maxMessages?: number;
  /** Stop when no record arrived for this long. */
  timeoutMs?: number;
  /** `none`: Kafka's NoOpMessageFormatter (read and count, print nothing). */
  output: { kind: 'default'; properties: FormatterProperties } | { kind: 'template'; template: string } | { kind: 'json'; base64: boolean } | { kind: 'none' };
  /** Only records whose value matches this pattern (RE2). */
  grep?: string;
  skipMessageOnError: boolean;
}
