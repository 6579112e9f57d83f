/**
 * The forecast table: one row per issue, the reference point, chosen actors'
 * positions, and each model's forecast. As text (for a terminal), CSV, or rows.
 */
import Table from "cli-table3";
import type { RunResult } from "../run.js";
import { formatNumber, scenarioLabels } from "./format.js";
import {
  headlineCsvCells,
  headlineCsvColumns,
  renderHeadlineTable,
  type Headline,
} from "./headline-table.js";

export interface ForecastTableOptions {
  /** Actor ids whose positions are shown beside the forecasts. */
  showActors?: string[];
  /** The headline, shown first (`computeHeadline`). */
  headline?: Headline;
}

export interface ForecastRow {
  issue: string;
  name: string;
  referencePoint: number | null;
  actors: Record<string, number | null>;
  forecasts: Record<string, number | null>;
  notes: Record<string, string>;
}

export function forecastRows(result: RunResult, options: ForecastTableOptions = {}): ForecastRow[] {
  const { scenario } = result;
  return scenario.issues.map((issue) => {
    const actors: Record<string, number | null> = {};
    for (const a of options.showActors ?? [])
      actors[a] =
        scenario.stances.find((s) => s.actor === a && s.issue === issue.id)?.position ?? null;
    const forecasts: Record<string, number | null> = {};
    const notes: Record<string, string> = {};
    for (const run of result.runs) {
      const r = run.issues.find((x) => x.issue === issue.id);
      forecasts[run.model] = r?.forecast ?? null;
      if (r?.note) notes[run.model] = r.note;
    }
    return {
      issue: issue.id,
      name: issue.name,
      referencePoint: issue.referencePoint ?? null,
      actors,
      forecasts,
      notes,
    };
  });
}

export function renderForecastTable(result: RunResult, options: ForecastTableOptions = {}): string {
  const rows = forecastRows(result, options);
  const models = result.runs.map((r) => r.model);
  // Rows and columns by short names (format.ts), figures with the decimals of each scale.
  const labels = scenarioLabels(result.scenario);
  const head = [
    "issue",
    "ref. point",
    ...(options.showActors ?? []).map((a) => `${labels.actors.short(a)} (pos.)`),
    ...models,
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const row of rows) {
    const d = labels.decimals(row.issue);
    table.push([
      labels.issues.short(row.issue),
      formatNumber(row.referencePoint, d),
      ...(options.showActors ?? []).map((a) => formatNumber(row.actors[a], d)),
      ...models.map((m) => formatNumber(row.forecasts[m], d)),
    ]);
  }
  // Notes: one line per model and text, naming the issues it applies to.
  const notes: string[] = [];
  for (const run of result.runs) {
    for (const note of run.notes ?? []) notes.push(`  ${run.model}: ${note}`);
    const byText = new Map<string, string[]>();
    for (const row of rows) {
      const note = row.notes[run.model];
      if (note) byText.set(note, [...(byText.get(note) ?? []), labels.issues.short(row.issue)]);
    }
    for (const [note, issues] of byText)
      notes.push(
        `  ${run.model} (${issues.length === rows.length && rows.length > 1 ? "every issue" : issues.join(", ")}): ${note}`,
      );
  }
  const title = `${result.scenario.metadata.title}${result.scenario.metadata.asOf ? ` (as of ${result.scenario.metadata.asOf})` : ""}`;
  return [
    title,
    ...(options.headline
      ? [
          renderHeadlineTable(options.headline, labels),
          "",
          "Single models, each as it is (not forecasts we vouch for):",
        ]
      : []),
    table.toString(),
    ...(notes.length > 0 ? ["Notes:", ...notes] : []),
  ].join("\n");
}

export function renderForecastCsv(result: RunResult, options: ForecastTableOptions = {}): string {
  const rows = forecastRows(result, options);
  const models = result.runs.map((r) => r.model);
  const actors = options.showActors ?? [];
  const headline = options.headline;
  const lines = [
    [
      "issue",
      "reference_point",
      ...(headline ? headlineCsvColumns(headline) : []),
      ...actors.map((a) => `position_${a}`),
      ...models,
    ].join(","),
  ];
  for (const row of rows)
    lines.push(
      [
        row.issue,
        row.referencePoint ?? "",
        ...(headline ? headlineCsvCells(headline, row.issue) : []),
        ...actors.map((a) => row.actors[a] ?? ""),
        ...models.map((m) => row.forecasts[m] ?? ""),
      ].join(","),
    );
  return lines.join("\n") + "\n";
}
