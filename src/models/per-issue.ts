/**
 * Helper for models that decide each issue on its own: runs the rule on every
 * issue's table and turns an undefined result into a stated "no forecast".
 */
import type { CompiledIssue, CompiledScenario } from "../scenario/compile.js";
import type { IssueRun, ModelRun } from "./types.js";

export function runPerIssue(
  model: string,
  options: object,
  scenario: CompiledScenario,
  rule: (issue: CompiledIssue) => IssueRun,
): ModelRun {
  return {
    model,
    options: { ...options },
    issues: scenario.issues.map((issue) => {
      if (issue.actorIds.length === 0)
        return { issue: issue.id, forecast: null, note: "no actor holds a stance on this issue" };
      return rule(issue);
    }),
  };
}

/** A forecast, or null with the reason when the rule's value is undefined (NaN). */
export function forecastOrNote(issue: string, value: number, whyUndefined: string): IssueRun {
  return Number.isFinite(value)
    ? { issue, forecast: value }
    : { issue, forecast: null, note: whyUndefined };
}

export const NO_WEIGHT =
  "every actor on this issue has zero capability or zero salience, so no actor has weight";
