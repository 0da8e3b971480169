import { describe, expect, it } from 'vitest';
import { javaDouble, kafkaQuotaText, kafkaResourceText, quotaEntityText } from '../../src/commands/configs/kafka-text.js';
import { configsOptions, parseAddConfig, type ConfigsFlags } from '../../src/commands/configs/options.js';
import { parseScramCredential } from '../../src/commands/configs/run.js';

const flags = (over: Partial<ConfigsFlags>): ConfigsFlags => ({
  describe: false,
  alter: false,
  all: false,
  entityTypes: [],
  entityNames: [],
  entityDefault: false,
  shorthands: [],
  addConfig: undefined,
  addConfigFile: undefined,
  deleteConfig: [],
  output: 'table',
  ...over,
});

describe('kafka-configs arguments', () => {
  it('--add-config splits on commas outside brackets, drops the brackets, keeps empty values', () => {
    expect(parseAddConfig('retention.ms=1000, cleanup.policy=[compact,delete],ssl.endpoint.identification.algorithm=')).toEqual([
      ['retention.ms', '1000'],
      ['cleanup.policy', 'compact,delete'],
      ['ssl.endpoint.identification.algorithm', ''],
    ]);
    expect(parseAddConfig('SCRAM-SHA-256=[iterations=8192,password=a=b]')).toEqual([['SCRAM-SHA-256', 'iterations=8192,password=a=b']]);
    expect(() => parseAddConfig('novalue')).toThrow(/all configs to be added must be in the format "key=val"/);
  });

  it('shorthand flags and --entity-* name the same entities; a user and a client go together', () => {
    expect(configsOptions(flags({ describe: true, shorthands: [{ type: 'topics', name: 'orders' }] })).entities).toEqual([{ type: 'topics', name: 'orders' }]);
    expect(configsOptions(flags({ describe: true, entityTypes: ['brokers'], entityDefault: true })).entities).toEqual([{ type: 'brokers', name: '' }]);
    expect(configsOptions(flags({ describe: true, entityTypes: ['users', 'clients'], entityNames: ['alice'] })).entities).toEqual([
      { type: 'users', name: 'alice' },
      { type: 'clients', name: null },
    ]);
    const alter = configsOptions(flags({ alter: true, shorthands: [{ type: 'users', name: 'alice' }, { type: 'clients', name: '' }], addConfig: 'producer_byte_rate=1,producer_byte_rate=2' }));
    expect(alter.entities).toEqual([
      { type: 'users', name: 'alice' },
      { type: 'clients', name: '' },
    ]);
    expect(alter.add).toEqual([['producer_byte_rate', '2']]);
  });

  it.each([
    [{ describe: true, alter: true }, /exactly one action/],
    [{ describe: true, entityTypes: ['topics', 'brokers'] }, /Only 'users' and 'clients' entity types may be specified together/],
    [{ describe: true, entityTypes: ['queues'] }, /Invalid entity type queues/],
    [{ describe: true, entityTypes: ['topics'], entityDefault: true }, /--entity-default must not be specified with --describe of topics/],
    [{ describe: true, entityTypes: ['broker-loggers'] }, /An entity name must be specified with --describe of broker-loggers/],
    [{ alter: true, entityTypes: ['topics'], addConfig: 'a=1' }, /An entity name must be specified for every entity type/],
    [{ alter: true, shorthands: [{ type: 'topics' as const, name: 't' }], addConfig: 'a=1', addConfigFile: [['b', '2']] as Array<[string, string]> }, /Only one of --add-config or --add-config-file/],
    [{ alter: true, shorthands: [{ type: 'topics' as const, name: 't' }], addConfig: 'bad key=1' }, /Invalid character found for config key: bad key/],
    [{ describe: true, shorthands: [{ type: 'topics' as const, name: 't' }], deleteConfig: ['x'] }, /--describe does not take/],
  ])('refused as Kafka refuses it: %j', (over, message) => {
    expect(() => configsOptions(flags(over))).toThrow(message);
  });

  it('SCRAM credentials: iterations default to 4096 and may not go below it', () => {
    expect(parseScramCredential('SCRAM-SHA-512', 'password=p,w')).toEqual({ iterations: 4096, password: 'p,w' });
    expect(parseScramCredential('SCRAM-SHA-256', 'iterations=-1,password=x')).toEqual({ iterations: 4096, password: 'x' });
    expect(() => parseScramCredential('SCRAM-SHA-256', 'iterations=4095,password=x')).toThrow('Iterations 4095 is less than the minimum 4096 required for SCRAM-SHA-256');
    expect(() => parseScramCredential('SCRAM-SHA-256', 'pass=x')).toThrow('Invalid credential property SCRAM-SHA-256=pass=x');
  });
});

describe('kafka-configs text', () => {
  it('numbers as Java prints a double', () => {
    expect([1048576, 2e7, 50.5, 0, 1e-4, 123456789.5, 10].map(javaDouble)).toEqual(['1048576.0', '2.0E7', '50.5', '0.0', '1.0E-4', '1.234567895E8', '10.0']);
  });

  it('entities and quota lines in the order of Kafka’s HashMaps', () => {
    expect(quotaEntityText({ user: 'alice', 'client-id': null })).toBe("user-principal 'alice', the default client-id");
    const text = kafkaQuotaText(
      [
        { entity: { user: 'alice' }, values: [['producer_byte_rate', 1048576], ['consumer_byte_rate', 2e7]] },
        { entity: { user: null }, values: [['producer_byte_rate', 2000]] },
      ],
      [{ user: 'alice', credentials: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }], error: null }],
    );
    // As ConfigCommand printed them for the same quotas on Kafka 4.4.
    expect(text).toBe(
      [
        'Quota configs for the default user-principal are producer_byte_rate=2000.0',
        "Quota configs for user-principal 'alice' are consumer_byte_rate=2.0E7, producer_byte_rate=1048576.0",
        "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192",
        '',
      ].join('\n'),
    );
  });

  it('a resource block: header, then each entry with its synonyms', () => {
    expect(
      kafkaResourceText('Dynamic configs for topic t are:', [
        { name: 'retention.ms', value: '1000', source: 'DYNAMIC_TOPIC_CONFIG', readOnly: false, sensitive: false, synonyms: [{ name: 'retention.ms', value: '1000', source: 'DYNAMIC_TOPIC_CONFIG' }, { name: 'log.retention.hours', value: '168', source: 'DEFAULT_CONFIG' }] },
      ]),
    ).toBe('Dynamic configs for topic t are:\n  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, DEFAULT_CONFIG:log.retention.hours=168}\n');
  });
});
