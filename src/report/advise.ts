/** Advice for one actor as text and as a chart (`analysis/advise.ts`). */
import Table from "cli-table3";
import type { Advice } from "../analysis/advise.js";
import { formatDifference, formatNumber, type ScenarioLabels } from "./format.js";

/** Without the scenario's labels: ids and one decimal. */
const plain: ScenarioLabels = {
  actors: { name: (id) => id, short: (id) => id },
  issues: { name: (id) => id, short: (id) => id },
  decimals: () => 1,
};

export function renderAdviceTable(
  advice: Advice,
  options: { top?: number; labels?: ScenarioLabels } = {},
): string {
  const labels = options.labels ?? plain;
  const client = labels.actors.name(advice.client);
  const n = (x: number) => formatNumber(x, 1);
  const moved =
    advice.move === "to-client"
      ? "moved all the way to the client's position"
      : `moved ${n(advice.move)} points towards the client's position (at most to it)`;
  const out: string[] = [
    `Advice for ${client}: each other actor ${moved}, one at a time; the headline forecast recomputed (${advice.draws} input draws, seed ${advice.seed}).`,
    "effect: how many points nearer the client's position the headline comes (negative: farther).",
  ];
  for (const issue of advice.issues) {
    const d = labels.decimals(issue.issue);
    const n = (x: number) => formatNumber(x, d);
    out.push(
      "",
      `${labels.issues.name(issue.issue)}: ${labels.actors.short(advice.client)} at ${n(issue.clientPosition)}; headline ${issue.forecast === null ? "none" : n(issue.forecast)}` +
        (issue.interval90 ? ` (90% ${n(issue.interval90[0])}–${n(issue.interval90[1])})` : ""),
    );
    const thresholds = issue.levers[0]?.probabilityShift?.map((p) => p.threshold) ?? [];
    const table = new Table({
      head: [
        "rank",
        "actor",
        "from → to",
        "headline",
        "effect",
        ...thresholds.map((t) => `Δ P(${t})`),
      ],
      style: { head: [], border: [], compact: true },
    });
    issue.levers
      .slice(0, options.top ?? issue.levers.length)
      .forEach((l, k) =>
        table.push([
          String(k + 1),
          labels.actors.short(l.actor),
          `${n(l.from)} → ${n(l.to)}`,
          n(l.forecast),
          formatDifference(l.effect, d),
          ...(l.probabilityShift ?? []).map(
            (p) => `${(100 * p.before).toFixed(1)}% → ${(100 * p.after).toFixed(1)}%`,
          ),
        ]),
      );
    if (issue.levers.length > 0) out.push(table.toString());
    else out.push("  No other actor holds a different position.");
    if (!issue.rule)
      out.push(
        "  No decision rule on this issue (or no reference point): blocking is not modelled.",
      );
    else if (!issue.blockers)
      out.push(
        "  Blocking: nobody; the rule lets the outcome move all the way to the client's position.",
      );
    if (issue.blockers)
      out.push(
        `  Blocking: ${issue.blockers.actors.map(labels.actors.short).join(", ") || "none named"}: ${issue.blockers.reason}.`,
      );
  }
  return out.join("\n");
}

/** The levers of every issue as bars (SVG, via the chart helpers). */
export async function adviceChart(
  advice: Advice,
  title: string,
  labels: ScenarioLabels = plain,
): Promise<string> {
  const { leverChart, stackCharts } = await import("./charts.js");
  return stackCharts(
    advice.issues
      .filter((i) => i.levers.length > 0)
      .map((i) =>
        leverChart(
          labels.issues.short(i.issue),
          i.levers.map((l) => ({ actor: labels.actors.short(l.actor), effect: l.effect })),
          labels.actors.short(advice.client),
        ),
      ),
    title,
  );
}
