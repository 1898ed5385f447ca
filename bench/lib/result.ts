/**
 * Every benchmark ends with one machine-readable line:
 *   RESULT <name> <metric>=<value> baseline=<value> ratio=<value> target=<value>
 * `ratio` is value / baseline, both measured in the same run (these machines are noisy).
 */
export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  baseline: number;
  /** The target, expressed on the ratio (e.g. ≥ 0.6) or, with `targetOn: 'value'`, on the value. */
  target: string;
  notes?: Record<string, string | number>;
}

const round = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4));

export function reportResult(result: BenchResult): void {
  const ratio = result.baseline === 0 ? NaN : result.value / result.baseline;
  for (const [key, value] of Object.entries(result.notes ?? {})) console.log(`  ${key}: ${value}`);
  console.log(`${result.name}: ${result.metric} ${round(result.value)} vs baseline ${round(result.baseline)} → ratio ${round(ratio)} (target ${result.target})`);
  console.log(`RESULT ${result.name} ${result.metric}=${round(result.value)} baseline=${round(result.baseline)} ratio=${round(ratio)} target=${result.target}`);
}

/** Percentile of a list of numbers (0–100). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}
