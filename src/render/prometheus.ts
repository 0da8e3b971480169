/** The Prometheus text exposition format (version 0.0.4): what a scraper and node_exporter's textfile collector read. */

export interface Sample {
  labels: Record<string, string | number>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  /** `untyped` is a gauge to Prometheus, and is exempt from the lint against names ending in _sum, _count or _bucket. */
  type: 'gauge' | 'counter' | 'untyped';
  samples: Sample[];
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function sampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Every family with its HELP and TYPE lines, even one without samples (a dashboard still finds the name). */
export function renderPrometheus(families: MetricFamily[]): string {
  let out = '';
  for (const f of families) {
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
      out += `${f.name}${labels.length ? `{${labels.join(',')}}` : ''} ${sampleValue(s.value)}\n`;
    }
  }
  return out;
}
