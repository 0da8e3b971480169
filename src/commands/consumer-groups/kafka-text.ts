import type { GroupLag } from './lag.js';
import type { PlannedOffset } from './reset-plan.js';
import { orDash as cell } from '../../render/java-printf.js';

/** Kafka's ConsumerGroupCommand layouts (4.x): each line is printed as "\n" + row. */

export function kafkaOffsetsText(lag: GroupLag): string {
  const g = Math.max(15, lag.group.groupId.length);
  const t = Math.max(15, ...lag.rows.map((r) => r.topic.length));
  const c = Math.max(15, ...lag.rows.map((r) => cell(r.consumerId).length));
  const h = Math.max(15, ...lag.rows.map((r) => cell(r.host).length));
  const line = (cols: string[]) =>
    `\n${cols[0]!.padEnd(g)} ${cols[1]!.padEnd(t)} ${cols[2]!.padEnd(10)} ${cols[3]!.padEnd(15)} ${cols[4]!.padEnd(15)} ${cols[5]!.padEnd(15)} ${cols[6]!.padEnd(c)} ${cols[7]!.padEnd(h)} ${cols[8]}`;
  let out = line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
  for (const r of lag.rows) out += line([r.group, r.topic, String(r.partition), cell(r.currentOffset), cell(r.logEndOffset), cell(r.lag), cell(r.consumerId), cell(r.host), cell(r.clientId)]);
  return out + '\n';
}

export function kafkaMembersText(
  group: string,
  rows: Array<{ consumerId: string; host: string; clientId: string; partitions: number; assignment: string; currentEpoch: number | null; targetEpoch: number | null; targetAssignment: string | null }>,
  verbose: boolean,
): string {
  const g = Math.max(15, group.length);
  const c = Math.max(15, ...rows.map((r) => r.consumerId.length));
  const h = Math.max(15, ...rows.map((r) => r.host.length));
  const cl = Math.max(15, ...rows.map((r) => r.clientId.length));
  const head = (cols: string[]) => `\n${cols[0]!.padEnd(g)} ${cols[1]!.padEnd(c)} ${cols[2]!.padEnd(h)} ${cols[3]!.padEnd(cl)} ${cols[4]!.padEnd(15)} `;
  // Kafka 4's verbose view: each member's epoch and assignment next to its target ones (KIP-848);
  // classic groups have no epochs and show '-'.
  const ca = Math.max(20, ...rows.map((r) => (r.assignment || '-').length));
  const ta = Math.max(20, ...rows.map((r) => (r.targetAssignment ?? '-').length));
  const tail = (cols: string[]) => (verbose ? `${cols[0]!.padEnd(15)} ${cols[1]!.padEnd(ca)} ${cols[2]!.padEnd(15)} ${cols[3]!.padEnd(ta)}` : '');
  let out = head(['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS']) + tail(['CURRENT-EPOCH', 'CURRENT-ASSIGNMENT', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT']);
  for (const r of rows) {
    out += head([group, r.consumerId, r.host, r.clientId, String(r.partitions)]) + tail([cell(r.currentEpoch), r.assignment || '-', cell(r.targetEpoch), r.targetAssignment || '-']);
  }
  return out + '\n';
}

export function kafkaStateText(r: { group: string; coordinator: string; assignmentStrategy: string; state: string; members: number }): string {
  const g = Math.max(15, r.group.length);
  const k = Math.max(25, r.coordinator.length);
  const line = (cols: string[]) => `\n${cols[0]!.padEnd(g)} ${cols[1]!.padEnd(k)} ${cols[2]!.padEnd(20)} ${cols[3]!.padEnd(20)} ${cols[4]}`;
  return line(['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS']) + line([r.group, r.coordinator, r.assignmentStrategy || '-', r.state, String(r.members)]) + '\n';
}

export function kafkaResetText(plans: PlannedOffset[]): string {
  if (plans.length === 0) return '';
  const line = (cols: string[]) => `\n${cols[0]!.padEnd(30)} ${cols[1]!.padEnd(30)} ${cols[2]!.padEnd(10)} ${cols[3]!.padEnd(15)}`;
  return line(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']) + plans.map((p) => line([p.group, p.topic, String(p.partition), String(p.offset)])).join('') + '\n';
}
