import { pbkdf2Sync, randomBytes } from 'node:crypto';
import type {
  ConfigEntry,
  ConfigOp,
  ConfigOps,
  ConfigResource,
  ConfigSource,
  QuotaEntity,
  QuotaEntityType,
  QuotaOps,
  ScramChange,
  ScramMechanism,
  ScramOps,
  ScramUser,
} from '../client.js';
import { failed } from '../errors.js';
import type { AdapterContext, BrokerFinder } from './context.js';
import type { InternalBroker } from './load.js';
import { brokerRefusal, errorKindOf, whileBrokersSettle } from './errors.js';
import {
  alterClientQuotas,
  alterUserScramCredentials,
  ApiKey,
  commonVersion,
  ConfigOperation,
  ConfigResourceType,
  DESCRIBE_CONFIGS,
  describeClientQuotas,
  describeConfigs,
  describeUserScramCredentials,
  errorText,
  errorType,
  incrementalAlterConfigs,
  LIST_CONFIG_RESOURCES,
  listConfigResources,
  QuotaMatch,
  ScramMechanismCode,
} from './requests.js';

const CONFIG_SOURCES: Record<number, ConfigSource> = {
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
  7: 'DYNAMIC_CLIENT_METRICS_CONFIG',
  8: 'DYNAMIC_GROUP_CONFIG',
};

const RESOURCE_CODES: Record<ConfigResource['type'], number> = {
  topic: ConfigResourceType.TOPIC,
  broker: ConfigResourceType.BROKER,
  'broker-logger': ConfigResourceType.BROKER_LOGGER,
  group: ConfigResourceType.GROUP,
  'client-metrics': ConfigResourceType.CLIENT_METRICS,
};

/** A broker's (or its loggers') own configs live on that broker; the rest, and the brokers' default, any broker answers. */
function brokerFor(resource: ConfigResource, brokers: BrokerFinder): Promise<InternalBroker> {
  const own = (resource.type === 'broker' || resource.type === 'broker-logger') && resource.name !== '';
  return own ? brokers.broker(Number(resource.name)) : brokers.anyBroker();
}

/** The version to speak with this broker, or why there is none. */
export function versionFor(broker: InternalBroker, apiKey: number, ours: { min: number; max: number }, what: string): number {
  const version = commonVersion(broker.versions, apiKey, ours);
  if (version === null) throw failed(`this cluster does not support ${what}`);
  return version;
}

export function configOps(ctx: AdapterContext, brokers: BrokerFinder): ConfigOps {
  return {
    async describe(resource: ConfigResource): Promise<ConfigEntry[]> {
      const answer = await whileBrokersSettle(brokers.deadline, async () => {
        const broker = await brokerFor(resource, brokers);
        const version = versionFor(broker, ApiKey.DescribeConfigs, DESCRIBE_CONFIGS, 'DescribeConfigs v1 (Kafka 1.1+)');
        return ctx.run(broker.connectionPool.send(describeConfigs(version, [{ type: RESOURCE_CODES[resource.type], name: resource.name }], true)));
      });
      const described = answer[0];
      if (!described) return [];
      if (described.errorCode) throw brokerRefusal(described.errorCode, described.errorMessage);
      return described.configs.map((c) => ({
        name: c.name,
        value: c.value,
        source: CONFIG_SOURCES[c.source] ?? 'UNKNOWN',
        readOnly: c.readOnly,
        sensitive: c.sensitive,
        synonyms: c.synonyms.map((y) => ({ name: y.name, value: y.value, source: CONFIG_SOURCES[y.source] ?? 'UNKNOWN' })),
      }));
    },

    async alter(resource: ConfigResource, ops: ConfigOp[]): Promise<void> {
      const broker = await brokerFor(resource, brokers);
      if (!broker.versions[ApiKey.IncrementalAlterConfigs]) throw failed('this broker does not support IncrementalAlterConfigs (Kafka 2.3+ is needed to change single configs)');
      const configs = ops.map((o) => (o.op === 'set' ? { name: o.name, op: ConfigOperation.SET, value: o.value } : { name: o.name, op: ConfigOperation.DELETE, value: null }));
      const results = await ctx.run(broker.connectionPool.send(incrementalAlterConfigs([{ type: RESOURCE_CODES[resource.type], name: resource.name, configs }])));
      for (const r of results) if (r.errorCode) throw brokerRefusal(r.errorCode, r.errorMessage);
    },

    async resources(type: 'group' | 'client-metrics'): Promise<string[] | null> {
      const broker = await brokers.anyBroker();
      // v0 lists client-metrics resources only.
      const version = commonVersion(broker.versions, ApiKey.ListConfigResources, { min: type === 'group' ? 1 : 0, max: LIST_CONFIG_RESOURCES.max });
      if (version === null) return null;
      const answer = await ctx.run(broker.connectionPool.send(listConfigResources(version, version >= 1 ? [RESOURCE_CODES[type]] : [])));
      if (answer.errorCode) {
        if (errorKindOf(errorType(answer.errorCode)) === 'auth') return null;
        throw brokerRefusal(answer.errorCode, null);
      }
      return answer.resources.filter((r) => version === 0 || r.type === RESOURCE_CODES[type]).map((r) => r.name);
    },
  };
}

