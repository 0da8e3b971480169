import { createRequire } from 'node:module';
import { Reader, Writer } from './wire.js';

const require = createRequire(import.meta.url);
const { createErrorFromCode } = require('kafkajs/src/protocol/error.js') as {
  createErrorFromCode(code: number): Error & { type: string };
};

export const ApiKey = {
  Metadata: 3,
  ListGroups: 16,
  ApiVersions: 18,
  DescribeLogDirs: 35,
  DescribeQuorum: 55,
  ConsumerGroupDescribe: 69,
  IncrementalAlterConfigs: 44,
  OffsetDelete: 47,
  DescribeTopicPartitions: 75,
} as const;

/** What kafkajs's connection pool sends: a request to encode, a response to decode. */
export interface WireRequest<T> {
  /**
   * encode() resolves to anything with the request body as `buffer` (kafkajs's Encoder, or a plain
   * holder); `frameRoom` says how many bytes before it are free for the request header.
   */
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<{ buffer: Buffer; frameRoom?: number }> };
  response: { decode(raw: Buffer): Promise<T>; parse(data: T): Promise<T> };
}

function wireRequest<T>(
  apiName: string,
  apiKey: number,
  apiVersion: number,
  flexible: boolean,
  body: Writer,
  decode: (r: Reader) => T,
  // ApiVersions answers with header v0 even to a flexible request, so that any client can read it.
  flexibleResponseHeader = flexible,
): WireRequest<T> {
  // A flexible request header (v2) is v1 plus tagged fields; kafkajs writes v1, so the
  // empty tag section leads our body. Flexible responses (header v1) start with one too.
  const payload = flexible ? Buffer.concat([Buffer.from([0]), body.toBuffer()]) : body.toBuffer();
  return {
    request: { apiKey, apiVersion, apiName, encode: async () => ({ buffer: payload }) },
    response: {
      decode: async (raw: Buffer) => {
        const r = new Reader(raw);
        if (flexibleResponseHeader) r.skipTags();
        return decode(r);
      },
      parse: async (data: T) => data,
    },
  };
}

export function errorText(code: number): string | null {
  if (code === 0) return null;
  const err = createErrorFromCode(code);
  return err.message;
}

export function errorType(code: number): string {
  return createErrorFromCode(code).type;
}

export interface DescribedPartition {
  errorCode: number;
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  elr: number[] | null;
  lastKnownElr: number[] | null;
  offlineReplicas: number[];
}

export interface DescribedTopic {
  errorCode: number;
  name: string;
  topicId: string;
  internal: boolean;
  partitions: DescribedPartition[];
}

export interface DescribeTopicPartitionsResult {
  topics: DescribedTopic[];
  nextCursor: { topic: string; partition: number } | null;
}

const int32 = (r: Reader) => r.int32();

/** A topic as DescribeTopicPartitions and flexible Metadata (v10+) answer it: the same fields, but ELR only in the former. */
function readDescribedTopic(t: Reader, withElr: boolean): DescribedTopic {
  const topic: DescribedTopic = {
    errorCode: t.int16(),
    name: t.compactString() ?? '',
    topicId: t.uuid(),
    internal: t.bool(),
    partitions:
      t.compactArray((p) => {
        const partition: DescribedPartition = {
          errorCode: p.int16(),
          partition: p.int32(),
          leader: p.int32(),
          leaderEpoch: p.int32(),
          replicas: p.compactArray(int32) ?? [],
          isr: p.compactArray(int32) ?? [],
          elr: withElr ? p.compactArray(int32) : null,
          lastKnownElr: withElr ? p.compactArray(int32) : null,
          offlineReplicas: p.compactArray(int32) ?? [],
        };
        p.skipTags();
        return partition;
      }) ?? [],
  };
  t.int32(); // authorized operations
  t.skipTags();
  return topic;
}

