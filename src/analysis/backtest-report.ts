/**
 * The DEU backtest's result for people and for other programs: a terminal table, a
 * CSV of the summary rows, a long ("tidy") CSV of every forecast for R or pandas,
 * and a Markdown table (docs/accuracy.md). Pure functions of a `BacktestResult`;
 * the HTML report is in `src/report/backtest-html.ts`.
 */
import Table from "cli-table3";
import type { BacktestGroup, BacktestResult, BacktestRow, CapabilityOption } from "./backtest.js";
import { DROPPED_ERROR_VARIANTS } from "./error-model.js";

/** Two decimals, or "–" where there is no value. */
export function fixed2(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(2);
}

/** A signed figure with two decimals ("+1.20", "−0.35"). */
export function signed2(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const s = Math.abs(x).toFixed(2);
  return x < 0 && s !== "0.00" ? `−${s}` : `+${s}`;
}

export function percent1(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "–";
}

/** "Δ [low, high]" of a row against the baseline, or "(baseline)". */
export function formatInterval(row: BacktestRow): string {
  const v = row.vsBaseline;
  if (!v) return "(baseline)";
  if (v.n === 0) return "– (no issue in common)";
  return `${signed2(v.difference)} [${signed2(v.low)}, ${signed2(v.high)}]`;
}

const CAPABILITY_WORDS: Record<CapabilityOption, string> = {
  equal: "every actor 1",
  "council-votes": "member states' share of the era's Council votes (Lisbon: of the population)",
  "shapley-shubik":
    "member states' Shapley–Shubik index in the era's QMV game (equal under unanimity)",
  banzhaf: "member states' normalised Banzhaf index in the era's QMV game (equal under unanimity)",
};

function levelPercent(result: BacktestResult): string {
  return `${Math.round(result.settings.level * 1000) / 10}%`;
}

/** Lines explaining the figures under a table. */
function legend(result: BacktestResult): string[] {
  const s = result.settings;
  const unit = s.bootstrapUnit === "proposal" ? "whole proposals" : "issues";
  return [
    `MAE, median and RMSE of the absolute error on the 0–100 scale; "≤${s.within}" the share of issues within ${s.within} points.`,
    `Δ: mean of (error − error of ${s.baseline}) on the issues both scored, with a ${levelPercent(result)} paired bootstrap interval (${s.resamples} resamples of ${unit}, seed ${s.seed}); negative is better than the baseline.`,
  ];
}

/**
 * The reasons rows gave no forecast, one line per model and reason: rows of the same
 * model with the same reason and count are named together.
 */
export function missingNotes(rows: BacktestRow[], scored: number): string[] {
  const byModel = new Map<string, BacktestRow[]>();
  for (const row of rows) {
    if (!byModel.has(row.model)) byModel.set(row.model, []);
    byModel.get(row.model)!.push(row);
  }
  const out: string[] = [];
  const seen = new Map<string, string[]>();
  for (const row of rows)
    for (const m of row.missing) {
      const key = `${row.model}\u0000${m.count}\u0000${m.note}`;
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key)!.push(row.id);
    }
  for (const [key, ids] of seen) {
    const [model, count, note] = key.split("\u0000");
    const all = byModel.get(model)!;
    const who =
      ids.length > 1 && ids.length === all.length
        ? `${model} (every capability option)`
        : ids.join(", ");
    out.push(`${who}: ${count} of ${scored} issues without a forecast: ${note}`);
  }
  return out;
}

/** Notes under a table: missing forecasts and in-sample rows. */
export function rowNotes(rows: BacktestRow[], scored: number): string[] {
  const out = missingNotes(rows, scored);
  for (const row of rows)
    if (row.inSample)
      out.push(
        `${row.id}: its weights were fitted on the proposals of ${row.inSample} of these issues, so its error on them is in-sample; ${row.model}/cv is the cross-validated figure`,
      );
  return out;
}

