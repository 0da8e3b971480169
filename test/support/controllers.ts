import { runKafka } from './run-kafka.js';

/** The test cluster's KRaft quorum as our tool reads it through the brokers: each voter's controller listener (host:port). */
export async function quorumControllers(): Promise<{ leaderId: number; voters: Array<{ nodeId: number; controller: string }> }> {
  const r = await runKafka(['metadata-quorum', 'describe', '--status', '-o', 'json']);
  if (r.code !== 0) throw new Error(`metadata-quorum describe failed: ${r.stderr}`);
  const status = JSON.parse(r.stdout) as { leaderId: number; voters: Array<{ nodeId: number; endpoints: string[] }> };
  return { leaderId: status.leaderId, voters: status.voters.map((v) => ({ nodeId: v.nodeId, controller: v.endpoints[0]!.replace(/^CONTROLLER:\/\//, '') })) };
}

/** A controller that is not the active one: named alone, it makes a client find the active controller. */
export async function followerController(): Promise<string> {
  const { leaderId, voters } = await quorumControllers();
  return voters.find((v) => v.nodeId !== leaderId)!.controller;
}
