/** Advice for one actor as text and as a chart (`analysis/advise.ts`). */
import Table from "cli-table3";
import type { Advice } from "../analysis/advise.js";
import { formatNumber } from "./format.js";

const n = (x: number) => formatNumber(x, 1);
const signed = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${n(Math.abs(x))}`;

export function renderAdviceTable(advice: Advice, options: { top?: number } = {}): string {
  const moved =
    advice.move === "to-client"
      ? "moved all the way to the client's position"
      : `moved ${n(advice.move)} points towards the client's position (at most to it)`;
  const out: string[] = [
    `Advice for ${advice.client}: each other actor ${moved}, one at a time; the headline forecast recomputed (${advice.draws} input draws, seed ${advice.seed}).`,
    "effect: how many points nearer the client's position the headline comes (negative: farther).",
  ];
  for (const issue of advice.issues) {
    out.push(
      "",
      `${issue.issue}: ${advice.client} at ${n(issue.clientPosition)}; headline ${issue.forecast === null ? "none" : n(issue.forecast)}` +
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
          l.actor,
          `${n(l.from)} → ${n(l.to)}`,
          n(l.forecast),
          signed(l.effect),
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
        `  Blocking: ${issue.blockers.actors.join(", ") || "none named"}: ${issue.blockers.reason}.`,
      );
  }
  return out.join("\n");
}

/** The levers of every issue as bars (SVG, via the chart helpers). */
export async function adviceChart(advice: Advice, title: string): Promise<string> {
  const { leverChart, stackCharts } = await import("./charts.js");
  return stackCharts(
    advice.issues
      .filter((i) => i.levers.length > 0)
      .map((i) =>
        leverChart(
          i.issue,
          i.levers.map((l) => ({ actor: l.actor, effect: l.effect })),
          advice.client,
        ),
      ),
    title,
  );
}
