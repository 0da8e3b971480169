import { describe, expect, it } from 'vitest';
import { consoleShareConsumerOptions } from '../../src/cli/console-share-consumer.js';
import { consoleConsumerOptions } from '../../src/cli/console-consumer.js';

describe('console-share-consumer options, as Kafka’s ConsoleShareConsumerOptions', () => {
  it('joins console-share-consumer unless told; accepts by default, or --release / --reject; max.poll.records is the records per fetch', () => {
    expect(consoleShareConsumerOptions({ topic: 't' })).toMatchObject({ consumer: { group: 'console-share-consumer', topic: 't', maxRecords: 500 }, acknowledge: 'accept', skipMessageOnError: false });
    expect(consoleShareConsumerOptions({ topic: 't', group: 'g', release: true })).toMatchObject({ consumer: { group: 'g' }, acknowledge: 'release' });
    expect(consoleShareConsumerOptions({ topic: 't', reject: true, 'reject-message-on-error': true })).toMatchObject({ acknowledge: 'reject', skipMessageOnError: true });
    expect(consoleShareConsumerOptions({ topic: 't', 'consumer-property': ['group.id=w', 'max.poll.records=20'] }).consumer).toEqual({ group: 'w', topic: 't', maxRecords: 20 });
  });

  it('refuses what Kafka’s tool refuses, with its words', () => {
    expect(() => consoleShareConsumerOptions({})).toThrow('--topic is a required argument');
    expect(() => consoleShareConsumerOptions({ topic: 't', release: true, reject: true })).toThrow('At most one of --reject and --release may be specified.');
    expect(() => consoleShareConsumerOptions({ topic: 't', group: 'a', 'consumer-property': ['group.id=b'] })).toThrow("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer-config') do not match. Detected group ids: 'a', 'b'");
    // The console consumer names its own file flag.
    expect(() => consoleConsumerOptions({ topic: 't', group: 'a', 'consumer-property': ['group.id=b'] })).toThrow("via '--consumer.config') do not match. Detected group ids: 'a', 'b'");
  });
});
