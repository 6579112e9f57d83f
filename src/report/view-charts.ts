/**
 * The workbench's charts, as functions of the rows in data.ts, drawn with
 * Observable Plot. Each returns one bare `<svg>` (no wrapping figure), so what the
 * page shows is what an export or the HTML report contains. Lines and dots carry
 * direct labels, and every chart of several series a legend inside the SVG, which
 * survives copying into a briefing. Every chart is an image with a title and a text
 * alternative (chart-text.ts); axes on an issue's scale say its ends and their
 * labels, and issues on different scales get an axis each.
 *
 * `document` is the browser's in the web app and linkedom's in the report, so the
 * same code draws both (Plot's `document` option).
 */
import * as Plot from "@observablehq/plot";
import type {
  ChallengeMap,
  Comparison,
  DistributionView,
  ForecastTable,
  PowerView,
  TornadoView,
  Trajectory,
} from "./views.js";
import { maxOf } from "../extent.js";
import {
  challengeText,
  comparisonText,
  describeChart,
  distributionText,
  forecastText,
  powerText,
  scaleAxisLabel,
  tornadoText,
  trajectoryText,
  type SvgDocument,
  type SvgNode,
} from "./chart-text.js";

const SVG_NS = "http://www.w3.org/2000/svg";

type PlotOptions = NonNullable<Parameters<typeof Plot.plot>[0]>;
/** A DOM `Document` (the browser's, or linkedom's on the server). */
export type ChartDocument = NonNullable<PlotOptions["document"]>;
export type Chart = ReturnType<typeof Plot.plot>;

export interface ChartOptions {
  document?: ChartDocument;
  width?: number;
  /** Interactive tips (the web app; not in static exports). */
  tips?: boolean;
}

/** 20 distinguishable colours (Tableau 20 order, darker first), stable per actor. */
export const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
  "#aec7e8",
  "#ffbb78",
  "#98df8a",
  "#ff9896",
  "#c5b0d5",
  "#c49c94",
  "#f7b6d2",
  "#c7c7c7",
  "#dbdb8d",
  "#9edae5",
];

/** A colour scale keyed by actor name in scenario order, so an actor keeps its colour on every chart. */
export function actorColors(names: string[]): { domain: string[]; range: string[] } {
  return { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
}

const MODEL_SYMBOLS = [
  "circle",
  "square",
  "diamond",
  "triangle",
  "star",
  "cross",
  "wye",
  "asterisk",
  "plus",
  "times",
];

function base_(options: ChartOptions, extra: Partial<PlotOptions>): PlotOptions {
  return {
    ...(options.document ? { document: options.document } : {}),
    width: options.width ?? 760,
    style: { fontSize: "12px", background: "white", color: "#222", overflow: "visible" },
    ...extra,
  } as PlotOptions;
}

function shortLabel(name: string, max = 28): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

interface LegendItem {
  label: string;
  color: string;
  symbol?: string;
  /** A dashed tick instead of a symbol. */
  tick?: boolean;
  /** A text glyph instead of a symbol (e.g. "━" for a line). */
  glyph?: string;
}

/**
 * A legend drawn inside the chart's top margin (so the chart stays one SVG): items
 * flow left to right and wrap. Returns the marks and the margin they need.
 */
function legend(
  items: LegendItem[],
  width: number,
  left: number,
  gap: number,
  placement: "top" | "bottom" = "top",
  /** Options added to every mark (in a faceted chart: the facet to draw the legend in). */
  extra: Record<string, unknown> = {},
): { marks: Plot.Markish[]; height: number } {
  const available = Math.max(200, width - left - 10);
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 22 + 7 * item.label.length + 14;
    if (x > 0 && x + w > available) {
      x = 0;
      row++;
    }
    placed.push({ item, x, row });
    x += w;
  }
  const height = 17 * (row + 1) + 6;
  const marks: Plot.Markish[] = [];
  for (const { item, x, row } of placed) {
    // Offsets from the frame's corner into the top or bottom margin.
    const at = {
      ...extra,
      ...(placement === "top"
        ? { frameAnchor: "top-left" as const, dx: x + 6, dy: 10 + 17 * row - height - gap }
        : { frameAnchor: "bottom-left" as const, dx: x + 6, dy: gap + 8 + 17 * row }),
    };
    if (item.tick || item.glyph)
      marks.push(
        Plot.text([item.glyph ?? "┆"], {
          ...at,
          text: (d: string) => d,
          fill: item.color,
          fontSize: 14,
        }),
      );
    else
      marks.push(
        Plot.dot([0], {
          ...at,
          r: 4.5,
          stroke: item.color,
          fill: item.symbol ? "none" : item.color,
          symbol: item.symbol ?? "circle",
          strokeWidth: 1.6,
        }),
      );
    marks.push(
      Plot.text([item.label], {
        ...at,
        dx: at.dx + 9,
        text: (d: string) => d,
        textAnchor: "start",
      }),
    );
  }
  return { marks, height };
}

