/**
 * The DEU backtest as one standalone HTML page: the summary table, a chart of the
 * mean absolute error of each row and a chart of each row's paired difference to
 * the baseline with its bootstrap interval, the subgroup tables and the notes.
 * Charts are drawn by Observable Plot on a server-side DOM (linkedom) and inlined as
 * SVG; the page loads nothing from outside (no scripts, fonts or style sheets).
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { BacktestResult, BacktestRow } from "../analysis/backtest.js";
import {
  fixed2,
  formatInterval,
  headlineLines,
  percent1,
  rowNotes,
} from "../analysis/backtest-report.js";

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

interface Bar {
  id: string;
  mae: number;
  n: number;
  kind: "baseline" | "model" | "cross-validated" | "in-sample";
}

/** A server-side document for Plot to draw in (the project's TypeScript has no DOM types). */
function plotDocument(): Plot.PlotOptions["document"] {
  return parseHTML("<!doctype html><html><head></head><body></body></html>")
    .document as unknown as Plot.PlotOptions["document"];
}

function svgOf(node: unknown): string {
  return (node as { outerHTML: string }).outerHTML;
}

/** Horizontal bars of the MAE of each row, best at the top, the baseline marked. */
export function maeChart(result: BacktestResult): string {
  const bars: Bar[] = result.rows
    .filter((r) => Number.isFinite(r.summary.mae))
    .map((r) => ({
      id: `${r.id} (n=${r.summary.n})`,
      mae: r.summary.mae,
      n: r.summary.n,
      kind:
        r.vsBaseline === null
          ? "baseline"
          : r.capability === "cv"
            ? "cross-validated"
            : r.inSample
              ? "in-sample"
              : "model",
    }));
  const baseline = result.rows.find((r) => r.vsBaseline === null)?.summary.mae;
  const height = 40 + 18 * bars.length;
  const svg = Plot.plot({
    document: plotDocument(),
    width: 760,
    height,
    marginLeft: 260,
    marginRight: 50,
    x: {
      label: "mean absolute error (0–100 scale) →",
      grid: true,
      domain: [0, Math.max(50, ...bars.map((b) => b.mae))],
    },
    y: { label: null },
    color: {
      domain: ["baseline", "model", "cross-validated", "in-sample"],
      range: ["#d95f02", "#7570b3", "#1b9e77", "#bbbbbb"],
      legend: false,
    },
    marks: [
      Plot.barX(bars, { x: "mae", y: "id", fill: "kind", sort: { y: "x" } }),
      Plot.text(bars, {
        x: "mae",
        y: "id",
        text: (d: Bar) => d.mae.toFixed(2),
        dx: 4,
        textAnchor: "start",
      }),
      ...(baseline !== undefined && Number.isFinite(baseline)
        ? [Plot.ruleX([baseline], { stroke: "#d95f02", strokeDasharray: "4,3" })]
        : []),
      Plot.ruleX([0]),
    ],
  });
  return svgOf(svg);
}

interface Difference {
  id: string;
  difference: number;
  low: number;
  high: number;
}

/** Each row's mean paired difference to the baseline with its interval. */
export function differenceChart(result: BacktestResult): string {
  const data: Difference[] = result.rows
    .filter((r) => r.vsBaseline !== null && r.vsBaseline.n > 0)
    .map((r) => ({
      id: r.id,
      difference: r.vsBaseline!.difference,
      low: r.vsBaseline!.low,
      high: r.vsBaseline!.high,
    }));
  const height = 40 + 18 * Math.max(1, data.length);
  const svg = Plot.plot({
    document: plotDocument(),
    width: 760,
    height,
    marginLeft: 260,
    marginRight: 30,
    x: { label: `error − error of ${result.settings.baseline} (negative: better) →`, grid: true },
    y: { label: null },
    marks: [
      Plot.ruleX([0], { stroke: "#d95f02" }),
      Plot.ruleY(data, { y: "id", x1: "low", x2: "high", stroke: "#555", sort: { y: "x1" } }),
      Plot.dot(data, {
        y: "id",
        x: "difference",
        fill: (d: Difference) => (d.high < 0 ? "#1b9e77" : d.low > 0 ? "#d95f02" : "#7570b3"),
        r: 4,
      }),
    ],
  });
  return svgOf(svg);
}

