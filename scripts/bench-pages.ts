/** Shared by the benches of paged reads (the public register, the listing search): percentiles and a timed run of pages. */

export function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/**
 * `count` pages asked one at a time, taking the filters in turn; `one` answers a page's total. Returns the percentiles of
 * the times, the pages per second, and the totals seen per filter (two runs over the same data compare them).
 */
export async function timePages(filters: Array<Record<string, string>>, count: number, one: (filter: Record<string, string>) => Promise<number>) {
  const ms: number[] = [];
  const totals = new Set<string>();
  for (let i = 0; i < count; i++) {
    const filter = filters[i % filters.length]!;
    const t0 = performance.now();
    totals.add(`${JSON.stringify(filter)}=${await one(filter)}`);
    ms.push(performance.now() - t0);
  }
  return { ...percentiles(ms), perSecond: (1000 * count) / ms.reduce((a, b) => a + b, 0), totals: [...totals].sort().join(', ') };
}
