/**
 * The checks of the uncertainty blocks (uncertainty.ts) that the schema cannot make,
 * since they need the rest of the scenario: the issue's scale, the point estimate.
 */
import type { Scenario } from "./schema.js";
import type { Problem } from "./problems.js";

/**
 * Problems of the uncertainty blocks that need the rest of the scenario: ranges and
 * experts' positions off the issue's scale, a point estimate outside its own range,
 * negative capability bounds. Paths point at the offending field.
 */
export function uncertaintyProblems(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const issues = new Map(scenario.issues.map((i) => [i.id, i]));
  scenario.actors.forEach((actor, a) => {
    const u = actor.capabilityUncertainty;
    if (!u) return;
    if (u.low !== undefined && u.low < 0)
      problems.push({
        path: ["actors", a, "capabilityUncertainty", "low"],
        message: "a capability range must not go below 0",
      });
    if (
      u.low !== undefined &&
      u.high !== undefined &&
      (actor.capability < u.low || actor.capability > u.high)
    )
      problems.push({
        path: ["actors", a, "capabilityUncertainty"],
        message: `capability ${actor.capability} of '${actor.id}' lies outside its range [${u.low}, ${u.high}]`,
      });
  });
  scenario.stances.forEach((stance, s) => {
    const u = stance.uncertainty;
    const issue = issues.get(stance.issue);
    if (!u || !issue) return;
    const { low, high } = issue.scale;
    const where = `'${stance.actor}' on '${stance.issue}'`;
    if (u.position?.low !== undefined && u.position.high !== undefined) {
      if (u.position.low < low || u.position.high > high)
        problems.push({
          path: ["stances", s, "uncertainty", "position"],
          message: `position range [${u.position.low}, ${u.position.high}] of ${where} goes off the scale [${low}, ${high}]`,
        });
      if (stance.position < u.position.low || stance.position > u.position.high)
        problems.push({
          path: ["stances", s, "uncertainty", "position"],
          message: `position ${stance.position} of ${where} lies outside its range [${u.position.low}, ${u.position.high}]`,
        });
    }
    if (u.salience?.low !== undefined && u.salience.high !== undefined) {
      if (u.salience.low < 0 || u.salience.high > 100)
        problems.push({
          path: ["stances", s, "uncertainty", "salience"],
          message: `salience range [${u.salience.low}, ${u.salience.high}] of ${where} goes beyond 0–100`,
        });
      if (stance.salience < u.salience.low || stance.salience > u.salience.high)
        problems.push({
          path: ["stances", s, "uncertainty", "salience"],
          message: `salience ${stance.salience} of ${where} lies outside its range [${u.salience.low}, ${u.salience.high}]`,
        });
    }
    u.experts?.forEach((e, k) => {
      if (e.position !== undefined && (e.position < low || e.position > high))
        problems.push({
          path: ["stances", s, "uncertainty", "experts", k, "position"],
          message: `expert position ${e.position} of ${where} is off the scale [${low}, ${high}]`,
        });
    });
    if (
      u.experts &&
      (u.aggregation ?? "draw") === "draw" &&
      u.experts.every((e) => (e.weight ?? 1) === 0)
    )
      problems.push({
        path: ["stances", s, "uncertainty", "experts"],
        message: `every expert of ${where} has weight 0`,
      });
  });
  return problems;
}
