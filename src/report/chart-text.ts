/**
 * What the charts say in words: a title and a text alternative (the data in a
 * sentence or two, with names, not ids) for each chart of view-charts.ts, the axis
 * label of an issue's scale (its ends and their labels), and the `role="img"`,
 * `<title>` and `<desc>` (named by `aria-labelledby`) that make an SVG chart
 * readable by a screen reader and in any SVG viewer.
 */
import type {
  ChallengeMap,
  Comparison,
  DistributionView,
  ForecastTable,
  PowerView,
  TornadoView,
  Trajectory,
} from "./views.js";
import { decimalsForScale, formatDifference, formatNumber } from "./format.js";

export interface ChartText {
  title: string;
  desc: string;
}

type Scale = { low: number; high: number };
type Anchor = { value: number; label: string };

const SVG_NS = "http://www.w3.org/2000/svg";

/** What the charts need of a DOM node (the browser's or linkedom's; this code builds without the DOM's types). */
export interface SvgNode {
  readonly ownerDocument: SvgDocument;
  readonly firstChild: unknown;
  textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selectors: string): ArrayLike<SvgNode>;
  insertBefore(node: SvgNode, before: unknown): unknown;
  appendChild(node: SvgNode): unknown;
}
export interface SvgDocument {
  createElementNS(ns: string, name: string): SvgNode;
}

const fmt = (x: number | null | undefined, scale: Scale) =>
  formatNumber(x, decimalsForScale(scale.low, scale.high));

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

/** A short, stable hash of a text (FNV-1a, base 36), for ids that do not change between draws. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * The label of an axis on an issue's scale: what is measured, the scale's ends and,
 * when the issue labels them, what the ends mean, e.g.
 * "position (scale 0–100; 0: all lifted, 100: widened and written into law…)".
 */
export function scaleAxisLabel(what: string, scale: Scale, anchors: Anchor[] = []): string {
  const end = (v: number) => anchors.find((a) => a.value === v)?.label;
  const low = end(scale.low);
  const high = end(scale.high);
  const ends = [
    low ? `${scale.low}: ${clip(low, 28)}` : null,
    high ? `${scale.high}: ${clip(high, 28)}` : null,
  ].filter(Boolean);
  return `${what} (scale ${scale.low}–${scale.high}${ends.length > 0 ? `; ${ends.join(", ")}` : ""})`;
}

/**
 * Makes a chart's SVG an image with a name and a description: `role="img"`, a
 * `<title>` and a `<desc>` as its first children, and `aria-labelledby` naming both.
 * The ids come from the text, so they are stable and differ between charts. The names
 * Plot gives its marks' groups (`aria-label="dot"`, "x-axis tick", …) are removed:
 * inside an image they are not read, and ARIA does not allow them on a plain `<g>`.
 */
export function describeChart<T>(chart: T, text: ChartText): T {
  const svg = chart as unknown as SvgNode;
  const doc = svg.ownerDocument;
  const id = `chart-${hash(`${text.title}\n${text.desc}`)}`;
  const title = doc.createElementNS(SVG_NS, "title");
  title.setAttribute("id", `${id}-title`);
  title.textContent = text.title;
  const desc = doc.createElementNS(SVG_NS, "desc");
  desc.setAttribute("id", `${id}-desc`);
  desc.textContent = text.desc;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, desc);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", `${id}-title ${id}-desc`);
  const named = svg.querySelectorAll("[aria-label], [aria-description]");
  for (let i = 0; i < named.length; i++) {
    named[i].removeAttribute("aria-label");
    named[i].removeAttribute("aria-description");
  }
  return chart;
}

export function forecastText(table: ForecastTable): ChartText {
  const issues = table.rows.map((r) => {
    const values = table.models
      .filter((m) => r.forecasts[m] !== null)
      .map((m) => `${m} ${fmt(r.forecasts[m], r.scale)}`);
    const ref =
      r.referencePoint === null ? "" : `; reference point ${fmt(r.referencePoint, r.scale)}`;
    return `${r.name} (scale ${r.scale.low}–${r.scale.high}): ${values.length > 0 ? values.join(", ") : "no forecast"}${ref}.`;
  });
  return {
    title: `Forecasts by model on ${table.rows.length} issue${table.rows.length === 1 ? "" : "s"}`,
    desc: issues.join(" "),
  };
}

