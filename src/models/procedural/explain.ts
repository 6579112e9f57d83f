/**
 * `entente explain` lines for the procedural models: the rule, the win set of the
 * reference point, who bounds or blocks each side, the effective veto players, the
 * core and how the forecast was reached. Reads only the `IssueRun` (plain data).
 *
 * This module imports the report only as a type, so `report/explain.ts` may import
 * it; `registerProceduralExplainers` (in `index.ts`) does the registering.
 */
import type { Explainer } from "../../report/explain.js";
import type { IssueRun } from "../types.js";
import { formatNumber } from "../../report/format.js";
import type { ProceduralDetails } from "./analysis.js";
import type { Interval, Side } from "./spatial.js";

const n = (x: number) => formatNumber(x, 1);
const interval = (i: Interval) => `[${n(i.low)}, ${n(i.high)}]`;

function isProcedural(result: IssueRun): result is IssueRun & ProceduralDetails {
  return typeof result.referencePoint === "number" && "pivots" in result && "rule" in result;
}

function sideLine(
  side: Side,
  direction: "up" | "down",
  rp: number,
  positions: Record<string, number>,
  name: (id: string) => string,
): string {
  const who = (ids: string[]) =>
    ids
      .map((id) => `${name(id)} (${Object.hasOwn(positions, id) ? n(positions[id]) : "?"})`)
      .join(", ");
  const moves = direction === "up" ? "Moves up" : "Moves down";
  const via = side.path && side.path !== "rule" ? `, via ${side.path}` : "";
  switch (side.limitedBy) {
    case "pivot":
      return (
        `  ${moves} pass as far as ${n(side.bound)}: the reflection of ${n(rp)} in the position of the pivot ` +
        `${who(side.pivots)}, who likes ${n(side.bound)} and ${n(rp)} equally${via}.`
      );
    case "scale":
      return side.open
        ? `  ${moves} pass as far as the end of the scale (${n(side.bound)}); pivot ${who(side.pivots)}${via}.`
        : `  ${moves}: none, the reference point is at the end of the scale.`;
    case "closed":
      return `  ${moves}: none pass; blocked by ${who(side.blockers)}.`;
    case "no-coalition":
      return `  ${moves}: none pass; no coalition can meet the rule.`;
  }
}

/** The explainer of every procedural model. */
export const explainProcedural: Explainer = (result, name) => {
  if (!isProcedural(result)) return [];
  const out: string[] = [];
  const rp = result.referencePoint;
  const positions = result.rulePositions ?? {};
  out.push(`  Rule: ${result.rule}.`);
  out.push(
    result.winSet
      ? `  Win set of ${n(rp)} (the outcome if nothing passes): ${interval(result.winSet)}, the points the rule lets replace it.`
      : `  Win set of ${n(rp)} (the outcome if nothing passes): empty; no change can pass.`,
  );
  out.push(sideLine(result.pivots.above, "up", rp, positions, name));
  out.push(sideLine(result.pivots.below, "down", rp, positions, name));
  if (result.paths)
    out.push(
      `  By path: ${result.paths.map((p) => `${p.label} ${p.winSet ? interval(p.winSet) : "no change"}`).join("; ")}.`,
    );
  out.push(
    result.vetoPlayers.length > 0
      ? `  Veto players (every passing coalition needs them): ${result.vetoPlayers.map(name).join(", ")}.`
      : "  No single actor can veto every change.",
  );
  if (result.core === null)
    out.push(
      "  Core: empty; two coalitions without a common member can each pass a change, so no point is stable.",
    );
  else if (Number.isFinite(result.core.low))
    out.push(
      `  Core (points no passing coalition would change): ${interval(result.core)}; ` +
        `the reference point is ${result.winSet ? "outside" : "inside"} it.`,
    );
  if (result.forecast === null) return out;
  const f = n(result.forecast);
  if (result.outcomeBy === "agenda-setter") {
    const setter = result.agendaSetter as string;
    const choice = result.choiceSet as Interval;
    out.push(
      `  Agenda setter ${name(setter)} (${n(result.setterIdeal as number)}) proposes ${f}, its nearest point in ${interval(choice)}` +
        (result.amendmentCore !== undefined && !result.note
          ? " (the win set, within reach of no amendment)"
          : "") +
        ".",
    );
  } else if (typeof result.baseForecast === "number") {
    const base = result.baseModel as string;
    out.push(
      result.moved
        ? `  The ${base} forecast ${n(result.baseForecast)} lies outside the win set; the rule lets it go only as far as ${f}.`
        : `  The ${base} forecast ${f} lies inside the win set; the rule does not bind.`,
    );
  } else if (typeof result.outcomeBy === "string")
    out.push(`  Outcome: ${f} (${result.outcomeBy}).`);
  return out;
};
