import type { ConsumerOptions } from '../../core/client.js';
import type { RecordPrinting } from './print-records.js';

export interface ConsoleConsumerOptions extends RecordPrinting {
  consumer: ConsumerOptions;
}