/** Spreads labels along y (data units) so that neighbours are at least `gap` apart, within [low, high]. */
function spreadLabels<T extends { y: number }>(
  items: T[],
  gap: number,
  low: number,
  high: number,
): (T & { labelY: number })[] {
  const sorted = items.map((d) => ({ ...d, labelY: d.y })).sort((a, b) => a.y - b.y);
  for (let pass = 0; pass < 50; pass++) {
    let moved = false;
    for (let i = 1; i < sorted.length; i++) {
      const overlap = gap - (sorted[i].labelY - sorted[i - 1].labelY);
      if (overlap > 1e-9) {
        sorted[i - 1].labelY -= overlap / 2;
        sorted[i].labelY += overlap / 2;
        moved = true;
      }
    }
    const spanLow = low - gap;
    const spanHigh = high + gap;
    if (sorted.length > 0 && sorted[0].labelY < spanLow) {
      const shift = spanLow - sorted[0].labelY;
      for (const d of sorted) d.labelY += shift;
    }
    if (sorted.length > 0 && sorted[sorted.length - 1].labelY > spanHigh) {
      const shift = sorted[sorted.length - 1].labelY - spanHigh;
      for (const d of sorted) d.labelY -= shift;
    }
    if (!moved) break;
  }
  return sorted;
}