export function describeTopicPartitions(
  names: string[],
  partitionLimit: number,
  cursor: { topic: string; partition: number } | null,
): WireRequest<DescribeTopicPartitionsResult> {
  const body = new Writer()
    .compactArray(names, (w, name) => w.compactString(name).tags())
    .int32(partitionLimit);
  if (cursor) body.int8(1).compactString(cursor.topic).int32(cursor.partition).tags();
  else body.int8(-1);
  body.tags();
  return wireRequest('DescribeTopicPartitions', ApiKey.DescribeTopicPartitions, 0, true, body, (r) => {
    r.int32(); // throttle time
    const topics = r.compactArray((t) => readDescribedTopic(t, true)) ?? [];
    let nextCursor: DescribeTopicPartitionsResult['nextCursor'] = null;
    if (r.int8() >= 0) {
      nextCursor = { topic: r.compactString() ?? '', partition: r.int32() };
      r.skipTags();
    }
    return { topics, nextCursor };
  });
}

/** The Metadata versions that carry topic ids (KIP-516: Kafka 2.8 brokers answer v10 and v11; 3.0 and later v12). */
export const METADATA_WITH_TOPIC_IDS = { min: 10, max: 12 } as const;

/**
 * Metadata for named topics, with their ids: what a broker without DescribeTopicPartitions
 * (ZooKeeper-mode brokers, KRaft before 3.7) knows about them. `version` is 10 to 12.
 */
export function metadataWithTopicIds(names: string[], version: number): WireRequest<DescribedTopic[]> {
  const body = new Writer()
    .compactArray(names, (w, name) => w.raw(Buffer.alloc(16)).compactString(name).tags())
    .bool(false); // allow_auto_topic_creation
  if (version === 10) body.bool(false); // include_cluster_authorized_operations
  body.bool(false).tags(); // include_topic_authorized_operations
  return wireRequest('Metadata', ApiKey.Metadata, version, true, body, (r) => {
    r.int32(); // throttle time
    r.compactArray((b) => {
      b.int32(); b.compactString(); b.int32(); b.compactString(); // node id, host, port, rack
      b.skipTags();
    });
    r.compactString(); // cluster id
    r.int32(); // controller id
    return r.compactArray((t) => readDescribedTopic(t, false)) ?? [];
  });
}

export const ConfigOperation = { SET: 0, DELETE: 1 } as const;
export const ConfigResourceType = { TOPIC: 2, BROKER: 4 } as const;

export interface IncrementalAlterResult {
  errorCode: number;
  errorMessage: string | null;
  resourceName: string;
}

export function incrementalAlterConfigs(
  resources: Array<{ type: number; name: string; configs: Array<{ name: string; op: number; value: string | null }> }>,
): WireRequest<IncrementalAlterResult[]> {
  const body = new Writer()
    .array(resources, (w, res) =>
      w.int8(res.type).string(res.name).array(res.configs, (cw, c) => cw.string(c.name).int8(c.op).string(c.value)),
    )
    .bool(false);
  return wireRequest('IncrementalAlterConfigs', ApiKey.IncrementalAlterConfigs, 0, false, body, (r) => {
    r.int32();
    return r.array((x) => {
      const errorCode = x.int16();
      const errorMessage = x.string();
      x.int8();
      return { errorCode, errorMessage, resourceName: x.string() ?? '' };
    });
  });
}

export interface OffsetDeleteResult {
  errorCode: number;
  partitions: Array<{ topic: string; partition: number; errorCode: number }>;
}

export function offsetDelete(groupId: string, topics: Map<string, number[]>): WireRequest<OffsetDeleteResult> {
  const body = new Writer()
    .string(groupId)
    .array([...topics], (w, [topic, partitions]) => w.string(topic).array(partitions, (pw, p) => pw.int32(p)));
  return wireRequest('OffsetDelete', ApiKey.OffsetDelete, 0, false, body, (r) => {
    const errorCode = r.int16();
    r.int32();
    const partitions = r.array((t) => {
      const topic = t.string() ?? '';
      return t.array((p) => ({ topic, partition: p.int32(), errorCode: p.int16() }));
    }).flat();
    return { errorCode, partitions };
  });
}

export interface ApiVersionsV3Result {
  errorCode: number;
  apiKeys: Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
  supportedFeatures: Array<{ name: string; minVersion: number; maxVersion: number }>;
  finalizedFeatures: Array<{ name: string; maxVersionLevel: number; minVersionLevel: number }>;
}

