/**
 * The headline as text: one row per issue with the point forecast, the 50% and 90%
 * predictive intervals, the probabilities of the thresholds asked for, the range of
 * the other models and the decisive actors; and the same as CSV cells. Plain data
 * in (`computeHeadline`), text out.
 */
import Table from "cli-table3";
import type { HeadlineIssue, HeadlineStatement } from "../analysis/headline.js";
import { decimalsForScale, formatNumber, type Names } from "./format.js";

export interface Headline {
  statement: HeadlineStatement;
  issues: HeadlineIssue[];
}

/** Figures of one issue, with the decimals its scale calls for. */
function figures(issue: HeadlineIssue) {
  const d = decimalsForScale(issue.scale.low, issue.scale.high);
  const n = (x: number) => formatNumber(x, d);
  const range = (i: [number, number] | null) => (i ? `${n(i[0])}–${n(i[1])}` : "–");
  return { n, range };
}
const byId: Names = { name: (id) => id, short: (id) => id };

/** "P(≥ 75) 19.8%" per threshold. */
export function thresholdCell(issue: HeadlineIssue): string {
  return (issue.thresholds ?? [])
    .map((t) => `P(${t.threshold.slice(issue.issue.length)}) ${(100 * t.probability).toFixed(1)}%`)
    .join("; ");
}

/** Veto players and pivots by role, then the actors whose weight moves the point. */
export function decisiveCell(issue: HeadlineIssue, names: Names = byId): string {
  const { n } = figures(issue);
  const actors = issue.decisiveActors ?? [];
  const parts: string[] = [];
  const veto = actors.filter((a) => a.role === "veto player").map((a) => names.short(a.actor));
  const pivot = actors.filter((a) => a.role === "pivot").map((a) => names.short(a.actor));
  const weight = actors
    .filter((a) => a.role === "weight")
    .map((a) => `${names.short(a.actor)} ${a.effect! > 0 ? "+" : "−"}${n(Math.abs(a.effect!))}`);
  if (veto.length > 0) parts.push(`veto: ${veto.join(", ")}`);
  if (pivot.length > 0) parts.push(`pivot: ${pivot.join(", ")}`);
  if (weight.length > 0) parts.push(`without: ${weight.join(", ")}`);
  return parts.join("; ");
}

/**
 * The headline table; with `actors` and `issues` names (`scenarioLabels`), rows and
 * actors read by their short names, otherwise by id.
 */
export function renderHeadlineTable(
  headline: Headline,
  names: { actors?: Names; issues?: Names } = {},
): string {
  const actorNames = names.actors ?? byId;
  const issueNames = names.issues ?? byId;
  const withThresholds = headline.issues.some((i) => (i.thresholds ?? []).length > 0);
  const head = [
    "issue",
    "forecast",
    "50% interval",
    "90% interval",
    ...(withThresholds ? ["probability"] : []),
    "other models",
    "decisive actors",
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const issue of headline.issues) {
    const { n, range } = figures(issue);
    table.push([
      issueNames.short(issue.issue),
      issue.forecast === null ? "–" : n(issue.forecast),
      range(issue.interval50),
      range(issue.interval90),
      ...(withThresholds ? [thresholdCell(issue)] : []),
      issue.disagreement ? `${n(issue.disagreement.min)}–${n(issue.disagreement.max)}` : "–",
      decisiveCell(issue, actorNames),
    ]);
  }
  const notes = headline.issues
    .filter((i) => i.note)
    .map((i) => `  ${issueNames.short(i.issue)}: ${i.note}`);
  return [
    headline.statement.line,
    table.toString(),
    "without X: how far the forecast moves if X's weight is left out; veto, pivot: from the issue's decision rule.",
    ...notes,
  ].join("\n");
}

/** The headline's CSV columns and the cells of one issue. */
export function headlineCsvColumns(headline: Headline): string[] {
  const thresholds = [
    ...new Set(headline.issues.flatMap((i) => (i.thresholds ?? []).map((t) => t.threshold))),
  ];
  return [
    "headline",
    "headline_50_low",
    "headline_50_high",
    "headline_90_low",
    "headline_90_high",
    ...thresholds.map((t) => `probability_${t}`),
  ];
}

export function headlineCsvCells(headline: Headline, issueId: string): (number | string)[] {
  const issue = headline.issues.find((i) => i.issue === issueId);
  const thresholds = headlineCsvColumns(headline)
    .slice(5)
    .map((c) => c.slice("probability_".length));
  return [
    issue?.forecast ?? "",
    issue?.interval50?.[0] ?? "",
    issue?.interval50?.[1] ?? "",
    issue?.interval90?.[0] ?? "",
    issue?.interval90?.[1] ?? "",
    ...thresholds.map((t) => issue?.thresholds?.find((x) => x.threshold === t)?.probability ?? ""),
  ];
}

/**
 * The headline of one issue in words, for `entente explain`: the forecast and its
 * intervals, the thresholds, the other models' range, the decisive actors.
 */
export function headlineExplainLines(
  headline: Headline,
  issueId: string,
  name: (id: string) => string = (id) => id,
): string[] {
  const issue = headline.issues.find((i) => i.issue === issueId);
  if (!issue) return [];
  const { n, range } = figures(issue);
  const out = [headline.statement.line];
  if (issue.forecast === null) {
    out.push(`Headline: no forecast (${issue.note ?? "no weight"}).`);
    return out;
  }
  out.push(
    `Headline forecast: ${n(issue.forecast)}; 50% interval ${range(issue.interval50)}, 90% interval ${range(issue.interval90)} (scale ${n(issue.scale.low)}–${n(issue.scale.high)}).`,
  );
  for (const t of issue.thresholds ?? [])
    out.push(`  Probability of ${t.threshold}: ${(100 * t.probability).toFixed(1)}%.`);
  if (issue.disagreement)
    out.push(
      `  The other models say ${n(issue.disagreement.min)} (${issue.disagreement.minModel}) to ${n(issue.disagreement.max)} (${issue.disagreement.maxModel}).`,
    );
  const weight = (issue.decisiveActors ?? []).filter((a) => a.role === "weight");
  if (weight.length > 0)
    out.push(
      `  Whose weight moves it most: ${weight
        .map(
          (a) =>
            `${name(a.actor)} at ${n(a.position)} (without its weight the forecast would be ${n(issue.forecast! + a.effect!)})`,
        )
        .join("; ")}.`,
    );
  return out;
}
