import { usage } from '../../core/errors.js';
import type { OutputFormat } from '../../render/print.js';

/** Kafka's entity types (ConfigCommand's `--entity-type` values). */
export const ENTITY_TYPES = ['topics', 'clients', 'users', 'brokers', 'broker-loggers', 'ips', 'client-metrics', 'groups'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** `name`: an entity; '' its type's default entity (--entity-default); null every entity of the type (describe only). */
export interface EntityRef {
  type: EntityType;
  name: string | null;
}

export interface ConfigsOptions {
  action: 'describe' | 'alter';
  /** One entity, or a user and a client together (in the order given, as Kafka keeps them). */
  entities: EntityRef[];
  /** --describe --all: every config, not only the dynamic ones. */
  all: boolean;
  /** In the order given; a later key replaces an earlier one. */
  add: Array<[string, string]>;
  delete: string[];
  output: OutputFormat;
}

/** What the command line said, before Kafka's rules are applied (src/cli/configs.ts reads it from yargs). */
export interface ConfigsFlags {
  describe: boolean;
  alter: boolean;
  all: boolean;
  entityTypes: string[];
  entityNames: string[];
  entityDefault: boolean;
  /** The shorthand flags (`--topic`, `--user-defaults` …), each as its entity: '' for a -defaults flag. */
  shorthands: Array<{ type: EntityType; name: string }>;
  addConfig: string | undefined;
  /** Parsed --add-config-file, in file order. */
  addConfigFile: Array<[string, string]> | undefined;
  deleteConfig: string[];
  output: OutputFormat;
}

/**
 * --add-config 'k1=v1,k2=[a,b],k3=': commas split pairs except inside brackets, which group a
 * value's commas and are dropped (ConfigCommand.parseConfigsToBeAdded).
 */
export function parseAddConfig(text: string): Array<[string, string]> {
  const lookahead = '(?=[^\\]]*(?:\\[|$))';
  const pairs = text.split(new RegExp(`,${lookahead}`)).map((part) => part.split(new RegExp(`\\s*=\\s*${lookahead}`)));
  if (pairs.some((p) => p.length !== 2)) {
    throw usage('Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.', "e.g. --add-config 'retention.ms=86400000,cleanup.policy=[compact,delete]'");
  }
  return pairs.map(([k, v]) => [k!.trim(), v!.replace(/\[?\]?/g, '').trim()]);
}

function checkKeys(pairs: Array<[string, string]>): void {
  // '$' is allowed for loggers of inner classes (…ClientQuotaManager$ThrottledChannelReaper).
  const bad = pairs.find(([k]) => !/^[$a-zA-Z0-9._-]*$/.test(k));
  if (bad) throw usage(`Invalid character found for config key: ${bad[0]}`);
}

/** ConfigCommandOptions.checkArgs, and the checks its alter and describe make before asking the cluster. */
export function configsOptions(f: ConfigsFlags): ConfigsOptions {
  if (Number(f.describe) + Number(f.alter) !== 1) throw usage('Command must include exactly one action: --describe, --alter');
  if (f.describe && (f.addConfig !== undefined || f.addConfigFile !== undefined || f.deleteConfig.length)) {
    throw usage('--describe does not take --add-config, --add-config-file or --delete-config', 'use --alter to change configs');
  }
  if (f.alter && f.all) throw usage('--all is for --describe');

  const usesGeneric = f.entityTypes.length > 0 || f.entityNames.length > 0 || f.entityDefault;
  if (usesGeneric && f.shorthands.length) throw usage('--entity-{type,name,default} should not be used in conjunction with specific entity flags');
  const types = usesGeneric ? f.entityTypes : f.shorthands.map((s) => s.type);
  const unknown = types.find((t) => !(ENTITY_TYPES as readonly string[]).includes(t));
  if (unknown !== undefined) throw usage(`Invalid entity type ${unknown}, the entity type must be one of ${ENTITY_TYPES.join(', ')}`);
  const duplicate = types.find((t, i) => types.indexOf(t) !== i);
  if (duplicate !== undefined) throw usage(`Duplicate entity type(s) specified: ${duplicate}`);
  if (types.length === 0) throw usage('At least one entity type must be specified', 'e.g. --topic T, --broker 1, --user U, or --entity-type topics --entity-name T');
  if (types.length > 1 && !(types.length === 2 && types.includes('users') && types.includes('clients'))) throw usage("Only 'users' and 'clients' entity types may be specified together");

  let names: string[];
  if (usesGeneric) {
    if (f.entityDefault && f.entityNames.length && types.length > 1) {
      throw usage('a user and a client with --entity-default: say which is the default with --user-defaults or --client-defaults', 'e.g. --user alice --client-defaults');
    }
    names = [...f.entityNames, ...(f.entityDefault ? [''] : [])];
  } else names = f.shorthands.map((s) => s.name);
  if (names.length > types.length) throw usage('More entity names specified than entity types');

  const typed = types as EntityType[];
  const hasName = names.some((n) => n !== '');
  const hasDefault = names.includes('');
  if (hasName && typed.some((t) => t === 'brokers' || t === 'broker-loggers')) {
    const bad = names.find((n) => n !== '' && !/^-?\d+$/.test(n));
    if (bad !== undefined) throw usage(`The entity name for ${typed[0]} must be a valid integer broker id, but it is: ${bad}`);
  }
  if (f.describe) {
    if (f.entityDefault && !typed.some((t) => t === 'users' || t === 'clients' || t === 'brokers' || t === 'ips')) throw usage(`--entity-default must not be specified with --describe of ${typed.join(',')}`);
    if (typed.includes('broker-loggers') && !hasName) throw usage(`An entity name must be specified with --describe of ${typed.join(',')}`, 'name a broker id: --broker-logger 1');
  }
  let add: Array<[string, string]> = [];
  if (f.alter) {
    if (names.length !== types.length) throw usage('An entity name must be specified for every entity type');
    if (typed.some((t) => t === 'users' || t === 'clients' || t === 'brokers' || t === 'ips')) {
      if (!hasName && !hasDefault) throw usage('An entity-name or default entity must be specified with --alter of users, clients, brokers or ips');
    } else if (!hasName) throw usage(`An entity name must be specified with --alter of ${typed.join(',')}`);
    if (f.addConfig !== undefined && f.addConfigFile !== undefined) throw usage('Only one of --add-config or --add-config-file must be specified');
    if (f.addConfig === undefined && f.addConfigFile === undefined && f.deleteConfig.length === 0) throw usage('At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter');
    add = f.addConfigFile ?? (f.addConfig !== undefined ? parseAddConfig(f.addConfig) : []);
    checkKeys(add);
  }
  const entities = typed.map((type, i) => ({ type, name: i < names.length ? names[i]! : null }));
  return { action: f.alter ? 'alter' : 'describe', entities, all: f.all, add: [...new Map(add)], delete: f.deleteConfig.map((k) => k.trim()), output: f.output };
}