/** ApiVersions v3 (Kafka 2.4+): kafkajs asks for v2, which carries no feature levels. */
export function apiVersionsV3(): WireRequest<ApiVersionsV3Result> {
  const body = new Writer().compactString('kafka-cli').compactString('1').tags();
  return wireRequest('ApiVersions', ApiKey.ApiVersions, 3, true, body, (r) => {
    const errorCode = r.int16();
    const apiKeys = r.compactArray((k) => {
      const range = { apiKey: k.int16(), minVersion: k.int16(), maxVersion: k.int16() };
      k.skipTags();
      return range;
    }) ?? [];
    r.int32(); // throttle time
    const result: ApiVersionsV3Result = { errorCode, apiKeys, supportedFeatures: [], finalizedFeatures: [] };
    r.tags({
      0: (t) => {
        result.supportedFeatures = t.compactArray((f) => {
          const feature = { name: f.compactString() ?? '', minVersion: f.int16(), maxVersion: f.int16() };
          f.skipTags();
          return feature;
        }) ?? [];
      },
      2: (t) => {
        result.finalizedFeatures = t.compactArray((f) => {
          const feature = { name: f.compactString() ?? '', maxVersionLevel: f.int16(), minVersionLevel: f.int16() };
          f.skipTags();
          return feature;
        }) ?? [];
      },
    });
    return result;
  }, false);
}

export interface DescribeQuorumResult {
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  voters: number[];
}

/** DescribeQuorum v0 for the KRaft metadata log: who the active controller is. */
export function describeQuorum(): WireRequest<DescribeQuorumResult> {
  const body = new Writer()
    .compactArray(['__cluster_metadata'], (w, topic) => w.compactString(topic).compactArray([0], (pw, p) => pw.int32(p).tags()).tags())
    .tags();
  return wireRequest('DescribeQuorum', ApiKey.DescribeQuorum, 0, true, body, (r) => {
    const errorCode = r.int16();
    const result: DescribeQuorumResult = { errorCode, leaderId: -1, leaderEpoch: -1, voters: [] };
    r.compactArray((t) => {
      t.compactString();
      t.compactArray((p) => {
        p.int32();
        const partitionError = p.int16();
        result.errorCode ||= partitionError;
        result.leaderId = p.int32();
        result.leaderEpoch = p.int32();
        p.int64(); // high watermark
        const replica = (x: Reader) => {
          const id = x.int32();
          x.int64();
          x.skipTags();
          return id;
        };
        result.voters = p.compactArray(replica) ?? [];
        p.compactArray(replica);
        p.skipTags();
      });
      t.skipTags();
    });
    return result;
  });
}

export interface DescribedConsumerGroupMember {
  memberId: string;
  instanceId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  assignment: Array<{ topic: string; partitions: number[] }>;
  targetAssignment: Array<{ topic: string; partitions: number[] }>;
}

export interface DescribedConsumerGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  state: string;
  assignmentEpoch: number;
  assignorName: string;
  members: DescribedConsumerGroupMember[];
}

