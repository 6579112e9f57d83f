/**
 * Charts of the analyses as standalone SVG strings: forecast intervals and
 * distributions (Monte Carlo), tornadoes (one-at-a-time sensitivity) and Sobol'
 * indices. Drawn with Observable Plot on linkedom's server-side document; each plot
 * is wrapped in an outer SVG carrying its title (Plot's own captions would be HTML),
 * so a file opens in any browser or vector editor and embeds in reports. The outer
 * SVG is an image (`role="img"`) named by its `<title>` and described by a `<desc>`
 * that says the data in words; issues on different scales get an axis each.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { Simulation, SimulationResult } from "../analysis/montecarlo.js";
import type { SobolTable, Tornado } from "../analysis/sensitivity.js";
import { decimalsForScale, formatNumber, namesOf, SHORT_ISSUE_WIDTH } from "./format.js";
import { scaleGroups } from "./view-charts.js";

type Datum = Record<string, unknown>;

function plotSvg(options: Record<string, unknown>): { svg: string; width: number; height: number } {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  // Plot types its document as the browser's; linkedom's is structurally compatible.
  const element = Plot.plot({ ...options, document } as unknown as Plot.PlotOptions) as unknown as {
    outerHTML: string;
    getAttribute(name: string): string | null;
  };
  const width = Number(element.getAttribute("width") ?? options.width ?? 640);
  const height = Number(element.getAttribute("height") ?? options.height ?? 400);
  return { svg: element.outerHTML, width, height };
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export interface ChartPart {
  title: string;
  subtitle?: string;
  /** The data in words (the text alternative), with names, not ids. */
  desc?: string;
  svg: string;
  width: number;
  height: number;
}

/** One SVG document with the parts stacked vertically, each under its title. */
export function stackCharts(parts: ChartPart[], heading?: string): string {
  const margin = 12;
  let y = margin;
  const body: string[] = [];
  let width = heading ? Math.ceil(heading.length * 9.6) + 2 * margin : 0;
  if (heading) {
    body.push(
      `<text x="${margin}" y="${y + 16}" font-size="16" font-weight="bold">${escapeXml(heading)}</text>`,
    );
    y += 28;
  }
  for (const part of parts) {
    body.push(
      `<text x="${margin}" y="${y + 14}" font-size="13" font-weight="bold">${escapeXml(part.title)}</text>`,
    );
    y += 20;
    if (part.subtitle) {
      body.push(
        `<text x="${margin}" y="${y + 11}" font-size="11" fill="#555">${escapeXml(part.subtitle)}</text>`,
      );
      y += 16;
    }
    // Nested <svg> keeps each plot's own coordinates and style scope.
    const inner = part.svg.replace(/^<svg\b/, `<svg x="${margin}" y="${y}"`);
    body.push(inner);
    y += part.height + margin;
    // Titles are not wrapped: widen the page to hold them (about 0.6 em per character).
    width = Math.max(
      width,
      part.width + 2 * margin,
      Math.ceil(part.title.length * 7.8) + 2 * margin,
      Math.ceil((part.subtitle ?? "").length * 6.2) + 2 * margin,
    );
  }
  const title = heading ?? parts.map((p) => p.title).join("; ");
  const desc = parts
    .map((p) => [p.title, p.desc ?? p.subtitle].filter(Boolean).join(": "))
    .join(" ");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" ` +
    `font-family="system-ui, sans-serif" font-size="10" style="background: white" ` +
    `role="img" aria-labelledby="chart-title chart-desc">\n` +
    `<title id="chart-title">${escapeXml(title)}</title>\n` +
    `<desc id="chart-desc">${escapeXml(desc)}</desc>\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${body.join("\n")}\n</svg>\n`
  );
}

