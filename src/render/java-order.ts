/**
 * The iteration orders of Java collections, which Kafka's tools print without sorting: needed to
 * print their text byte for byte.
 */

/** String.hashCode: UTF-16 code units, 32-bit overflow. */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** TopicPartition.hashCode. */
export function topicPartitionHash(topic: string, partition: number): number {
  return (Math.imul((31 + partition) | 0, 31) + javaStringHash(topic)) | 0;
}

/**
 * The order in which a java.util.HashMap (or HashSet, Collectors.toMap), filled in `items` order,
 * iterates: by bucket of the spread hash in the final table, then by insertion within a bucket.
 * `initialCapacity` is the constructor's (16 by default); the table doubles past 3/4 full.
 */
export function javaHashMapOrder<T>(items: T[], hash: (item: T) => number, initialCapacity = 16): T[] {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  while (items.length > Math.floor(capacity * 0.75)) capacity *= 2;
  const bucket = (h: number) => (h ^ (h >>> 16)) & (capacity - 1);
  return items
    .map((item, index) => ({ item, index, bucket: bucket(hash(item)) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map(({ item }) => item);
}

/** A HashMap<String, Object> as Jackson writes it: its keys in the map's order. */
export function javaOrderedObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(javaHashMapOrder(entries, ([k]) => javaStringHash(k)));
}

/** Java's String.compareTo: UTF-16 code units, which is what `<` does on JS strings. */
export function javaStringOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
