import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rangeAssignment } from '../../src/core/kafkajs/group-member.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../../src/core/kafkajs/requests.js';

const { fixtures } = JSON.parse(readFileSync(new URL('./fixtures/protocol.json', import.meta.url), 'utf8')) as {
  fixtures: Array<{ message: string; version: number; value: Record<string, unknown>; hex: string }>;
};
/** What Java's ConsumerProtocol puts in JoinGroup and SyncGroup: the version, then the struct (from Kafka's own classes). */
const javaBytes = (message: string, version: number, topics?: string[]) => {
  const f = fixtures.find((x) => x.message === message && x.version === version && (!topics || JSON.stringify(x.value.topics) === JSON.stringify(topics)))!;
  return Buffer.from(version.toString(16).padStart(4, '0') + f.hex, 'hex');
};

describe('range assignment (Java’s RangeAssignor without racks)', () => {
  const assign = (subscriptions: Record<string, string[]>, partitions: Record<string, number>) =>
    Object.fromEntries([...rangeAssignment(new Map(Object.entries(subscriptions)), (t) => partitions[t] ?? 0)].map(([m, a]) => [m, Object.fromEntries(a)]));

  it('splits a topic into runs in member-id order, the first members a partition longer', () => {
    expect(assign({ c: ['t'], a: ['t'], b: ['t'] }, { t: 7 })).toEqual({ a: { t: [0, 1, 2] }, b: { t: [3, 4] }, c: { t: [5, 6] } });
  });
  it('each topic on its own, among the members subscribed to it', () => {
    expect(assign({ a: ['t', 'u'], b: ['t'] }, { t: 2, u: 3 })).toEqual({ a: { t: [0], u: [0, 1, 2] }, b: { t: [1] } });
  });
  it('more members than partitions: the last ones get none; a topic without partitions gives nothing', () => {
    expect(assign({ a: ['t'], b: ['t'], c: ['t', 'gone'] }, { t: 2 })).toEqual({ a: { t: [0] }, b: { t: [1] }, c: {} });
  });
});

describe('ConsumerProtocol bytes', () => {
  it('our subscription is the bytes Java’s consumer sends (version 0)', () => {
    expect(encodeSubscription(['orders', 'audit'])).toEqual(javaBytes('ConsumerProtocolSubscription', 0, ['orders', 'audit']));
  });
  it('reads a Java member’s subscription of any version, a later one as ours', () => {
    for (const version of [0, 1, 2, 3]) expect(decodeSubscription(javaBytes('ConsumerProtocolSubscription', version, ['orders', 'audit']))).toEqual({ topics: ['orders', 'audit'] });
    const later = javaBytes('ConsumerProtocolSubscription', 3, ['orders', 'audit']);
    later.writeInt16BE(4, 0);
    expect(decodeSubscription(Buffer.concat([later, Buffer.from('00000000', 'hex')]))).toEqual({ topics: ['orders', 'audit'] });
  });
  it('reads the assignment a Java leader sends, and writes what it reads', () => {
    const expected = [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }, { topic: 'orders', partition: 2 }, { topic: 'audit', partition: 5 }];
    expect(decodeAssignment(javaBytes('ConsumerProtocolAssignment', 3))).toEqual(expected);
    expect(encodeAssignment(new Map([['orders', [0, 1, 2]], ['audit', [5]]]))).toEqual(javaBytes('ConsumerProtocolAssignment', 0));
    // A member the leader left out may get no bytes at all.
    expect(decodeAssignment(Buffer.alloc(0))).toEqual([]);
  });
});
