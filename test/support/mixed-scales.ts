/**
 * A scenario with issues on different scales, for the charts' tests: the flagship with
 * its Crimea issue moved to a 0–4 scale (positions, reference point and anchors mapped).
 */
import type { Scenario } from "../../src/scenario/schema.js";

export const FOUR_POINT_ISSUE = "crimea-status";

export function withFourPointIssue(flagship: Scenario): Scenario {
  const to4 = (x: number) => (x * 4) / 100;
  return {
    ...flagship,
    issues: flagship.issues.map((i) =>
      i.id === FOUR_POINT_ISSUE
        ? {
            ...i,
            scale: { low: 0, high: 4 },
            referencePoint: to4(i.referencePoint ?? 50),
            anchors: i.anchors?.map((a) => ({ ...a, value: to4(a.value) })),
          }
        : i,
    ),
    stances: flagship.stances.map((s) =>
      s.issue === FOUR_POINT_ISSUE ? { ...s, position: to4(s.position) } : s,
    ),
  };
}
