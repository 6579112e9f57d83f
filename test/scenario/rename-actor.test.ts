/**
 * Renaming an actor's id (src/scenario/rename-actor.ts) changes nothing a model sees:
 * on the flagship and on the rail example of docs/rules-and-what-ifs.md (a vote with
 * weights, veto players, an override and an agenda setter, a consensus, what-ifs of
 * every kind), every actor renamed in turn leaves the scenario valid and every model's
 * forecast, and every what-if's, as it was; no reference to the old id is left.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoFile } from "../support/fixtures.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { renameActor, renameWhatIfActor } from "../../src/scenario/rename-actor.js";
import { renameRuleActor } from "../../src/scenario/rules.js";
import { compareWhatIfs } from "../../src/analysis/whatif.js";
import type { Scenario } from "../../src/scenario/schema.js";

const MODELS = ["compromise", "weighted-median", "status-quo", "win-set", "expected-utility"];

function valid(doc: unknown): Scenario {
  const r = validateScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.scenario;
}

const docs = readFileSync(repoFile("docs/rules-and-what-ifs.md"), "utf8");
const rail = valid(parse([...docs.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)][0][1]));
const flagship = valid(
  parse(readFileSync(repoFile("scenarios/us-russia-reset-2016.yaml"), "utf8")),
);

/** Every forecast of every model, baseline and what-ifs, by position (ids left out). */
function forecasts(s: Scenario): (number | null)[][] {
  return compareWhatIfs(s, s.whatIfs ?? [], { models: MODELS }).rows.map((r) => [
    r.baseline,
    ...Object.values(r.whatIfs).map((w) => w.forecast),
  ]);
}

describe("renaming an actor", () => {
  for (const [name, scenario] of [
    ["the rail example", rail],
    ["the flagship", flagship],
  ] as const)
    it(`${name}: each actor renamed leaves every forecast as it was`, () => {
      const before = forecasts(scenario);
      for (const actor of scenario.actors) {
        const renamed = valid(renameActor(scenario, actor.id, `${actor.id}-renamed`));
        expect(JSON.stringify(renamed)).not.toMatch(new RegExp(`"${actor.id}"`));
        expect(forecasts(renamed)).toEqual(before);
      }
    });

  it("renames a rule's references and keeps each weight in its place", () => {
    const rule = {
      type: "vote",
      weights: { a: 1, b: 2, c: 3 },
      quota: 4,
      vetoPlayers: ["b"],
      agendaSetter: "b",
      overrides: [{ removes: ["b"], weights: { b: 1, c: 1 }, quota: 2 }],
      amendment: { weights: { b: 1 }, quota: 1 },
      note: "b decides",
    };
    const out = renameRuleActor(rule, "b", "x");
    expect(Object.keys(out.weights)).toEqual(["a", "x", "c"]);
    expect(out).toMatchObject({
      vetoPlayers: ["x"],
      agendaSetter: "x",
      overrides: [{ removes: ["x"], weights: { x: 1, c: 1 } }],
      amendment: { weights: { x: 1 } },
      note: "b decides",
    });
    expect(rule.weights).toEqual({ a: 1, b: 2, c: 3 }); // the original untouched
  });

  it("renames what-if changes: actor, merged actors, merged id", () => {
    const w = {
      id: "w",
      changes: [
        { op: "set", actor: "b", field: "capability", value: 1 },
        { op: "merge", actors: ["a", "b"], into: "b" },
        { op: "remove", actor: "c" },
      ],
    };
    expect(renameWhatIfActor(w, "b", "x").changes).toEqual([
      { op: "set", actor: "x", field: "capability", value: 1 },
      { op: "merge", actors: ["a", "x"], into: "x" },
      { op: "remove", actor: "c" },
    ]);
  });

  it("renames nothing onto another actor's id (the two could not be told apart)", () => {
    const [a, b] = flagship.actors;
    expect(renameActor(flagship, a.id, b.id)).toEqual(flagship);
  });
});
