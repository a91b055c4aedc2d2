/**
 * The indicator engine's speed: one figure (participants by country and gender) over N check-in
 * facts, against a baseline measured in the same run: a bare loop that filters the same facts and
 * counts them per group in a Map (what any engine must at least do).
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-reporting.js  (REPORTING_BENCH_FACTS, default 10000,100000)
 */
import { checkQuery, computeFigure, IndicatorQuery } from '../services/events/src/reporting/domain/engine';
import type { FactRecord } from '../services/events/src/reporting/domain/facts';
import { validateIndicatorConfig } from '../services/events/src/reporting/domain/indicator-config';
import programme from '../services/events/src/reporting/indicators.json';

const TYPE = 'eu.madeinbanat.events.attendance.checked-in.v1';
const sizes = (process.env.REPORTING_BENCH_FACTS ?? '10000,100000').split(',').map(Number);
const config = validateIndicatorConfig(programme);
const query: IndicatorQuery = { indicator: 'participants', from: '2026-01-01', to: '2026-12-31', asOf: '2026-12-31', breakdown: ['country', 'gender'] };
const definition = checkQuery(config, query);

function factsOf(n: number): FactRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const day = `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`;
    return { _id: `f${i}`, type: TYPE, source: 'urn:bench', eventId: `e${i}`, subject: 'banat.public.events.attendance.checked-in.v1', sequence: i, recordedAt: `${day}T10:00:00.000Z`, recordedDay: day, occurredAt: `${day}T10:00:00.000Z`, day, organisationId: `o${i % 500}`, country: ['RO', 'RS', 'HU'][i % 3], organisationKind: 'sme', gender: ['female', 'male'][i % 2], firstCheckIn: i % 5 !== 0 };
  });
}

function baseline(facts: FactRecord[]): number {
  const groups = new Map<string, number>();
  for (const f of facts) {
    if (f.type !== TYPE || f.firstCheckIn !== true || f.day < query.from || f.day > query.to || f.day > query.asOf || f.recordedDay > query.asOf) continue;
    const key = `${f.country}\u0000${f.gender}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups.values()].reduce((a, b) => a + b, 0);
}

const timed = (runs: number, fn: () => unknown) => {
  for (let i = 0; i < runs; i++) fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
};

for (const n of sizes) {
  const facts = factsOf(n);
  const figure = computeFigure(definition, facts, query);
  if (figure.value !== baseline(facts)) throw new Error(`engine ${figure.value} ≠ baseline ${baseline(facts)}`);
  const runs = Math.max(3, Math.round(200_000 / n));
  const engine = timed(runs, () => computeFigure(definition, facts, query));
  const bare = timed(runs, () => baseline(facts));
  console.log(`reporting engine, ${n} facts: ${engine.toFixed(1)} ms per figure (participants by country and gender; ${figure.value} counted) vs bare loop ${bare.toFixed(1)} ms (×${(engine / bare).toFixed(1)})`);
}