function rowsTable(rows: BacktestRow[], result: BacktestResult): string {
  const table = new Table({
    head: [
      "model/capability",
      "n",
      "MAE",
      "median",
      "RMSE",
      `≤${result.settings.within}`,
      `Δ vs ${result.settings.baseline} [${levelPercent(result)}]`,
    ],
    colAligns: ["left", "right", "right", "right", "right", "right", "left"],
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows)
    table.push([
      row.id,
      String(row.summary.n),
      fixed2(row.summary.mae),
      fixed2(row.summary.medianAe),
      fixed2(row.summary.rmse),
      percent1(row.summary.withinShare),
      formatInterval(row),
    ]);
  return table.toString();
}

function groupTitle(group: BacktestGroup): string {
  return `By ${group.by} = ${group.value} (${group.scored} issue${group.scored === 1 ? "" : "s"})`;
}

/** The headline's figures as lines of text (terminal and Markdown). */
export function headlineLines(result: BacktestResult, markdown: boolean): string[] {
  const h = result.headline;
  if (!h) return [];
  const scoredBy =
    h.shipped === 0
      ? `all ${h.n} scored by ${h.folds}-fold cross-validation grouped by proposal (seed ${h.seed}: the error model refitted on the other folds; the table is the one it was fitted on)`
      : h.crossValidated === 0
        ? `all ${h.n} scored with the shipped error model (none of their proposals was in its fit)`
        : `${h.crossValidated} scored by cross-validation grouped by proposal (their proposals were in the error model's fit), ${h.shipped} with the shipped error model`;
  const figures = [
    ["n", String(h.n)],
    ["MAE", fixed2(h.mae)],
    ["coverage 50%", percent1(h.coverage50)],
    ["coverage 90%", percent1(h.coverage90)],
    ["width 50%", fixed2(h.width50)],
    ["width 90%", fixed2(h.width90)],
    ["CRPS", fixed2(h.crps)],
    ["climatology CRPS", fixed2(h.climatologyCrps)],
  ];
  const lines: string[] = [];
  if (markdown)
    lines.push(
      `| ${figures.map((f) => f[0]).join(" | ")} |`,
      `|${figures.map(() => "--:").join("|")}|`,
      `| ${figures.map((f) => f[1]).join(" | ")} |`,
    );
  else lines.push(figures.map(([k, v]) => `${k} ${v}`).join(", "));
  lines.push(
    "",
    `Point: ${h.model} (on a scenario: the compromise model with the scenario's capabilities × saliences). Predictive distribution: the point plus the residuals of the error model fitted on ${h.errorModel}; issues: ${scoredBy}. ` +
      `CRPS in points (lower is better); climatology: the outcomes of the table the error model was fitted on, as a forecast for every issue. PIT histogram (10 bins of 0–1, a calibrated forecast has them even): ${h.pit.join(" ")}.`,
  );
  if (h.selection)
    lines.push(
      "",
      `Error model: ${h.selection.variants} variants tried (residuals as shares of the scale or of the way to its ends; unconditioned or split at the median spread of positions or number of actors); cross-validated CRPS ${Object.entries(
        h.selection.crossValidatedCrps,
      )
        .map(([id, v]) => `${id} ${fixed2(v)}`)
        .join(
          ", ",
        )}; the choice among them scored by nested cross-validation: CRPS ${fixed2(h.selection.nested.crps)}. Shipped: ${h.selection.shipped}, because ${h.selection.reason}. ` +
        `Also tried while developing it and dropped (${DROPPED_ERROR_VARIANTS.length} more, ${h.selection.variants + DROPPED_ERROR_VARIANTS.length} in all; cross-validated CRPS on the dev table): ${DROPPED_ERROR_VARIANTS.map((d) => `${d.variant} ${fixed2(d.crps)}`).join("; ")}.`,
    );
  const nested = result.nested;
  const row = nested && result.rows.find((r) => r.id === nested.row);
  if (nested && row)
    lines.push(
      "",
      `Why the compromise model is the point: the search that produced the institutional compromise (${nested.variants} variants: its ${nested.variantIds.filter((id) => id.startsWith("institutional-compromise(")).length} option variants with fitted weights, and ${nested.variantIds.filter((id) => !id.startsWith("institutional-compromise(")).join(", ")}) redone inside each of ${nested.folds} outer folds (${nested.innerFolds} inner folds, grouped by proposal) scores ${row.id} ${fixed2(row.summary.mae)}, ${formatInterval(row)} against ${result.settings.baseline}` +
        (row.vsBaseline && row.vsBaseline.high >= 0
          ? ": the interval includes no gain, so the point stays the compromise model."
          : ": a gain; consider it for the point.") +
        ` Chosen in the outer folds: ${Object.entries(nested.chosen)
          .map(([id, c]) => `${id} ${c}×`)
          .join(", ")}.`,
    );
  return lines;
}

/** The terminal report: summary table, subgroup tables, notes. */
export function renderBacktestTable(result: BacktestResult): string {
  const s = result.settings;
  const lines: string[] = [
    `DEU backtest${result.file ? ` of ${result.file}` : ""}: ${result.scored} issues scored (outcome known, at least ${s.minStances} actors with position and salience).`,
    result.read,
    "",
    ...(result.headline ? ["Headline forecast:", ...headlineLines(result, false), ""] : []),
    rowsTable(result.rows, result),
    ...legend(result),
  ];
  for (const group of result.groups)
    lines.push("", groupTitle(group), rowsTable(group.rows, result));
  const notes = [...rowNotes(result.rows, result.scored), ...result.notes];
  if (result.crossValidation) {
    const cv = result.crossValidation;
    const w = cv.fullFit.weights;
    notes.push(
      `${cv.model}/cv: weights refitted on the other folds of a ${cv.folds}-fold cross-validation grouped by proposal (seed ${cv.seed}); weights fitted on all of this table: Council ${w.council}, Commission ${w.commission}, Parliament ${w.parliament} (in-sample MAE ${fixed2(cv.fullFit.mae)})`,
    );
  }
  notes.push(
    `capabilities: ${s.capabilities.map((c) => `${c} = ${CAPABILITY_WORDS[c]}`).join("; ")}; Commission: ${s.commission}, Parliament: ${s.parliament} (of the era's member states)`,
  );
  lines.push("", "Notes:", ...notes.map((n) => `  ${n}`));
  lines.push(
    "",
    "Data: DEU III, Arregui & Perarnaud (2021), doi 10.34810/data53, CC BY 4.0 (where the table is DEU III).",
  );
  return lines.join("\n") + "\n";
}

/** RFC 4180 field quoting. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",");
}

/** One line per row and subgroup: the summary figures, full precision. */
export function renderBacktestCsv(result: BacktestResult): string {
  const head = [
    "group_by",
    "group",
    "row",
    "model",
    "capability",
    "n",
    "mae",
    "median_ae",
    "rmse",
    "within_share",
    "delta",
    "delta_low",
    "delta_high",
    "delta_n",
    "no_forecast",
    "in_sample",
  ];
  const lines = [csvLine(head)];
  const add = (by: string, value: string, rows: BacktestRow[]) => {
    for (const r of rows)
      lines.push(
        csvLine([
          by,
          value,
          r.id,
          r.model,
          r.capability,
          r.summary.n,
          r.summary.mae,
          r.summary.medianAe,
          r.summary.rmse,
          r.summary.withinShare,
          r.vsBaseline?.difference,
          r.vsBaseline?.low,
          r.vsBaseline?.high,
          r.vsBaseline?.n,
          r.missing.reduce((t, m) => t + m.count, 0),
          r.inSample ?? 0,
        ]),
      );
  };
  add("all", "all", result.rows);
  for (const g of result.groups) add(g.by, g.value, g.rows);
  return lines.join("\n") + "\n";
}

/**
 * Every forecast, one line per scored issue and row (long format): the issue's
 * description, its outcome, the forecast, the absolute error and the model's note.
 */
export function renderPerIssueCsv(result: BacktestResult): string {
  const head = [
    "issue",
    "proposal",
    "line",
    "type",
    "procedure",
    "voting_rule",
    "era",
    "council",
    "stances",
    "reference_point",
    "outcome",
    "row",
    "model",
    "capability",
    "forecast",
    "abs_error",
    "note",
  ];
  const lines = [csvLine(head)];
  for (const issue of result.issues)
    for (const row of result.rows) {
      const f = issue.forecasts[row.id] ?? null;
      lines.push(
        csvLine([
          issue.issue,
          issue.proposal,
          issue.line,
          issue.type,
          issue.procedure,
          issue.votingRule,
          issue.era,
          issue.council,
          issue.stances,
          issue.referencePoint,
          issue.outcome,
          row.id,
          row.model,
          row.capability,
          f,
          f === null ? null : Math.abs(f - issue.outcome),
          issue.notes[row.id] ?? "",
        ]),
      );
    }
  return lines.join("\n") + "\n";
}

function markdownEscape(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function markdownRows(rows: BacktestRow[], result: BacktestResult): string[] {
  const out = [
    `| model/capability | n | MAE | median | RMSE | ≤${result.settings.within} | Δ vs ${result.settings.baseline} [${levelPercent(result)}] |`,
    "|---|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of rows)
    out.push(
      `| ${markdownEscape(r.id)}${r.inSample ? " ¹" : ""} | ${r.summary.n} | ${fixed2(r.summary.mae)} | ${fixed2(r.summary.medianAe)} | ${fixed2(r.summary.rmse)} | ${percent1(r.summary.withinShare)} | ${formatInterval(r)} |`,
    );
  return out;
}

/** A Markdown page with the summary table (and subgroup tables), for docs/accuracy.md. */
export function renderBacktestMarkdown(
  result: BacktestResult,
  options: { command?: string } = {},
): string {
  const s = result.settings;
  const lines: string[] = [
    "# Accuracy on the DEU backtest",
    "",
    `<!-- Generated by ${options.command ?? "entente backtest"} (entente ${result.entente}); do not edit by hand. -->`,
    "",
    `${result.scored} issues of ${result.file ?? "the table"} scored (outcome known, at least ${s.minStances} actors with position and salience). ` +
      `Data: DEU III, Arregui & Perarnaud (2021), doi 10.34810/data53, CC BY 4.0.`,
    "",
    ...(result.headline
      ? ["## The headline forecast", "", ...headlineLines(result, true), "", "## Every model", ""]
      : []),
    ...markdownRows(result.rows, result),
    "",
    ...legend(result),
  ];
  const inSample = result.rows.find((r) => r.inSample);
  if (inSample)
    lines.push(
      "",
      `¹ In-sample: the weights of ${inSample.model} were fitted on these issues; ${inSample.model}/cv refits the weights on the other folds (grouped by proposal), but its variant was chosen on this whole table, outside the folds; ${inSample.model}/nested-cv makes that choice inside the folds too, the only one of the three that is an out-of-sample figure.`,
    );
  const models = new Map<string, string>();
  for (const r of result.rows) if (!models.has(r.model)) models.set(r.model, r.name);
  lines.push(
    "",
    "Models: " +
      [...models].map(([id, name]) => `\`${id}\` ${markdownEscape(name)}`).join("; ") +
      ". Capability options: " +
      s.capabilities.map((c) => `\`${c}\` ${CAPABILITY_WORDS[c]}`).join("; ") +
      `; the Commission and the Parliament: ${s.commission} and ${s.parliament} of the era's member states. ` +
      "`any`: the model's forecasts do not change with the capability option.",
  );
  const missing = missingNotes(result.rows, result.scored);
  if (missing.length > 0) lines.push("", ...missing.map((n) => `- ${markdownEscape(n)}`));
  for (const group of result.groups)
    lines.push("", `## ${groupTitle(group)}`, "", ...markdownRows(group.rows, result));
  if (result.notes.length > 0) lines.push("", ...result.notes.map((n) => `- ${n}`));
  return lines.join("\n") + "\n";
}