function rowsTable(rows: BacktestRow[], result: BacktestResult): string {
  const head = [
    "model/capability",
    "n",
    "MAE",
    "median",
    "RMSE",
    `≤${result.settings.within}`,
    `Δ vs ${result.settings.baseline} [${Math.round(result.settings.level * 1000) / 10}%]`,
  ];
  const body = rows
    .map(
      (r) =>
        `<tr${r.vsBaseline === null ? ' class="baseline"' : ""}><td>${escapeHtml(r.id)}${r.inSample ? " <sup>in-sample</sup>" : ""}</td><td>${r.summary.n}</td><td>${fixed2(r.summary.mae)}</td><td>${fixed2(r.summary.medianAe)}</td><td>${fixed2(r.summary.rmse)}</td><td>${percent1(r.summary.withinShare)}</td><td>${escapeHtml(formatInterval(r))}</td></tr>`,
    )
    .join("\n");
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/**
 * Calibration of the headline: the histogram of its PIT values (10 bins of [0, 1]);
 * a calibrated forecast has bars of even height (the dashed line), a U shape says
 * the intervals are too narrow, a hump that they are too wide.
 */
export function pitChart(result: BacktestResult): string {
  const h = result.headline;
  if (!h) return "";
  const bins = h.pit.map((count, k) => ({
    x1: k / h.pit.length,
    x2: (k + 1) / h.pit.length,
    count,
  }));
  const even = h.n / h.pit.length;
  const svg = Plot.plot({
    document: plotDocument(),
    width: 560,
    height: 260,
    marginLeft: 50,
    x: { domain: [0, 1], label: "PIT: the predictive distribution at the outcome" },
    y: { label: "issues", grid: true },
    marks: [
      Plot.rectY(bins, { x1: "x1", x2: "x2", y: "count", fill: "#2980b9", inset: 1 }),
      Plot.ruleY([even], { stroke: "#e67e22", strokeDasharray: "4,3" }),
      Plot.ruleY([0]),
    ],
  });
  return svgOf(svg);
}

/** The headline section of the report. */
function headlineSection(result: BacktestResult): string {
  const h = result.headline;
  if (!h) return "";
  const [figures, ...rest] = headlineLines(result, false);
  return `<h2>The headline forecast</h2>
<p><strong>${escapeHtml(figures)}</strong></p>
${rest
  .filter((l) => l.length > 0)
  .map((l) => `<p class="small">${escapeHtml(l)}</p>`)
  .join("\n")}
<figure>
${pitChart(result)}
<figcaption>Calibration (PIT histogram) of the headline's predictive distribution over the ${h.n} issues; the dashed line is what a calibrated forecast gives on average.</figcaption>
</figure>`;
}

/** The whole report as a standalone HTML document. */
export function renderBacktestHtml(result: BacktestResult): string {
  const s = result.settings;
  const notes: string[] = rowNotes(result.rows, result.scored);
  notes.push(...result.notes);
  if (result.crossValidation) {
    const cv = result.crossValidation;
    const w = cv.fullFit.weights;
    notes.push(
      `${cv.model}/cv: weights refitted on the other folds of a ${cv.folds}-fold cross-validation grouped by proposal (seed ${cv.seed}). Fitted on all of this table: Council ${w.council}, Commission ${w.commission}, Parliament ${w.parliament}.`,
    );
  }
  const groups = result.groups
    .map(
      (g) =>
        `<h3>By ${escapeHtml(g.by)} = ${escapeHtml(g.value)} (${g.scored} issues)</h3>\n${rowsTable(g.rows, result)}`,
    )
    .join("\n");
  const title = `DEU backtest${result.file ? `: ${result.file}` : ""}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child, th:last-child, td:last-child { text-align: left; }
tr.baseline td { background: #fdf0e6; }
figure { margin: 1.5em 0; }
figcaption { color: #555; font-size: 0.9em; }
.small { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${result.scored} issues scored (outcome known, at least ${s.minStances} actors with position and salience). ${escapeHtml(result.read)}</p>
<p class="small">MAE, median and RMSE of the absolute error on the 0–100 scale; ≤${s.within}: share of issues within ${s.within} points. Δ: mean of (error − error of ${escapeHtml(s.baseline)}) on the issues both scored, with a ${Math.round(s.level * 1000) / 10}% paired bootstrap interval (${s.resamples} resamples of ${s.bootstrapUnit === "proposal" ? "whole proposals" : "issues"}, seed ${s.seed}); negative is better than the baseline.</p>
${headlineSection(result)}
<figure>
${maeChart(result)}
<figcaption>Mean absolute error by model and capability option (orange: the baseline, ${escapeHtml(s.baseline)}; green: cross-validated; grey: in-sample, fitted on these issues). Fewer issues (n) where a model cannot forecast.</figcaption>
</figure>
<h2>Summary</h2>
${rowsTable(result.rows, result)}
<figure>
${differenceChart(result)}
<figcaption>Paired difference to the baseline with its bootstrap interval (green: better than the baseline with the interval below zero; orange: worse).</figcaption>
</figure>
${groups ? `<h2>Subgroups</h2>\n${groups}` : ""}
<h2>Notes</h2>
<ul>
${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("\n")}
</ul>
<p class="small">Generated by entente ${escapeHtml(result.entente)}. Data: DEU III, Arregui &amp; Perarnaud (2021), doi 10.34810/data53, CC BY 4.0 (where the table is DEU III).</p>
</body>
</html>
`;
}