/** ConsumerGroupDescribe v0 (KIP-848): groups of the consumer protocol, which DescribeGroups does not see. */
export function consumerGroupDescribe(groupIds: string[]): WireRequest<DescribedConsumerGroup[]> {
  const body = new Writer().compactArray(groupIds, (w, id) => w.compactString(id)).bool(false).tags();
  const assignment = (r: Reader) => {
    const topics = r.compactArray((t) => {
      t.uuid();
      const topic = { topic: t.compactString() ?? '', partitions: t.compactArray(int32) ?? [] };
      t.skipTags();
      return topic;
    }) ?? [];
    r.skipTags();
    return topics;
  };
  return wireRequest('ConsumerGroupDescribe', ApiKey.ConsumerGroupDescribe, 0, true, body, (r) => {
    r.int32(); // throttle time
    return r.compactArray((g) => {
      const errorCode = g.int16();
      const errorMessage = g.compactString();
      const groupId = g.compactString() ?? '';
      const state = g.compactString() ?? '';
      g.int32(); // group epoch
      const assignmentEpoch = g.int32(); // the target assignment's epoch
      const group: DescribedConsumerGroup = {
        errorCode,
        errorMessage,
        groupId,
        state,
        assignmentEpoch,
        assignorName: g.compactString() ?? '',
        members: g.compactArray((m) => {
          const memberId = m.compactString() ?? '';
          const instanceId = m.compactString();
          m.compactString(); // rack
          const memberEpoch = m.int32();
          const clientId = m.compactString() ?? '';
          const clientHost = m.compactString() ?? '';
          m.compactArray((x) => x.compactString()); // subscribed topic names
          m.compactString(); // subscribed topic regex
          const member = { memberId, instanceId, memberEpoch, clientId, clientHost, assignment: assignment(m), targetAssignment: assignment(m) };
          m.skipTags();
          return member;
        }) ?? [],
      };
      g.int32(); // authorized operations
      g.skipTags();
      return group;
    }) ?? [];
  });
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  state: string;
  type: string;
}

/** ListGroups v5 (Kafka 3.8+): every group the broker coordinates, with its state and type. */
export function listGroupsV5(): WireRequest<{ errorCode: number; groups: ListedGroup[] }> {
  const body = new Writer().compactArray([], () => undefined).compactArray([], () => undefined).tags();
  return wireRequest('ListGroups', ApiKey.ListGroups, 5, true, body, (r) => {
    r.int32(); // throttle time
    const errorCode = r.int16();
    const groups = r.compactArray((g) => {
      const group = { groupId: g.compactString() ?? '', protocolType: g.compactString() ?? '', state: g.compactString() ?? '', type: g.compactString() ?? '' };
      g.skipTags();
      return group;
    }) ?? [];
    return { errorCode, groups };
  });
}

export interface DescribedLogDir {
  errorCode: number;
  path: string;
  partitions: Array<{ topic: string; partition: number; sizeBytes: number; offsetLag: number; future: boolean }>;
  /** v4+ (Kafka 3.3+); -1 before. */
  totalBytes: number;
  usableBytes: number;
}

/** The newest DescribeLogDirs we speak: v4 adds the volume's total and usable bytes. */
export const DESCRIBE_LOG_DIRS = { min: 1, max: 4 } as const;

/** DescribeLogDirs for every topic (null list) of the broker it is sent to. v2+ are flexible. */
export function describeLogDirs(version: number): WireRequest<{ errorCode: number; logDirs: DescribedLogDir[] }> {
  const flexible = version >= 2;
  const body = flexible ? new Writer().compactArray(null, () => undefined).tags() : new Writer().int32(-1);
  return wireRequest('DescribeLogDirs', ApiKey.DescribeLogDirs, version, flexible, body, (r) => {
    const array = <T>(each: (x: Reader) => T): T[] => (flexible ? r.compactArray(each) ?? [] : r.array(each));
    const str = (x: Reader) => (flexible ? x.compactString() : x.string()) ?? '';
    const list = <T>(x: Reader, each: (y: Reader) => T): T[] => (flexible ? x.compactArray(each) ?? [] : x.array(each));
    r.int32(); // throttle time
    const errorCode = version >= 3 ? r.int16() : 0;
    const logDirs = array((d) => {
      const dir: DescribedLogDir = { errorCode: d.int16(), path: str(d), partitions: [], totalBytes: -1, usableBytes: -1 };
      for (const topic of list(d, (t) => {
        const name = str(t);
        const partitions = list(t, (p) => {
          const partition = { topic: name, partition: p.int32(), sizeBytes: Number(p.int64()), offsetLag: Number(p.int64()), future: p.bool() };
          if (flexible) p.skipTags();
          return partition;
        });
        if (flexible) t.skipTags();
        return partitions;
      })) dir.partitions.push(...topic);
      if (version >= 4) {
        dir.totalBytes = Number(d.int64());
        dir.usableBytes = Number(d.int64());
      }
      if (flexible) d.skipTags();
      return dir;
    });
    if (flexible) r.skipTags();
    return { errorCode, logDirs };
  });
}
