import type { Argv } from 'yargs';
import type { FeatureUpdate } from '../core/client.js';
import { usage } from '../core/errors.js';
import type { FeatureDependenciesOptions, FeaturesOptions, VersionMappingOptions } from '../commands/features/run.js';
import { featureDependencies, knownMetadataVersions, LATEST_PRODUCTION_METADATA_VERSION, metadataVersionLevel, releaseFeatureLevels } from '../commands/cluster/kafka-release.js';
import type { CliContext } from './context.js';
import { connectionFlags, last, outputFormat, strings, withConnectionFlags, withControllerFlag, withOutputFlag, type Args } from './shared-flags.js';

const ACTIONS = ['describe', 'upgrade', 'downgrade', 'disable', 'version-mapping', 'feature-dependencies'] as const;

export function featuresCommand(ctx: CliContext) {
  return {
    command: 'features [action]',
    describe: 'Feature flags: the levels in force, and upgrading or downgrading them (kafka-features)',
    builder: (y: Argv) =>
      withOutputFlag(withControllerFlag(withConnectionFlags(y)))
        .positional('action', { type: 'string', choices: ACTIONS, describe: 'describe | upgrade | downgrade | disable | version-mapping | feature-dependencies' })
        .option('feature', { type: 'string', describe: 'name=level to upgrade or downgrade to (repeatable); a name to disable' })
        .option('release-version', { type: 'string', describe: 'Set every feature to the levels of a metadata.version, e.g. 4.4-IV2 (see version-mapping)' })
        .option('metadata', { type: 'string', describe: 'Deprecated (as in Kafka): the metadata.version to set, e.g. 3.9-IV0' })
        .option('dry-run', { type: 'boolean', describe: 'Ask the controller whether it would, without changing anything' })
        .option('unsafe', { type: 'boolean', describe: 'downgrade/disable: even where metadata may be lost for good' })
        .example('$0 features describe', 'Each feature: the level in force and what the brokers support')
        .example('$0 features upgrade --release-version 4.4-IV2 --dry-run', 'Whether the cluster could move every feature to 4.4’s levels')
        .example('$0 features downgrade --feature group.version=0 --dry-run', 'Whether the new consumer group protocol could be turned off')
        .example('$0 features version-mapping --release-version 3.9-IV0', 'The levels a release version sets')
        .example('$0 features feature-dependencies --feature eligible.leader.replicas.version=1', 'What a feature level needs first'),
    handler: (args: Args) => ctx.finish(handle(ctx, args)),
  };
}

/** A metadata.version by name, with Kafka's message for one it does not know. */
function metadataLevel(name: string): number {
  const level = metadataVersionLevel(name);
  if (level === null) throw usage(`Unknown metadata.version '${name}'. Supported metadata.version are: ${knownMetadataVersions().join(', ')}`);
  return level;
}

/** Kafka's `feature=level`, with its messages. */
function parseFeatureLevel(text: string): [string, number] {
  const equals = text.indexOf('=');
  if (equals < 0) throw usage(`Can't parse feature=level string ${text}: equals sign not found.`);
  const name = text.slice(0, equals).trim();
  const levelText = text.slice(equals + 1).trim();
  const level = /^[+-]?\d+$/.test(levelText) ? Number(levelText) : NaN;
  if (!Number.isInteger(level) || level < -32768 || level > 32767) throw usage(`Can't parse feature=level string ${text}: unable to parse ${levelText} as a short.`);
  return [name, level];
}

export function featuresOptions(
  args: Args,
  kafkaToolName: boolean,
): FeaturesOptions | ({ action: 'version-mapping' } & VersionMappingOptions) | ({ action: 'feature-dependencies' } & FeatureDependenciesOptions) {
  const action = args.action as (typeof ACTIONS)[number] | undefined;
  if (action === undefined) throw usage('name an action: describe, upgrade, downgrade, disable, version-mapping or feature-dependencies', 'e.g. `kafka features describe`');
  const output = outputFormat(args, kafkaToolName);
  const releaseVersion = last(args['release-version']);
  const features = strings(args.feature);
  if (action === 'version-mapping') return { action, metadataLevel: releaseVersion === undefined ? LATEST_PRODUCTION_METADATA_VERSION : metadataLevel(releaseVersion), output };
  if (action === 'describe') return { action, output };
  if (action === 'feature-dependencies') {
    if (features.length === 0) throw usage('argument --feature is required');
    return {
      action,
      output,
      features: features.map((text) => {
        const [name, level] = parseFeatureLevel(text);
        const requires = featureDependencies(name, level);
        if ('unknown' in requires) throw usage(requires.unknown);
        return { name, level, requires };
      }),
    };
  }
  const dryRun = args['dry-run'] === true;
  const metadata = action === 'disable' ? undefined : last(args.metadata);
  const type: FeatureUpdate['type'] = action === 'upgrade' ? 'upgrade' : args.unsafe === true ? 'unsafe-downgrade' : 'safe-downgrade';
  // Later settings of a feature replace earlier ones, as in Kafka's map of updates.
  const updates = new Map<string, number>();
  if (action === 'disable') {
    for (const name of features) updates.set(name, 0);
  } else {
    if (releaseVersion !== undefined && features.length) throw usage('Can not specify `release-version` with other feature flags.');
    if (metadata !== undefined) updates.set('metadata.version', metadataLevel(metadata));
    if (releaseVersion !== undefined) {
      // An upgrade leaves out the features a release has at 0: there is nothing to upgrade them to.
      for (const [name, level] of releaseFeatureLevels(metadataLevel(releaseVersion))) if (action === 'downgrade' || level > 0) updates.set(name, level);
    }
    for (const feature of features) updates.set(...parseFeatureLevel(feature));
  }
  if (updates.size === 0) throw usage(`You must specify at least one feature to ${action}`);
  for (const [, level] of updates) {
    if (type === 'upgrade' && level < 1) throw usage(`The upgradeType flag should be set to SAFE_DOWNGRADE or UNSAFE_DOWNGRADE when the provided maxVersionLevel:${level} is < 1.`);
  }
  return { action, updates: [...updates].map(([name, level]) => ({ name, level, type })), dryRun, deprecatedMetadataFlag: metadata !== undefined, output };
}

async function handle(ctx: CliContext, args: Args): Promise<number> {
  const options = featuresOptions(args, ctx.kafkaToolName);
  const { runFeatureDependencies, runFeatures, runVersionMapping } = await import('../commands/features/run.js');
  if (options.action === 'version-mapping') return runVersionMapping(options, ctx.io);
  if (options.action === 'feature-dependencies') return runFeatureDependencies(options, ctx.io);
  return ctx.withClient(connectionFlags(args), (client) => runFeatures(options, client, ctx.io));
}
