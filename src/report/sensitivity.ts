/**
 * One-at-a-time sensitivity for people: inputs by name, and the summary that
 * `entente sensitivity` prints by default — per issue the few inputs that move any
 * model's forecast most, one column per model, and the issues and models where no
 * input moves anything collapsed into one line each (`--full` prints every tornado).
 */
import Table from "cli-table3";
import type { TornadoBar, TornadoResult } from "../analysis/sensitivity.js";
import { formatDifference, formatNumber, possessive, type ScenarioLabels } from "./format.js";

/**
 * An input in words: "Donald Trump's salience on US sanctions on Russia…",
 * "Vladimir Putin's capability" (short names, format.ts).
 */
export function inputName(
  bar: Pick<TornadoBar, "kind" | "actor" | "issue">,
  labels: ScenarioLabels,
): string {
  const actor = `${possessive(labels.actors.short(bar.actor))} ${bar.kind}`;
  return bar.issue === undefined ? actor : `${actor} on ${labels.issues.short(bar.issue)}`;
}

/** An input's values low → high, with the decimals of its issue's scale (capabilities: 1). */
export function inputRange(
  bar: Pick<TornadoBar, "issue" | "low" | "high">,
  labels: ScenarioLabels,
): string {
  const d = bar.issue === undefined ? 1 : labels.decimals(bar.issue);
  return `${formatNumber(bar.low, d)} → ${formatNumber(bar.high, d)}`;
}

/** Default number of inputs per issue in the summary. */
export const SUMMARY_TOP = 5;

/**
 * The summary: per issue where something moves, the `top` inputs ranked by the
 * largest swing over the models, each model's swing (forecast with the input high
 * minus with it low; "±0" where it does not move that model), and one line for the
 * issues where nothing moves.
 */
export function renderSensitivitySummary(
  result: TornadoResult,
  labels: ScenarioLabels,
  top = SUMMARY_TOP,
): string {
  const models = result.models.map((m) => m.id);
  const out: string[] = [
    `One at a time: ${result.swing}; ${result.inputs} inputs, each run low and high.`,
    `Per issue the ${top} inputs that move a forecast most; each model's column: its forecast with the input high minus with it low (--full: every input, per model).`,
  ];
  const still: string[] = [];
  const movers = new Set<string>();
  for (const issue of result.issues) {
    const tornadoes = result.tornadoes.filter((t) => t.issue === issue.id);
    const byInput = new Map<
      string,
      { bar: TornadoBar; range: number; swing: Map<string, number | null> }
    >();
    for (const t of tornadoes)
      for (const b of t.bars) {
        movers.add(t.model);
        const entry = byInput.get(b.input) ?? { bar: b, range: 0, swing: new Map() };
        entry.range = Math.max(entry.range, b.range);
        entry.swing.set(
          t.model,
          b.forecastLow === null || b.forecastHigh === null ? null : b.forecastHigh - b.forecastLow,
        );
        byInput.set(b.input, entry);
      }
    if (byInput.size === 0) {
      still.push(labels.issues.short(issue.id));
      continue;
    }
    const d = labels.decimals(issue.id);
    const baselines = tornadoes.map((t) => `${t.model} ${formatNumber(t.baseline, d)}`).join(", ");
    out.push("", `${labels.issues.name(issue.id)} [${issue.id}] — baseline: ${baselines}`);
    const ranked = [...byInput.values()].sort(
      (a, b) => b.range - a.range || a.bar.input.localeCompare(b.bar.input),
    );
    const shownModels = models.filter((m) =>
      tornadoes.some((t) => t.model === m && t.bars.length > 0),
    );
    const table = new Table({
      head: ["input", "low → high", ...shownModels],
      style: { head: [], border: [], compact: true },
    });
    for (const e of ranked.slice(0, top))
      table.push([
        inputName(e.bar, labels),
        inputRange(e.bar, labels),
        ...shownModels.map((m) =>
          e.swing.has(m)
            ? e.swing.get(m) === null
              ? "no forecast"
              : formatDifference(e.swing.get(m)!, d)
            : "±0",
        ),
      ]);
    out.push(table.toString());
    if (ranked.length > top)
      out.push(`  … ${ranked.length - top} more inputs move a forecast less (--top, --full)`);
  }
  if (still.length > 0)
    out.push(
      "",
      still.length === result.issues.length
        ? "No input moves any forecast on any issue."
        : `No input moves any forecast on: ${still.join(", ")}.`,
    );
  const unmoved = models.filter((m) => !movers.has(m));
  if (unmoved.length > 0 && still.length < result.issues.length)
    out.push(`No input moves ${unmoved.join(", ")} on any issue.`);
  return out.join("\n");
}
