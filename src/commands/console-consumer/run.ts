import type { ConsumedRecord, KafkaClient, PartitionOffsets } from '../../core/client.js';
import type { IO } from '../../render/io.js';
import type { ConsoleConsumerOptions } from './options.js';
import { printRecords } from './print-records.js';

/** Per partition, the offset after the last of these records. */
function nextOffsets(records: ConsumedRecord[]): PartitionOffsets[] {
  const next = new Map<string, PartitionOffsets>();
  // A partition's records come in runs, in offset order: the last of each run is all that counts.
  records.forEach((r, i) => {
    const following = records[i + 1];
    if (following?.partition === r.partition && following.topic === r.topic) return;
    next.set(`${r.topic}\u0000${r.partition}`, { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
  });
  return [...next.values()];
}

export async function runConsoleConsumer(o: ConsoleConsumerOptions, client: KafkaClient, io: IO): Promise<number> {
  return printRecords(
    o,
    async (stop) => {
      const source = await client.consumer(o.consumer, stop);
      return {
        [Symbol.asyncIterator]: () => source[Symbol.asyncIterator](),
        handled: (records) => source.printed(nextOffsets(records)),
        // A group's position is committed as the consumer goes (by the source); this is the last one.
        finish: () => source.commit(),
        close: () => source.close(),
      };
    },
    io,
  );
}
