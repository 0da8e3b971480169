import type { FeatureMetadata, FeatureUpdate, FeatureUpdateOutcome, KafkaClient } from '../../core/client.js';
import { CliError } from '../../core/errors.js';
import { writeOut, type IO } from '../../render/io.js';
import { renderCsv, renderJson, renderTable, type Column, type OutputFormat } from '../../render/print.js';
import { kafkaFeatureLevelText, metadataVersionName, releaseFeatureLevels } from '../cluster/kafka-release.js';

export type FeaturesOptions =
  | { action: 'describe'; output: OutputFormat }
  | {
      action: 'upgrade' | 'downgrade' | 'disable';
      updates: FeatureUpdate[];
      dryRun: boolean;
      /** --metadata was used: Kafka deprecates it (and says so on stdout). */
      deprecatedMetadataFlag: boolean;
      output: OutputFormat;
    };

/** version-mapping: the levels a release version sets (Kafka 4.4's knowledge, as its tool has it; no cluster). */
export interface VersionMappingOptions {
  metadataLevel: number;
  output: OutputFormat;
}

interface FeatureRow {
  name: string;
  supportedMin: number;
  supportedMax: number;
  /** 0 when not finalized, as Kafka counts it. */
  finalized: number;
}

function featureRows(metadata: FeatureMetadata): FeatureRow[] {
  // Java's natural String order (UTF-16 code units), as FeatureCommand sorts.
  return [...metadata.supported]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => ({ name: f.name, supportedMin: f.minVersion, supportedMax: f.maxVersion, finalized: metadata.finalized.find((x) => x.name === f.name)?.level ?? 0 }));
}

/** FeatureCommand's describe lines. */
export function kafkaDescribeText(metadata: FeatureMetadata): string {
  const text = kafkaFeatureLevelText;
  return featureRows(metadata)
    .map(
      (f) =>
        `Feature: ${f.name.padEnd(40)}  SupportedMinVersion: ${text(f.name, f.supportedMin).padEnd(15)}  SupportedMaxVersion: ${text(f.name, f.supportedMax).padEnd(15)}  FinalizedVersionLevel: ${text(f.name, f.finalized).padEnd(15)}  Epoch: ${metadata.epoch ?? '-'}\n`,
    )
    .join('');
}

/** FeatureCommand's version-mapping lines. */
export function kafkaVersionMappingText(metadataLevel: number): string {
  return releaseFeatureLevels(metadataLevel)
    .map(([feature, level]) => (feature === 'metadata.version' ? `metadata.version=${level} (${metadataVersionName(level)})\n` : `${feature}=${level}\n`))
    .join('');
}

const VERBS = { upgrade: 'upgraded', downgrade: 'downgraded', disable: 'disabled' } as const;

/** FeatureCommand's line for each outcome, by feature name. */
export function kafkaUpdateLines(action: 'upgrade' | 'downgrade' | 'disable', outcomes: FeatureUpdateOutcome[], updates: FeatureUpdate[], dryRun: boolean): string {
  const levelOf = (name: string) => updates.find((u) => u.name === name)!.level;
  return [...outcomes]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((o) => {
      if (o.error) {
        const what = action === 'disable' ? `disable ${o.name}` : `${action} ${o.name} to ${levelOf(o.name)}`;
        return `${dryRun ? 'Can not' : 'Could not'} ${what}. ${o.error.message}\n`;
      }
      return `${o.name}${dryRun ? ' can be ' : ' was '}${action === 'disable' ? 'disabled.' : `${VERBS[action]} to ${levelOf(o.name)}.`}\n`;
    })
    .join('');
}

/** feature-dependencies: what each feature level needs (Kafka 4.4's knowledge; no cluster). */
export interface FeatureDependenciesOptions {
  features: Array<{ name: string; level: number; requires: Array<[string, number]> }>;
  output: OutputFormat;
}

const named = (feature: string, level: number) => (feature === 'metadata.version' ? `${feature}=${level} (${metadataVersionName(level)})` : `${feature}=${level}`);

/** FeatureCommand's feature-dependencies lines. */
export function kafkaDependenciesText(o: FeatureDependenciesOptions): string {
  return o.features
    .map((f) => (f.requires.length === 0 ? `${named(f.name, f.level)} has no dependencies.\n` : `${named(f.name, f.level)} requires:\n${f.requires.map(([d, l]) => `    ${named(d, l)}\n`).join('')}`))
    .join('');
}

