/**
 * The programme report: every indicator as a whole and by each of its breakdowns, as CSV (one row
 * per figure and group) and as print-ready HTML with bar charts drawn as SVG on the server. The
 * template is Eta with auto-escaping: names and values from configuration and facts are escaped.
 */
import { stringify } from 'csv-stringify/sync';
import { Eta } from 'eta';
import type { Figure } from './engine';

export type Report = { programme: string; from: string; to: string; asOf: string; generatedAt: string; figures: Figure[] };

const keyText = (key: Record<string, string | undefined>) => Object.entries(key).map(([d, v]) => `${d}=${v}`).join('; ');

export function reportCsv(report: Report): string {
  const rows: (string | number | null)[][] = [];
  for (const f of report.figures) {
    rows.push([f.indicator.id, f.indicator.name, f.indicator.unit, f.from, f.to, f.asOf, f.breakdown.join('+'), '', f.value, f.target ?? null, f.records]);
    for (const g of f.groups) rows.push([f.indicator.id, f.indicator.name, f.indicator.unit, f.from, f.to, f.asOf, f.breakdown.join('+'), keyText(g.key), g.value, g.target ?? null, g.records]);
  }
  return stringify(rows, { header: true, columns: ['indicator', 'name', 'unit', 'from', 'to', 'asOf', 'breakdown', 'group', 'value', 'target', 'records'], cast: { number: (n) => String(n) } });
}

/** One horizontal bar per group (and its target as a tick), scaled to the largest value or target. */
export type Bar = { label: string; value: number | null; target?: number; width: number; targetX?: number; y: number };
export type Chart = { title: string; height: number; width: number; labelWidth: number; bars: Bar[] };

const CHART = { width: 640, labelWidth: 200, barHeight: 22, gap: 6 };

export function chartOf(figure: Figure): Chart {
  const max = Math.max(1, ...figure.groups.flatMap((g) => [g.value ?? 0, g.target ?? 0]));
  const span = CHART.width - CHART.labelWidth - 60;
  const bars = figure.groups.map((g, i): Bar => ({
    label: keyText(g.key),
    value: g.value,
    ...(g.target === undefined ? {} : { target: g.target, targetX: CHART.labelWidth + Math.round((g.target / max) * span) }),
    width: Math.round(((g.value ?? 0) / max) * span),
    y: i * (CHART.barHeight + CHART.gap),
  }));
  return { title: `${figure.indicator.name} by ${figure.breakdown.join(' and ')}`, height: Math.max(1, bars.length) * (CHART.barHeight + CHART.gap), width: CHART.width, labelWidth: CHART.labelWidth, bars };
}

const TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Programme indicators — <%= it.programme %></title>
<style>
  body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
  h1 { font-size: 18pt; margin-bottom: 0; } h2 { font-size: 13pt; margin: 1.6em 0 .3em; }
  .meta, .definition { color: #555; } table { border-collapse: collapse; margin: .4em 0; }
  td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; } td.n { text-align: right; }
  section { page-break-inside: avoid; break-inside: avoid; }
  svg text { font: 9pt system-ui, sans-serif; } .bar { fill: #2f6f9f; } .target { stroke: #c0392b; stroke-width: 2; }
  @page { size: A4; margin: 15mm; } @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Programme indicators</h1>
<p class="meta"><%= it.programme %><br>Period <%= it.from %> to <%= it.to %>, as of <%= it.asOf %> (generated <%= it.generatedAt %>)</p>
<% it.indicators.forEach(function (ind) { %>
<section id="<%= ind.total.indicator.id %>">
  <h2><%= ind.total.indicator.name %></h2>
  <p class="definition"><%= ind.total.indicator.definition %></p>
  <table><tr><th>value</th><th>target</th><th>unit</th><th>records</th></tr>
    <tr><td class="n"><%= ind.total.value === null ? '—' : ind.total.value %></td><td class="n"><%= ind.total.target === undefined ? '—' : ind.total.target %></td><td><%= ind.total.indicator.unit %></td><td class="n"><%= ind.total.records %></td></tr></table>
  <% ind.charts.forEach(function (chart) { %>
  <figure>
    <figcaption><%= chart.title %></figcaption>
    <% if (chart.bars.length === 0) { %><p class="meta">no records</p><% } else { %>
    <svg xmlns="http://www.w3.org/2000/svg" width="<%= chart.width %>" height="<%= chart.height %>" role="img" aria-label="<%= chart.title %>">
      <% chart.bars.forEach(function (bar) { %>
      <text x="0" y="<%= bar.y + 15 %>"><%= bar.label %></text>
      <rect class="bar" x="<%= chart.labelWidth %>" y="<%= bar.y %>" width="<%= bar.width %>" height="22"></rect>
      <text x="<%= chart.labelWidth + bar.width + 4 %>" y="<%= bar.y + 15 %>"><%= bar.value === null ? '—' : bar.value %><%= bar.target === undefined ? '' : ' / ' + bar.target %></text>
      <% if (bar.targetX !== undefined) { %><line class="target" x1="<%= bar.targetX %>" x2="<%= bar.targetX %>" y1="<%= bar.y %>" y2="<%= bar.y + 22 %>"></line><% } %>
      <% }) %>
    </svg>
    <% } %>
  </figure>
  <% }) %>
</section>
<% }) %>
</body>
</html>
`;

const eta = new Eta({ autoEscape: true, autoTrim: false, useWith: false });

/** `figures` in report order: each indicator's whole first, then one figure per breakdown. */
export function reportHtml(report: Report): string {
  const byIndicator = new Map<string, { total: Figure; charts: Chart[] }>();
  for (const figure of report.figures) {
    const entry = byIndicator.get(figure.indicator.id);
    if (!entry) byIndicator.set(figure.indicator.id, { total: figure, charts: [] });
    else entry.charts.push(chartOf(figure));
  }
  return eta.renderString(TEMPLATE, { ...report, indicators: [...byIndicator.values()] });
}
