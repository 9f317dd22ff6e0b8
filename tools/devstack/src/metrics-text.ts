// Reading a Prometheus text exposition (`GET /metrics`) in tests: the services', and the
// playground's Istio metrics.

/** One sample: `name{label="value",...} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a `/metrics` answer, comments left out. */
export function parseMetrics(text: string): Sample[] {
  return text.split("\n").flatMap((line) => {
    const match = SAMPLE.exec(line);
    if (!match) return [];
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key!] = value!;
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

/** The value of the one sample named `name` with exactly these labels; undefined if none. */
export function sample(
  text: string,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const wanted = Object.entries(labels);
  return parseMetrics(text).find(
    (found) =>
      found.name === name &&
      Object.keys(found.labels).length === wanted.length &&
      wanted.every(([key, value]) => found.labels[key] === value),
  )?.value;
}

/** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  return parseMetrics(text)
    .filter(
      (found) =>
        found.name === name &&
        Object.entries(labels).every(([key, value]) => found.labels[key] === value),
    )
    .reduce((sum, found) => sum + found.value, 0);
}
