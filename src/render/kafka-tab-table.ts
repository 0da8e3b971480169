/**
 * The table Kafka's newer tools print (MetadataQuorumCommand, TransactionsCommand): every cell, the
 * headers' too, padded to its column's width and followed by a tab.
 */
export function kafkaTabTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [headers, ...rows].map((cells) => cells.map((c, i) => `${c.padEnd(widths[i]!)}\t`).join('')).join('\n') + '\n';
}
