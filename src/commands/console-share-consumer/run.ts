import type { Acknowledgement, KafkaClient, ShareConsumerOptions, SharedRecord } from '../../core/client.js';
import type { IO } from '../../render/io.js';
import { printRecords, type RecordPrinting } from '../console-consumer/print-records.js';

export interface ConsoleShareConsumerOptions extends RecordPrinting {
  consumer: ShareConsumerOptions;
  /** What each printed record is acknowledged as: accept (Kafka's default), or --release / --reject. */
  acknowledge: Acknowledgement;
}

/**
 * Kafka's kafka-console-share-consumer: a share group member that prints records, each
 * acknowledged once printed; one the formatter fails on is rejected (--reject-message-on-error).
 */
export async function runConsoleShareConsumer(o: ConsoleShareConsumerOptions, client: KafkaClient, io: IO): Promise<number> {
  return printRecords<SharedRecord>(
    o,
    async (stop) => {
      const source = await client.shareConsumer(o.consumer, stop);
      return {
        [Symbol.asyncIterator]: () => source[Symbol.asyncIterator](),
        handled: (records, skipped) => {
          source.acknowledge(skipped, 'reject');
          source.acknowledge(skipped.length ? records.filter((r) => !skipped.includes(r)) : records, o.acknowledge);
        },
        finish: async () => undefined,
        close: () => source.close(),
      };
    },
    io,
  );
}
