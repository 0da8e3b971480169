import type { ProducerOptions, TransactionSettings } from '../../core/client.js';
import type { ReaderProperties } from './line-parser.js';

export interface ConsoleProducerOptions {
  topic: string;
  /** Every record to this partition (ours; Kafka's tool has no such flag). */
  partition?: number;
  producer: ProducerOptions;
  reader: ReaderProperties;
  format: 'line' | 'json';
  /** Read lines from this file instead of stdin. */
  file?: string;
  /** Send this whole file as one record. */
  valueFile?: string;
  progress: boolean;
  /** Lines for stderr before anything is read: flags taken for Kafka's sake that change nothing here, deprecated ones. */
  notices: string[];
  /** Write the input in transactions of `size` lines (null: the whole input in one). */
  transaction?: { settings: TransactionSettings; size: number | null };
}