export async function runFeatureDependencies(o: FeatureDependenciesOptions, io: IO): Promise<number> {
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ features: o.features.map((f) => ({ name: f.name, level: f.level, requires: f.requires.map(([name, level]) => ({ name, level })) })) }));
  else if (o.output === 'csv') {
    type Row = { feature: string; level: number; requires: string | null; requiredLevel: number | null };
    const rows = o.features.flatMap((f): Row[] =>
      f.requires.length ? f.requires.map(([d, l]) => ({ feature: f.name, level: f.level, requires: d, requiredLevel: l })) : [{ feature: f.name, level: f.level, requires: null, requiredLevel: null }],
    );
    const columns: Column<Row>[] = [
      { header: 'FEATURE', value: (r) => r.feature },
      { header: 'LEVEL', value: (r) => r.level },
      { header: 'REQUIRES', value: (r) => r.requires },
      { header: 'REQUIRED-LEVEL', value: (r) => r.requiredLevel },
    ];
    await writeOut(io.stdout, renderCsv(columns, rows));
  } else await writeOut(io.stdout, kafkaDependenciesText(o));
  return 0;
}

export async function runVersionMapping(o: VersionMappingOptions, io: IO): Promise<number> {
  const levels = releaseFeatureLevels(o.metadataLevel);
  if (o.output === 'json') await writeOut(io.stdout, renderJson({ releaseVersion: metadataVersionName(o.metadataLevel), features: levels.map(([name, level]) => ({ name, level })) }));
  else if (o.output === 'csv') await writeOut(io.stdout, renderCsv<[string, number]>([{ header: 'FEATURE', value: (r) => r[0] }, { header: 'LEVEL', value: (r) => r[1] }], levels));
  else await writeOut(io.stdout, kafkaVersionMappingText(o.metadataLevel));
  return 0;
}

export async function runFeatures(o: FeaturesOptions, client: KafkaClient, io: IO): Promise<number> {
  if (o.action === 'describe') {
    const metadata = await client.cluster.features();
    if (o.output === 'kafka') {
      await writeOut(io.stdout, kafkaDescribeText(metadata));
      return 0;
    }
    const rows = featureRows(metadata);
    if (o.output === 'json') {
      await writeOut(io.stdout, renderJson({ epoch: metadata.epoch, features: rows.map((f) => ({ ...f, ...(f.name === 'metadata.version' ? { finalizedName: metadataVersionName(f.finalized) } : {}) })) }));
      return 0;
    }
    const named = (f: FeatureRow, level: number) => (f.name === 'metadata.version' && o.output === 'table' ? `${level} (${metadataVersionName(level)})` : level);
    const columns: Column<FeatureRow>[] = [
      { header: 'FEATURE', value: (f) => f.name },
      { header: 'FINALIZED', value: (f) => named(f, f.finalized), style: (f) => (f.finalized < f.supportedMax ? 'yellow' : undefined) },
      { header: 'SUPPORTED-MIN', value: (f) => named(f, f.supportedMin) },
      { header: 'SUPPORTED-MAX', value: (f) => named(f, f.supportedMax) },
      { header: 'EPOCH', value: () => metadata.epoch, align: 'right' },
    ];
    await writeOut(io.stdout, o.output === 'csv' ? renderCsv(columns, rows) : await renderTable(io, columns, rows));
    return 0;
  }
  if (o.deprecatedMetadataFlag) {
    if (o.output === 'kafka') await writeOut(io.stdout, ' `metadata` flag is deprecated and may be removed in a future release.\n');
    else io.stderr.write('warning: --metadata is deprecated (as in Kafka) and may be removed: use --release-version or --feature metadata.version=N\n');
  }
  const outcomes = await client.cluster.updateFeatures(o.updates, o.dryRun);
  if (o.output === 'json') {
    await writeOut(io.stdout, renderJson({ dryRun: o.dryRun, results: outcomes.map((r) => ({ feature: r.name, level: o.updates.find((u) => u.name === r.name)!.level, error: r.error?.message ?? null })) }));
  } else {
    await writeOut(io.stdout, kafkaUpdateLines(o.action, outcomes, o.updates, o.dryRun));
  }
  const failed = outcomes.filter((r) => r.error);
  if (failed.length) throw new CliError(failed[0]!.error!.kind, `${failed.length} out of ${outcomes.length} operation(s) failed.`, undefined, failed[0]!.error!);
  return 0;
}