export function trajectoryText(t: Trajectory): ChartText {
  const last = Math.max(0, ...t.points.map((p) => p.round));
  const first = t.forecast[0];
  const end = t.forecast[t.forecast.length - 1];
  const finals = t.points
    .filter((p) => p.round === last)
    .sort((a, b) => a.position - b.position)
    .map((p) => `${p.name} ${fmt(p.position, t.scale)}`);
  return {
    title: `Positions by round on ${t.issueName} (${t.model})`,
    desc:
      `${t.model} over ${last} round${last === 1 ? "" : "s"} on ${t.issueName} (scale ${t.scale.low}–${t.scale.high}). ` +
      (first && end
        ? `The forecast moves from ${fmt(first.value, t.scale)} (round ${first.round}) to ${fmt(end.value, t.scale)} (round ${end.round}). `
        : "") +
      (t.referencePoint !== null ? `Reference point ${fmt(t.referencePoint, t.scale)}. ` : "") +
      `Positions after the last round, low to high: ${finals.join(", ")}.`,
  };
}

export function powerText(p: PowerView): ChartText {
  const rows = [...p.rows]
    .sort((a, b) => b.share - a.share)
    .map((r) => `${r.name} ${formatNumber(r.share, 1)}% at ${fmt(r.position, p.scale)}`);
  return {
    title: `Effective power by position on ${p.issueName}`,
    desc:
      `Each actor's share of the effective power (capability × salience) on ${p.issueName}, at its position on the scale ${p.scale.low}–${p.scale.high}, largest first: ${rows.join(", ")}.` +
      (p.weightedMedian !== null ? ` Weighted median ${fmt(p.weightedMedian, p.scale)}.` : "") +
      (p.referencePoint !== null ? ` Reference point ${fmt(p.referencePoint, p.scale)}.` : ""),
  };
}

const QUADRANTS: Record<ChallengeMap["points"][number]["quadrant"], string> = {
  conflict: "conflict (both expect to gain)",
  prevails: "prevails",
  "gives-ground": "gives ground",
  "status-quo": "status quo (neither challenges)",
};

export function challengeText(m: ChallengeMap): ChartText {
  const groups = (Object.keys(QUADRANTS) as (keyof typeof QUADRANTS)[])
    .map((q) => ({ q, names: m.points.filter((p) => p.quadrant === q).map((p) => p.name) }))
    .filter((g) => g.names.length > 0)
    .map(
      (g) =>
        `${g.q === "prevails" ? `${m.actorName} prevails` : g.q === "gives-ground" ? `${m.actorName} gives ground` : QUADRANTS[g.q]}: ${g.names.join(", ")}`,
    );
  return {
    title: `Challenge map of ${m.actorName} on ${m.issueName}, round ${m.round}`,
    desc: `What ${m.actorName} expects from challenging each other actor on ${m.issueName} and from being challenged, before round ${m.round} of ${m.rounds}. ${groups.join(". ")}.`,
  };
}

export function comparisonText(c: Comparison): ChartText {
  const rows = c.rows.filter((r) => r.a !== null && r.b !== null);
  const moved = rows.filter((r) => r.delta !== null && Math.abs(r.delta) > 1e-9);
  return {
    title: "Forecasts of run A and run B",
    desc:
      moved.length === 0
        ? `No forecast differs between the two runs (${rows.length} compared).`
        : `${moved.length} of ${rows.length} forecasts differ: ` +
          moved
            .map(
              (r) =>
                `${r.name}, ${r.model}: ${formatNumber(r.a, 1)} → ${formatNumber(r.b, 1)} (${formatDifference(r.delta, 1)})`,
            )
            .join("; ") +
          ".",
  };
}

export function distributionText(d: DistributionView): ChartText {
  const models = d.summaries.map((s) => {
    const interval =
      s.interval90 === null
        ? ""
        : `, 90% interval ${fmt(s.interval90[0], d.scale)}–${fmt(s.interval90[1], d.scale)}`;
    return `${s.model}: median ${fmt(s.median, d.scale)}${interval}, point forecast ${fmt(s.point, d.scale)}`;
  });
  return {
    title: `Forecast distributions on ${d.issueName} over ${d.draws} draws`,
    desc:
      `The share of ${d.draws} Monte Carlo draws in each bin of the scale ${d.scale.low}–${d.scale.high}, per model. ` +
      `${models.join("; ")}.` +
      (d.referencePoint !== null ? ` Reference point ${fmt(d.referencePoint, d.scale)}.` : ""),
  };
}

export function tornadoText(t: TornadoView): ChartText {
  const bars = t.bars
    .slice(0, 5)
    .map(
      (b) =>
        `${b.input}: ${fmt(b.forecastLow, t.scale)} at its low value, ${fmt(b.forecastHigh, t.scale)} at its high value`,
    );
  return {
    title: `What moves the ${t.model} forecast on ${t.issueName}`,
    desc:
      `Baseline forecast ${fmt(t.baseline, t.scale)} on the scale ${t.scale.low}–${t.scale.high}. ` +
      (bars.length > 0
        ? `Largest swings first: ${bars.join("; ")}${t.bars.length > 5 ? `; and ${t.bars.length - 5} more` : ""}.`
        : "No input moves this forecast."),
  };
}
