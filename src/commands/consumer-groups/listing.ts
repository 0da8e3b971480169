import type { GroupListing, KafkaClient } from '../../core/client.js';

/** What Kafka's --list shows: consumer-protocol groups and classic groups of consumers (not share or streams groups). */
function isConsumerGroup(g: GroupListing): boolean {
  const classicConsumer = g.protocolType === 'consumer' || g.protocolType === '';
  return g.type === null ? classicConsumer : g.type === 'Consumer' || (g.type === 'Classic' && classicConsumer);
}

export async function consumerGroups(client: KafkaClient): Promise<GroupListing[]> {
  return (await client.groups.list()).filter(isConsumerGroup).sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}

export async function consumerGroupIds(client: KafkaClient): Promise<string[]> {
  return (await consumerGroups(client)).map((g) => g.groupId);
}