/** The rows of a forecast table grouped by scale, in order of first appearance. */
export function scaleGroups<T extends { scale: { low: number; high: number } }>(rows: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const key = `${r.scale.low}:${r.scale.high}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

/**
 * Forecasts of each model per issue, beside the reference point (a tick). Issues on
 * different scales are drawn as one panel per scale, each with its own axis.
 */
export function forecastChart(table: ForecastTable, options: ChartOptions = {}): Chart {
  const groups = scaleGroups(table.rows);
  const panels = groups.map((rows, i) => forecastPanel(table.models, rows, i === 0, options));
  return describeChart(
    panels.length === 1 ? panels[0] : stackPanels(panels, options),
    forecastText(table),
  );
}

/** One panel of the forecast chart: issues on one scale (the legend on the first panel only). */
function forecastPanel(
  models: string[],
  rows: ForecastTable["rows"],
  withLegend: boolean,
  options: ChartOptions,
): Chart {
  const width = options.width ?? 760;
  // On a narrow chart (a phone) shorter issue names leave room for the forecasts.
  const narrow = width < 600;
  const label = (name: string) => shortLabel(name, narrow ? 26 : 40);
  // Room for the longest name (about 6.8 px a character at Plot's 10 px font).
  const longest = Math.max(0, ...rows.map((r) => label(r.name).length));
  const marginLeft = Math.min(narrow ? 200 : 300, Math.ceil(20 + 6.8 * longest));
  const dots = rows.flatMap((r) =>
    models
      .filter((m) => r.forecasts[m] !== null)
      .map((m) => ({
        issue: label(r.name),
        model: m,
        forecast: r.forecasts[m] as number,
      })),
  );
  const refs = rows
    .filter((r) => r.referencePoint !== null)
    .map((r) => ({ issue: label(r.name), value: r.referencePoint as number }));
  const { low, high } = rows[0].scale;
  const key = withLegend
    ? legend(
        [
          ...models.map((m, i) => ({
            label: m,
            color: PALETTE[i % PALETTE.length],
            symbol: MODEL_SYMBOLS[i % MODEL_SYMBOLS.length],
          })),
          { label: "reference point", color: "#444", tick: true },
        ],
        width,
        marginLeft,
        8,
      )
    : { marks: [], height: 0 };
  const order = rows.map((r) => label(r.name));
  return Plot.plot(
    base_(options, {
      height: 40 + key.height + 30 * order.length,
      marginLeft,
      marginTop: key.height + 14,
      x: { domain: [low, high], label: scaleAxisLabel("forecast", { low, high }), grid: true },
      y: { domain: order, label: null },
      symbol: { legend: false, domain: models, range: MODEL_SYMBOLS },
      color: { domain: models, range: PALETTE },
      marks: [
        ...key.marks,
        Plot.tickX(refs, {
          x: "value",
          y: "issue",
          stroke: "#444",
          strokeWidth: 2,
          strokeDasharray: "3,2",
        }),
        Plot.dot(dots, {
          x: "forecast",
          y: "issue",
          symbol: "model",
          stroke: "model",
          r: 5,
          strokeWidth: 1.6,
          ...(options.tips
            ? {
                tip: true,
                title: (d: { model: string; forecast: number }) =>
                  `${d.model}: ${d.forecast.toFixed(1)}`,
              }
            : {}),
        }),
      ],
    }),
  );
}

/**
 * Panels stacked in one SVG, each keeping its own coordinates. Each panel's size is
 * set inline: Plot's stylesheet sizes an `<svg>` with `height: auto`, which inside
 * another SVG would mean the whole height.
 */
function stackPanels(panels: Chart[], options: ChartOptions): Chart {
  const doc = (options.document ??
    (globalThis as { document?: unknown }).document) as unknown as SvgDocument;
  const outer = doc.createElementNS(SVG_NS, "svg");
  let y = 0;
  let width = 0;
  for (const panel of panels) {
    const el = panel as unknown as SvgNode;
    const w = Number(el.getAttribute("width"));
    const h = Number(el.getAttribute("height"));
    el.setAttribute("x", "0");
    el.setAttribute("y", String(y));
    el.setAttribute(
      "style",
      `${el.getAttribute("style") ?? ""};width:${w}px;height:${h}px;max-width:none`,
    );
    outer.appendChild(el);
    y += h;
    width = Math.max(width, w);
  }
  outer.setAttribute("xmlns", SVG_NS);
  outer.setAttribute("width", String(width));
  outer.setAttribute("height", String(y));
  outer.setAttribute("viewBox", `0 0 ${width} ${y}`);
  outer.setAttribute("class", "plot-panels");
  outer.setAttribute("style", "background:white;color:#222;max-width:100%;height:auto");
  return outer as unknown as Chart;
}

/** Each actor's position by round, the forecast by round (thick) and the reference point (dashed). */
export function trajectoryChart(t: Trajectory, names: string[], options: ChartOptions = {}): Chart {
  const last = maxOf(t.points.map((p) => p.round));
  const finals = t.points.filter((p) => p.round === last);
  // Direct labels at the lines' ends, pushed apart to 13px (of a 370px-high frame).
  const gap = ((t.scale.high - t.scale.low) * 13) / 370;
  const lastForecast = t.forecast[t.forecast.length - 1];
  const labels = spreadLabels(
    [
      ...finals.map((p) => ({
        round: p.round,
        name: p.name,
        text: shortLabel(p.name),
        y: p.position,
        bold: false,
      })),
      ...(lastForecast
        ? [
            {
              round: lastForecast.round,
              name: "",
              text: `forecast ${lastForecast.value.toFixed(1)}`,
              y: lastForecast.value,
              bold: true,
            },
          ]
        : []),
    ],
    gap,
    t.scale.low,
    t.scale.high,
  );
  const chart = Plot.plot(
    base_(options, {
      height: 420,
      marginRight: 200,
      x: { label: "round", domain: [0, last], ticks: Math.min(last, 10), tickFormat: "d" },
      y: {
        label: scaleAxisLabel("position", t.scale, t.anchors),
        domain: [t.scale.low, t.scale.high],
        grid: true,
      },
      color: actorColors(names),
      marks: [
        ...(t.referencePoint !== null
          ? [
              Plot.ruleY([t.referencePoint], { stroke: "#555", strokeDasharray: "4,3" }),
              Plot.text([t.referencePoint], {
                y: (d: number) => d,
                x: 0,
                text: () => "reference point",
                textAnchor: "start",
                dy: -6,
                fill: "#555",
              }),
            ]
          : []),
        Plot.line(t.points, {
          x: "round",
          y: "position",
          z: "actor",
          stroke: "name",
          strokeWidth: 1.5,
          curve: "linear",
        }),
        Plot.dot(t.points, {
          x: "round",
          y: "position",
          fill: "name",
          r: 2.2,
          ...(options.tips
            ? {
                tip: true,
                title: (d: { name: string; round: number; position: number }) =>
                  `${d.name}\nround ${d.round}: ${d.position.toFixed(1)}`,
              }
            : {}),
        }),
        Plot.line(t.forecast, {
          x: "round",
          y: "value",
          stroke: "#000",
          strokeWidth: 3.5,
          strokeOpacity: 0.75,
        }),
        Plot.text(
          labels.filter((d) => !d.bold),
          { x: "round", y: "labelY", text: "text", textAnchor: "start", dx: 8, fill: "name" },
        ),
        Plot.text(
          labels.filter((d) => d.bold),
          { x: "round", y: "labelY", text: "text", textAnchor: "start", dx: 8, fontWeight: "bold" },
        ),
      ],
    }),
  );
  return describeChart(chart, trajectoryText(t));
}

/** Effective power (capability × salience, % of the issue's total) stacked by position. */
export function powerChart(p: PowerView, names: string[], options: ChartOptions = {}): Chart {
  const span = p.scale.high - p.scale.low;
  const binWidth = span / 20;
  const rows = p.rows.map((r) => ({
    ...r,
    bin: Math.min(
      p.scale.low + binWidth * Math.floor((r.position - p.scale.low) / binWidth),
      p.scale.high - binWidth,
    ),
  }));
  const colors = actorColors(names);
  const key = legend(
    p.rows
      .slice()
      .sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name))
      .map((r) => ({
        label: shortLabel(r.name, 30),
        color: colors.range[names.indexOf(r.name)] ?? "#888",
      })),
    options.width ?? 760,
    40,
    40,
    "bottom",
  );
  // Actor labels on the bars: along a segment tall enough for a few letters (the
  // frame is about 282 px high), the name cut to fit.
  const totals = new Map<number, number>();
  for (const r of rows) totals.set(r.bin, (totals.get(r.bin) ?? 0) + r.share);
  const top = Math.max(1, ...totals.values());
  const frame = 282;
  const labelled = rows.map((r) => {
    const letters = Math.floor(((r.share / top) * frame - 6) / 6.5);
    return {
      ...r,
      mid: r.bin + binWidth / 2,
      text: letters >= 3 ? shortLabel(r.name, letters) : "",
    };
  });
  const chart = Plot.plot(
    base_(options, {
      height: 360 + key.height,
      marginTop: 34,
      marginBottom: 44 + key.height,
      x: {
        domain: [p.scale.low, p.scale.high],
        label: scaleAxisLabel("position", p.scale, p.anchors),
      },
      y: { label: "effective power (% of the issue's total)", grid: true },
      color: colors,
      marks: [
        ...key.marks,
        Plot.rectY(
          rows,
          Plot.stackY({
            x1: "bin",
            x2: (d: { bin: number }) => d.bin + binWidth,
            y: "share",
            fill: "name",
            stroke: "white",
            inset: 0.5,
            ...(options.tips
              ? {
                  tip: true,
                  title: (d: PowerViewRow) =>
                    `${d.name}\nposition ${d.position}, capability ${d.capability}, salience ${d.salience}\n${d.share.toFixed(1)}% of effective power`,
                }
              : {}),
          }),
        ),
        Plot.text(
          labelled,
          Plot.stackY({
            x: "mid",
            y: "share",
            text: "text",
            rotate: -90,
            fill: "#111",
            stroke: "white",
            strokeWidth: 3,
            paintOrder: "stroke",
            fontSize: 10,
          }),
        ),
        Plot.ruleY([0]),
        ...(p.referencePoint !== null
          ? [
              Plot.ruleX([p.referencePoint], { stroke: "#555", strokeDasharray: "4,3" }),
              Plot.text([p.referencePoint], {
                x: (d: number) => d,
                frameAnchor: "top",
                text: () => "reference point",
                dy: -18,
                fill: "#555",
              }),
            ]
          : []),
        ...(p.weightedMedian !== null
          ? [
              Plot.ruleX([p.weightedMedian], { stroke: "#000", strokeWidth: 2 }),
              Plot.text([p.weightedMedian], {
                x: (d: number) => d,
                frameAnchor: "top",
                text: (d: number) => `weighted median ${d.toFixed(1)}`,
                dy: -6,
                fontWeight: "bold",
              }),
            ]
          : []),
      ],
    }),
  );
  return describeChart(chart, powerText(p));
}
type PowerViewRow = PowerView["rows"][number];

/**
 * The expected-utility challenge map (Bueno de Mesquita 1994): for the chosen actor
 * i, each other actor j at (E^i(i→j), E^i(j→i)). Right half: i expects to gain by
 * challenging j; upper half: i expects j to gain by challenging i.
 */
export function challengeMapChart(
  m: ChallengeMap,
  names: string[],
  options: ChartOptions = {},
): Chart {
  const extent =
    Math.max(0.1, maxOf(m.points.flatMap((p) => [Math.abs(p.eu), Math.abs(p.otherEu)]))) * 1.15;
  const corner = (
    text: string,
    frameAnchor: "top-right" | "bottom-right" | "top-left" | "bottom-left",
  ) =>
    Plot.text([text], {
      frameAnchor,
      text: (d: string) => d,
      dx: frameAnchor.endsWith("right") ? -6 : 6,
      dy: frameAnchor.startsWith("top") ? 8 : -8,
      fill: "#777",
      fontStyle: "italic",
    });
  const chart = Plot.plot(
    base_(options, {
      height: 480,
      width: options.width ?? 640,
      x: {
        domain: [-extent, extent],
        label: `${shortLabel(m.actorName, 24)} expects from challenging (E^i(i→j)) →`,
        grid: true,
      },
      y: {
        domain: [-extent, extent],
        label: `↑ ${shortLabel(m.actorName, 24)} expects the other to gain (E^i(j→i))`,
        grid: true,
      },
      color: actorColors(names),
      marks: [
        Plot.ruleX([0], { stroke: "#333" }),
        Plot.ruleY([0], { stroke: "#333" }),
        Plot.line(
          [
            [-extent, extent],
            [0, 0],
          ],
          { stroke: "#999", strokeDasharray: "2,3" },
        ),
        Plot.text([[-extent * 0.55, extent * 0.55]], {
          text: () => "above: compromise · below: gives in",
          rotate: 45,
          dy: -6,
          fill: "#999",
          fontSize: 10,
        }),
        corner("conflict: both expect to gain", "top-right"),
        corner(`${shortLabel(m.actorName, 20)} prevails`, "bottom-right"),
        corner(`${shortLabel(m.actorName, 20)} gives ground`, "top-left"),
        corner("status quo: neither challenges", "bottom-left"),
        Plot.dot(m.points, {
          x: "eu",
          y: "otherEu",
          fill: "name",
          r: 5,
          stroke: "white",
          ...(options.tips
            ? {
                tip: true,
                title: (d: { name: string; eu: number; otherEu: number; position: number }) =>
                  `${d.name} (position ${d.position.toFixed(1)})\nchallenge: ${d.eu.toFixed(3)}\nbeing challenged: ${d.otherEu.toFixed(3)}`,
              }
            : {}),
        }),
        Plot.text(clusterLabels(m.points, extent), {
          x: "eu",
          y: "otherEu",
          text: "text",
          dx: 8,
          textAnchor: "start",
          fill: "name",
        }),
      ],
    }),
  );
  return describeChart(chart, challengeText(m));
}

/**
 * One label per group of points that would overprint each other (within 3% of
 * the axis extent): the first actor's name and how many more.
 */
function clusterLabels(
  points: ChallengeMap["points"],
  extent: number,
): { eu: number; otherEu: number; name: string; text: string }[] {
  const tolerance = 0.06 * extent;
  const groups: { eu: number; otherEu: number; names: string[] }[] = [];
  for (const p of points) {
    const g = groups.find(
      (x) => Math.abs(x.eu - p.eu) < tolerance && Math.abs(x.otherEu - p.otherEu) < tolerance / 2,
    );
    if (g) g.names.push(p.name);
    else groups.push({ eu: p.eu, otherEu: p.otherEu, names: [p.name] });
  }
  return groups.map((g) => ({
    eu: g.eu,
    otherEu: g.otherEu,
    name: g.names[0],
    text:
      g.names.length === 1
        ? shortLabel(g.names[0], 22)
        : `${shortLabel(g.names[0], 18)} +${g.names.length - 1}`,
  }));
}

/** Forecasts of run A and run B per issue and model, an arrow from A to B. */
export function comparisonChart(c: Comparison, options: ChartOptions = {}): Chart {
  const rows = c.rows
    .filter((r) => r.a !== null && r.b !== null)
    .map((r) => ({
      ...r,
      issueName: shortLabel(r.name, 36),
      label: `${shortLabel(r.name, 36)} · ${r.model}`,
    }));
  const order = [...new Set(rows.map((r) => r.label))];
  const marginLeft = 330;
  const key = legend(
    [
      { label: "run A", color: "#444", symbol: "circle" },
      { label: "run B", color: "#444" },
      { label: "B above A", color: "#c0392b", symbol: "triangle" },
      { label: "B below A", color: "#2a6fb0", symbol: "triangle" },
    ],
    options.width ?? 760,
    marginLeft,
    8,
  );
  const chart = Plot.plot(
    base_(options, {
      height: 40 + key.height + 18 * order.length,
      marginLeft,
      marginTop: key.height + 14,
      x: { label: "forecast: run A (hollow) → run B (filled)", grid: true },
      y: { domain: order, label: null },
      marks: [
        ...key.marks,
        Plot.arrow(
          rows.filter((r) => r.delta !== 0),
          {
            x1: "a",
            x2: "b",
            y1: "label",
            y2: "label",
            stroke: (d: { delta: number }) => (d.delta > 0 ? "#c0392b" : "#2a6fb0"),
            headLength: 6,
            insetEnd: 4,
          },
        ),
        Plot.dot(rows, { x: "a", y: "label", stroke: "#444", r: 3.5 }),
        Plot.dot(rows, {
          x: "b",
          y: "label",
          fill: "#444",
          r: 3.5,
          ...(options.tips
            ? {
                tip: true,
                title: (d: { a: number; b: number; model: string }) =>
                  `${d.model}: ${d.a.toFixed(1)} → ${d.b.toFixed(1)}`,
              }
            : {}),
        }),
      ],
    }),
  );
  return describeChart(chart, comparisonText(c));
}

/**
 * Monte Carlo forecast distributions on one issue: one row per model, the share of
 * draws per bin of the scale, the median (black tick), the 90% interval (line) and
 * the forecast on the point estimates (hollow dot).
 */
export function distributionChart(d: DistributionView, options: ChartOptions = {}): Chart {
  const models = [...new Set(d.summaries.map((x) => x.model))];
  const intervals = d.summaries
    .filter((x) => x.interval90 !== null)
    .map((x) => ({ model: x.model, lo: x.interval90![0], hi: x.interval90![1] }));
  const medians = d.summaries
    .filter((x) => x.median !== null)
    .map((x) => ({ model: x.model, value: x.median as number }));
  const points = d.summaries
    .filter((x) => x.point !== null)
    .map((x) => ({ model: x.model, value: x.point as number }));
  const marginLeft = 130;
  const key = legend(
    [
      ...models.map((m, i) => ({
        label: `${m}: share of draws`,
        color: PALETTE[i % PALETTE.length],
      })),
      { label: "median", color: "#000", glyph: "┃" },
      { label: "90% interval", color: "#222", glyph: "━" },
      { label: "forecast on the point estimates", color: "#000", symbol: "circle" },
      ...(d.referencePoint !== null
        ? [{ label: "reference point (dashed)", color: "#555", tick: true }]
        : []),
    ],
    options.width ?? 760,
    marginLeft,
    8,
    "top",
    // Drawn once, above the first model's row.
    { fy: () => models[0] },
  );
  const chart = Plot.plot(
    base_(options, {
      height: 30 + key.height + 14 + 78 * models.length,
      marginLeft,
      marginRight: 20,
      marginTop: key.height + 14,
      x: {
        domain: [d.scale.low, d.scale.high],
        label: scaleAxisLabel(`forecast over ${d.draws} draws`, d.scale),
        grid: true,
      },
      fy: { domain: models, label: null },
      y: { axis: null },
      color: { domain: models, range: PALETTE },
      marks: [
        Plot.rectY(d.bins, {
          x1: "x1",
          x2: "x2",
          y: "share",
          fy: "model",
          fill: "model",
          fillOpacity: 0.7,
          inset: 0.3,
          ...(options.tips
            ? {
                tip: true,
                title: (b: { x1: number; x2: number; share: number }) =>
                  `${b.x1.toFixed(1)}–${b.x2.toFixed(1)}: ${b.share.toFixed(1)}% of draws`,
              }
            : {}),
        }),
        Plot.ruleY([0]),
        Plot.link(intervals, {
          x1: "lo",
          x2: "hi",
          y1: 0,
          y2: 0,
          fy: "model",
          stroke: "#222",
          strokeWidth: 2.5,
        }),
        Plot.tickX(medians, { x: "value", fy: "model", stroke: "#000", strokeWidth: 2.5 }),
        Plot.dot(points, { x: "value", y: 0, fy: "model", stroke: "#000", fill: "white", r: 4 }),
        ...(d.referencePoint !== null
          ? [Plot.ruleX([d.referencePoint], { stroke: "#555", strokeDasharray: "4,3" })]
          : []),
        ...key.marks,
      ],
    }),
  );
  return describeChart(chart, distributionText(d));
}

/**
 * The tornado of one model's forecast on one issue: for each input (largest swing
 * on top), the forecast with the input at its low value (blue) and its high value
 * (red), from the baseline forecast (the vertical line).
 */
export function tornadoChart(t: TornadoView, options: ChartOptions = {}): Chart {
  const base = t.baseline ?? 0;
  const rows = t.bars.flatMap((b) => [
    ...(b.forecastLow !== null
      ? [{ input: b.input, side: `input low`, from: base, to: b.forecastLow, value: b.low }]
      : []),
    ...(b.forecastHigh !== null
      ? [{ input: b.input, side: `input high`, from: base, to: b.forecastHigh, value: b.high }]
      : []),
  ]);
  const order = t.bars.map((b) => b.input);
  const key = legend(
    [
      { label: "input at its low value", color: "#2a6fb0" },
      { label: "input at its high value", color: "#c0392b" },
      {
        label: `baseline forecast ${t.baseline === null ? "–" : t.baseline.toFixed(1)}`,
        color: "#000",
        tick: true,
      },
    ],
    options.width ?? 760,
    250,
    8,
  );
  const chart = Plot.plot(
    base_(options, {
      height: 50 + key.height + 22 * Math.max(1, order.length),
      marginLeft: 250,
      marginTop: key.height + 14,
      x: {
        domain: [t.scale.low, t.scale.high],
        label: scaleAxisLabel(`${t.model} forecast`, t.scale),
        grid: true,
      },
      y: { domain: order, label: null },
      color: { domain: ["input low", "input high"], range: ["#2a6fb0", "#c0392b"] },
      marks: [
        ...key.marks,
        Plot.barX(rows, {
          y: "input",
          x1: "from",
          x2: "to",
          fill: "side",
          fillOpacity: 0.8,
          insetTop: 2,
          insetBottom: 2,
          ...(options.tips
            ? {
                tip: true,
                title: (d: { input: string; side: string; value: number; to: number }) =>
                  `${d.input} at ${d.value.toFixed(1)}: forecast ${d.to.toFixed(1)}`,
              }
            : {}),
        }),
        ...(t.baseline !== null
          ? [Plot.ruleX([t.baseline], { stroke: "#000", strokeWidth: 1.5 })]
          : []),
      ],
    }),
  );
  return describeChart(chart, tornadoText(t));
}