const QUOTA_TYPES: QuotaEntityType[] = ['user', 'client-id', 'ip'];

function toQuotaEntity(parts: Array<{ type: string; name: string | null }>): QuotaEntity {
  const entity: QuotaEntity = {};
  for (const p of parts) if ((QUOTA_TYPES as string[]).includes(p.type)) entity[p.type as QuotaEntityType] = p.name;
  return entity;
}

export function quotaOps(ctx: AdapterContext, brokers: BrokerFinder): QuotaOps {
  return {
    async describe(filter, strict) {
      const broker = await brokers.anyBroker();
      const version = versionFor(broker, ApiKey.DescribeClientQuotas, { min: 0, max: 1 }, 'client quotas (DescribeClientQuotas, Kafka 2.6+)');
      const components = filter.map((f) =>
        f.name === undefined ? { entityType: f.type, matchType: QuotaMatch.ANY, match: null } : f.name === null ? { entityType: f.type, matchType: QuotaMatch.DEFAULT, match: null } : { entityType: f.type, matchType: QuotaMatch.EXACT, match: f.name },
      );
      const answer = await ctx.run(broker.connectionPool.send(describeClientQuotas(version, components, strict)));
      if (answer.errorCode) throw brokerRefusal(answer.errorCode, answer.errorMessage);
      return answer.entries.map((e) => ({ entity: toQuotaEntity(e.entity), values: e.values.map((v) => [v.key, v.value] as [string, number]) }));
    },

    async alter(entity, changes) {
      const broker = await brokers.anyBroker();
      const version = versionFor(broker, ApiKey.AlterClientQuotas, { min: 0, max: 1 }, 'client quotas (AlterClientQuotas, Kafka 2.6+)');
      const parts = QUOTA_TYPES.filter((t) => entity[t] !== undefined).map((t) => ({ type: t, name: entity[t] ?? null }));
      const results = await ctx.run(broker.connectionPool.send(alterClientQuotas(version, parts, changes.map(([key, value]) => ({ key, value })))));
      for (const r of results) if (r.errorCode) throw brokerRefusal(r.errorCode, r.errorMessage);
    },
  };
}

const MECHANISMS: Record<number, ScramMechanism> = { 1: 'SCRAM-SHA-256', 2: 'SCRAM-SHA-512' };
const HASHES: Record<ScramMechanism, { digest: string; bytes: number }> = { 'SCRAM-SHA-256': { digest: 'sha256', bytes: 32 }, 'SCRAM-SHA-512': { digest: 'sha512', bytes: 64 } };

/** RFC 5802's SaltedPassword := Hi(password, salt, i): what the broker keeps (with the salt), as Kafka's admin client computes it. */
export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const { digest, bytes } = HASHES[mechanism];
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, bytes, digest);
}

export function scramOps(ctx: AdapterContext, brokers: BrokerFinder): ScramOps {
  return {
    async describe(users?: string[]): Promise<ScramUser[]> {
      const broker = await brokers.anyBroker();
      versionFor(broker, ApiKey.DescribeUserScramCredentials, { min: 0, max: 0 }, 'SCRAM credentials (DescribeUserScramCredentials, Kafka 2.7+)');
      const answer = await ctx.run(broker.connectionPool.send(describeUserScramCredentials(users?.length ? users : null)));
      if (answer.errorCode) throw brokerRefusal(answer.errorCode, answer.errorMessage);
      // A user named here without credentials is not one of them (as Kafka's admin client reads it).
      return answer.results.filter((r) => errorType(r.errorCode) !== 'RESOURCE_NOT_FOUND').map((r) => ({
        user: r.user,
        credentials: r.credentials.map((c) => ({ mechanism: MECHANISMS[c.mechanism] ?? ('SCRAM-SHA-256' as const), iterations: c.iterations })),
        error: r.errorCode ? r.errorMessage || errorText(r.errorCode) : null,
      }));
    },

    async alter(changes: ScramChange[]): Promise<void> {
      const broker = await brokers.anyBroker();
      versionFor(broker, ApiKey.AlterUserScramCredentials, { min: 0, max: 0 }, 'SCRAM credentials (AlterUserScramCredentials, Kafka 2.7+)');
      const deletions = changes.filter((c) => c.op === 'delete').map((c) => ({ name: c.user, mechanism: ScramMechanismCode[c.mechanism] }));
      const upsertions = changes.flatMap((c) => {
        if (c.op !== 'upsert') return [];
        const salt = randomBytes(32);
        return [{ name: c.user, mechanism: ScramMechanismCode[c.mechanism], iterations: c.iterations, salt, saltedPassword: saltedPassword(c.mechanism, c.password, salt, c.iterations) }];
      });
      const results = await ctx.run(broker.connectionPool.send(alterUserScramCredentials(deletions, upsertions)));
      for (const r of results) if (r.errorCode) throw brokerRefusal(r.errorCode, r.errorMessage);
    },
  };
}