/** Plots stacked in one SVG string, each keeping its own coordinates and size. */
function stackPlots(plots: { svg: string; width: number; height: number }[]): {
  svg: string;
  width: number;
  height: number;
} {
  if (plots.length === 1) return plots[0];
  let y = 0;
  const inner = plots.map((p) => {
    // Plot's stylesheet sizes its <svg> with height: auto, which inside another SVG
    // would mean the whole height: the size is set inline.
    const svg = p.svg.replace(
      /^<svg\b/,
      `<svg x="0" y="${y}" style="width:${p.width}px;height:${p.height}px;max-width:none"`,
    );
    y += p.height;
    return svg;
  });
  const width = Math.max(...plots.map((p) => p.width));
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${inner.join("")}</svg>`,
    width,
    height: y,
  };
}

/**
 * Per issue for one model: the 90% interval (thin line), the 50% interval (thick
 * bar), the median (dot), the forecast on the point estimates (open diamond) and the
 * reference point (red tick). Issues on different scales are drawn one panel per
 * scale, each with its own axis.
 */
export function forecastIntervalsChart(result: SimulationResult, model: string): ChartPart {
  // Rows labelled by the issues' short names (format.ts).
  const label = namesOf(result.issues, SHORT_ISSUE_WIDTH).short;
  const summaries = result.summaries.filter((s) => s.model === model && s.median !== null);
  const plots = scaleGroups(result.issues).map((issues) => {
    const scale = issues[0].scale;
    const rows: Datum[] = summaries
      .filter((s) => issues.some((i) => i.id === s.issue))
      .map((s) => ({
        issue: label(s.issue),
        q05: s.interval90![0],
        q25: s.interval50![0],
        median: s.median,
        q75: s.interval50![1],
        q95: s.interval90![1],
        point: s.point,
        reference: issues.find((i) => i.id === s.issue)!.referencePoint,
      }));
    return plotSvg({
      width: 720,
      height: 40 + 28 * Math.max(1, issues.length),
      marginLeft: 150,
      marginRight: 20,
      x: {
        domain: [scale.low, scale.high],
        label: `forecast (scale ${scale.low}–${scale.high})`,
        grid: true,
      },
      y: { domain: issues.map((i) => label(i.id)), label: null },
      marks: [
        Plot.ruleY(rows, { y: "issue", x1: "q05", x2: "q95", stroke: "#777", strokeWidth: 1.5 }),
        Plot.ruleY(rows, { y: "issue", x1: "q25", x2: "q75", stroke: "steelblue", strokeWidth: 8 }),
        Plot.tickX(
          rows.filter((r) => r.reference !== null),
          { y: "issue", x: "reference", stroke: "#c0392b", strokeWidth: 2 },
        ),
        Plot.dot(
          rows.filter((r) => r.point !== null),
          { y: "issue", x: "point", symbol: "diamond", stroke: "#e67e22", strokeWidth: 1.5, r: 5 },
        ),
        Plot.dot(rows, { y: "issue", x: "median", fill: "black", r: 3.5 }),
      ],
    });
  });
  const desc = result.issues
    .map((issue) => {
      const s = summaries.find((x) => x.issue === issue.id);
      const d = decimalsForScale(issue.scale.low, issue.scale.high);
      if (!s) return `${issue.name}: no forecast.`;
      return `${issue.name} (scale ${issue.scale.low}–${issue.scale.high}): median ${formatNumber(s.median, d)}, 90% interval ${formatNumber(s.interval90![0], d)}–${formatNumber(s.interval90![1], d)}${issue.referencePoint !== null ? `, reference point ${formatNumber(issue.referencePoint, d)}` : ""}.`;
    })
    .join(" ");
  return {
    title: `${result.scenario} — ${model}: forecast distributions (${result.draws} draws, seed ${result.seed})`,
    subtitle:
      "thin line: 90% interval; bar: 50% interval; dot: median; orange diamond: point forecast; red tick: reference point",
    desc,
    ...stackPlots(plots),
  };
}

/** Histograms of one issue's forecasts, one row per model, with the reference point and thresholds. */
export function forecastHistogramChart(
  sim: Simulation,
  issue: string,
  thresholds: { value: number; text: string }[] = [],
): ChartPart {
  const { result, forecasts } = sim;
  const issues = result.issues.map((i) => i.id);
  const k = issues.indexOf(issue);
  const info = result.issues[k];
  const width = result.models.length * issues.length;
  const rows: Datum[] = [];
  for (let d = 0; d < result.draws; d++)
    result.models.forEach((m, mi) => {
      const v = forecasts[d * width + mi * issues.length + k];
      if (Number.isFinite(v)) rows.push({ model: m.id, forecast: v });
    });
  const height = 50 + 110 * result.models.length;
  const plot = plotSvg({
    width: 720,
    height,
    marginLeft: 60,
    marginRight: 140,
    x: { domain: [info.scale.low, info.scale.high], label: `forecast on ${info.name}` },
    y: { label: "share of draws", grid: true, tickFormat: "%" },
    fy: { label: null, domain: result.models.map((m) => m.id) },
    marks: [
      Plot.rectY(
        rows,
        Plot.binX({ y: "proportion-facet" }, {
          x: "forecast",
          fy: "model",
          fill: "steelblue",
          thresholds: 50,
          domain: [info.scale.low, info.scale.high],
        } as Record<string, unknown>),
      ),
      ...(info.referencePoint !== null
        ? [Plot.ruleX([info.referencePoint], { stroke: "#c0392b", strokeWidth: 1.5 })]
        : []),
      ...thresholds.map((t) => Plot.ruleX([t.value], { stroke: "#333", strokeDasharray: "4,3" })),
      Plot.ruleY([0]),
    ],
  });
  const d = decimalsForScale(info.scale.low, info.scale.high);
  const desc = result.models
    .map((m) => {
      const s = result.summaries.find((x) => x.model === m.id && x.issue === issue);
      return s && s.median !== null
        ? `${m.id}: median ${formatNumber(s.median, d)}, 90% interval ${formatNumber(s.interval90![0], d)}–${formatNumber(s.interval90![1], d)}`
        : `${m.id}: no forecast`;
    })
    .join("; ");
  return {
    desc: `Share of ${result.draws} draws per forecast on the scale ${info.scale.low}–${info.scale.high}. ${desc}.`,
    title: `${info.name} (${issue}): distribution of forecasts over ${result.draws} draws`,
    subtitle: [
      "red line: reference point",
      ...(thresholds.length > 0 ? [`dashed: ${thresholds.map((t) => t.text).join(", ")}`] : []),
    ].join("; "),
    ...plot,
  };
}

/** A tornado: the top inputs' forecast swings around the baseline, largest on top. */
export function tornadoChart(
  tornado: Tornado,
  options: { top?: number; scale?: { low: number; high: number }; swing?: string } = {},
): ChartPart {
  const bars = tornado.bars.slice(0, options.top ?? 10);
  const base = tornado.baseline ?? 0;
  const rows: Datum[] = [];
  for (const b of bars) {
    rows.push({ input: b.input, from: base, to: b.forecastLow ?? base, side: `input low` });
    rows.push({ input: b.input, from: base, to: b.forecastHigh ?? base, side: `input high` });
  }
  const height = 50 + 24 * Math.max(1, bars.length);
  const plot = plotSvg({
    width: 720,
    height,
    marginLeft: 260,
    marginRight: 30,
    x: {
      ...(options.scale ? { domain: [options.scale.low, options.scale.high] } : {}),
      label: `forecast on ${tornado.issue}`,
      grid: true,
    },
    y: { domain: bars.map((b) => b.input), label: null },
    color: { domain: ["input low", "input high"], range: ["#2980b9", "#e67e22"], legend: false },
    marks: [
      // Low above, high below, so two swings to the same side do not hide each other.
      Plot.barX(
        rows.filter((r) => r.side === "input low"),
        { y: "input", x1: "from", x2: "to", fill: "side", insetTop: 2, insetBottom: 12 },
      ),
      Plot.barX(
        rows.filter((r) => r.side === "input high"),
        { y: "input", x1: "from", x2: "to", fill: "side", insetTop: 12, insetBottom: 2 },
      ),
      Plot.ruleX([base], { stroke: "black" }),
    ],
  });
  const d = options.scale ? decimalsForScale(options.scale.low, options.scale.high) : 1;
  return {
    desc:
      bars.length === 0
        ? "No input moves this forecast."
        : `Largest swings first: ${bars
            .map(
              (b) =>
                `${b.input}: ${formatNumber(b.forecastLow, d)} at its low value, ${formatNumber(b.forecastHigh, d)} at its high value`,
            )
            .join("; ")}.`,
    title: `${tornado.model} on ${tornado.issue}: what moves the forecast (baseline ${tornado.baseline === null ? "none" : formatNumber(tornado.baseline, options.scale ? decimalsForScale(options.scale.low, options.scale.high) : 1)})`,
    subtitle: `upper blue bar: the input at its low value; lower orange bar: at its high value${options.swing ? ` (${options.swing})` : ""}`,
    ...plot,
  };
}

/** First-order and total Sobol' indices of one model and issue. */
export function sobolChart(table: SobolTable, options: { top?: number } = {}): ChartPart {
  // Groups that explain nothing (both indices about 0) are left out.
  const indices = table.indices
    .filter((i) => i.first >= 0.005 || i.total >= 0.005)
    .slice(0, options.top ?? 12);
  const rows: Datum[] = indices.flatMap((i) => [
    { group: i.group, index: "first-order S", value: Math.max(0, i.first) },
    { group: i.group, index: "total ST", value: Math.max(0, i.total) },
  ]);
  const height = 50 + 30 * Math.max(1, indices.length);
  const plot = plotSvg({
    width: 720,
    height,
    marginLeft: 200,
    marginRight: 30,
    x: { domain: [0, 1], label: "share of the forecast's variance", grid: true },
    y: { domain: indices.map((i) => i.group), label: null },
    color: { domain: ["first-order S", "total ST"], range: ["#2980b9", "#bdc3c7"] },
    marks: [
      Plot.barX(
        rows.filter((r) => r.index === "total ST"),
        { y: "group", x: "value", fill: "index", insetTop: 2, insetBottom: 2 },
      ),
      Plot.barX(
        rows.filter((r) => r.index === "first-order S"),
        { y: "group", x: "value", fill: "index", insetTop: 8, insetBottom: 8 },
      ),
      Plot.ruleX([0]),
    ],
  });
  return {
    desc:
      indices.length === 0
        ? "No input explains a share of the variance."
        : indices
            .map(
              (i) =>
                `${i.group}: first-order ${formatNumber(i.first, 2)}, total ${formatNumber(i.total, 2)}`,
            )
            .join("; ") + ".",
    title: `${table.model} on ${table.issue}: Sobol' indices (${table.draws} draws)`,
    subtitle: "thin blue: first-order S (alone); grey: total ST (with interactions)",
    ...plot,
  };
}

/** Bars of how far each actor's move brings a forecast towards a client (advise). */
export function leverChart(
  issue: string,
  levers: { actor: string; effect: number }[],
  client: string,
): ChartPart {
  const height = 50 + 22 * Math.max(1, levers.length);
  const plot = plotSvg({
    width: 640,
    height,
    marginLeft: 160,
    marginRight: 30,
    x: { label: `points nearer ${client}'s position`, grid: true },
    y: { domain: levers.map((l) => l.actor), label: null },
    marks: [
      Plot.barX(levers, {
        y: "actor",
        x: "effect",
        fill: (d: { effect: number }) => (d.effect >= 0 ? "#2980b9" : "#c0392b"),
      }),
      Plot.ruleX([0], { stroke: "black" }),
    ],
  });
  return {
    desc:
      levers.length === 0
        ? "No actor's move changes the headline forecast."
        : levers.map((l) => `${l.actor} ${formatNumber(l.effect, 1)}`).join(", ") + ".",
    title: `${issue}: whom to persuade (effect on the headline forecast)`,
    subtitle: "blue: the move brings the headline nearer the client; red: farther",
    ...plot,
  };
}
