/** A large synthetic scenario (positions and saliences from a seeded generator), for jobs and benchmarks. */
import type { Scenario } from "../../src/scenario/schema.js";

export function bigScenario(actors: number, issues: number, seed = 1): Scenario {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: reproducible, dependency-free.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const actorList = Array.from({ length: actors }, (_, i) => ({
    id: `a${i}`,
    name: `Actor ${i}`,
    capability: 1 + Math.round(next() * 99),
  }));
  const issueList = Array.from({ length: issues }, (_, k) => ({
    id: `i${k}`,
    name: `Issue ${k}`,
    scale: { low: 0, high: 100 },
    referencePoint: 50,
  }));
  const stances = issueList.flatMap((issue) =>
    actorList.map((a) => ({
      actor: a.id,
      issue: issue.id,
      position: Math.round(next() * 100),
      salience: 10 + Math.round(next() * 90),
    })),
  );
  return {
    entente: 1,
    metadata: { title: `Synthetic ${actors} × ${issues}` },
    actors: actorList,
    issues: issueList,
    stances,
  };
}
