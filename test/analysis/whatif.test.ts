/**
 * What-ifs (src/scenario/what-ifs.ts, src/analysis/whatif.ts): each change's semantics, the command-line
 * forms, reference checks, and the flagship's what-ifs from the article.
 */
import { describe, expect, it } from "vitest";
import {
  applyChange,
  applyWhatIf,
  findWhatIfs,
  parseFieldChange,
  parseMerge,
  parseRemove,
  whatIfFromFlags,
  whatIfProblems,
} from "../../src/scenario/what-ifs.js";
import { compareWhatIfs } from "../../src/analysis/whatif.js";
import { validateScenario } from "../../src/scenario/validate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { loadScenario } from "../../src/scenario/formats.js";
import { runScenario } from "../../src/run.js";
import { InputError } from "../../src/scenario/problems.js";
import { repoFile } from "../support/fixtures.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");

function small(extra: Record<string, unknown> = {}): Scenario {
  const r = validateScenario({
    entente: 1,
    metadata: { title: "small" },
    actors: [
      { id: "a", name: "A", capability: 60 },
      { id: "b", name: "B", capability: 30 },
      { id: "c.d", name: "C", capability: 10 },
    ],
    issues: [
      { id: "x", name: "X", scale: { low: 0, high: 100 }, referencePoint: 50 },
      { id: "y", name: "Y", scale: { low: -10, high: 10 } },
    ],
    stances: [
      { actor: "a", issue: "x", position: 20, salience: 50, uncertainty: { position: { sd: 5 } } },
      { actor: "b", issue: "x", position: 80, salience: 100 },
      { actor: "c.d", issue: "x", position: 60, salience: 40 },
      { actor: "a", issue: "y", position: 4, salience: 80 },
      { actor: "c.d", issue: "y", position: -2, salience: 20 },
    ],
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

const stance = (s: Scenario, actor: string, issue: string) =>
  s.stances.find((t) => t.actor === actor && t.issue === issue);

describe("applying changes", () => {
  it("set and scale a capability, leaving the input untouched", () => {
    const s = small();
    const set = applyChange(s, { op: "set", actor: "a", field: "capability", value: 5 });
    expect(set.actors[0].capability).toBe(5);
    expect(s.actors[0].capability).toBe(60);
    expect(
      applyChange(s, { op: "scale", actor: "b", field: "capability", by: 0.5 }).actors[1]
        .capability,
    ).toBe(15);
  });

  it("set and scale saliences: one issue or every stance of the actor, capped at 100", () => {
    const s = small();
    const one = applyChange(s, { op: "set", actor: "a", issue: "y", field: "salience", value: 10 });
    expect(stance(one, "a", "y")!.salience).toBe(10);
    expect(stance(one, "a", "x")!.salience).toBe(50);
    const all = applyChange(s, { op: "scale", actor: "a", field: "salience", by: 1.5 });
    expect(stance(all, "a", "x")!.salience).toBe(75);
    expect(stance(all, "a", "y")!.salience).toBe(100);
  });

  it("set positions by value or keyword; scale moves a position relative to the reference point", () => {
    const s = small();
    expect(
      stance(
        applyChange(s, { op: "set", actor: "a", issue: "x", field: "position", value: 35 }),
        "a",
        "x",
      )!.position,
    ).toBe(35);
    const extreme = applyChange(s, { op: "set", actor: "a", field: "position", value: "extreme" });
    expect(stance(extreme, "a", "x")!.position).toBe(0);
    expect(stance(extreme, "a", "y")!.position).toBe(10);
    expect(
      stance(applyChange(s, { op: "set", actor: "b", field: "position", value: "low" }), "b", "x")!
        .position,
    ).toBe(0);
    // Distance from the reference point (50) halved: 20 → 35; doubled: 20 → -10, clipped to 0.
    expect(
      stance(
        applyChange(s, { op: "scale", actor: "a", issue: "x", field: "position", by: 0.5 }),
        "a",
        "x",
      )!.position,
    ).toBe(35);
    expect(
      stance(
        applyChange(s, { op: "scale", actor: "a", issue: "x", field: "position", by: 2 }),
        "a",
        "x",
      )!.position,
    ).toBe(0);
    // Without a reference point, the scale's middle (0 on -10..10): 4 → 2.
    expect(
      stance(
        applyChange(s, { op: "scale", actor: "a", issue: "y", field: "position", by: 0.5 }),
        "a",
        "y",
      )!.position,
    ).toBe(2);
  });

  it("remove deletes the actor and its stances", () => {
    const s = applyChange(small(), { op: "remove", actor: "c.d" });
    expect(s.actors.map((a) => a.id)).toEqual(["a", "b"]);
    expect(s.stances.some((t) => t.actor === "c.d")).toBe(false);
  });

  it("merge keeps the members' summed power on every issue, at their power-weighted mean position", () => {
    const s = small();
    const m = applyChange(s, { op: "merge", actors: ["a", "c.d"], into: "ac", name: "A and C" });
    expect(m.actors.map((a) => a.id)).toEqual(["ac", "b"]);
    expect(m.actors[0]).toMatchObject({ id: "ac", name: "A and C", capability: 70 });
    const x = stance(m, "ac", "x")!;
    // Powers c·s: a 60·50 = 3000, c.d 10·40 = 400.
    expect(x.position).toBeCloseTo((3000 * 20 + 400 * 60) / 3400, 12);
    expect(70 * x.salience).toBeCloseTo(3400, 9);
    const y = stance(m, "ac", "y")!;
    expect(70 * y.salience).toBeCloseTo(60 * 80 + 10 * 20, 9);
    expect(x.uncertainty).toBeUndefined();
    // The weighted mean (compromise) forecast does not change when actors merge.
    const before = runScenario(s, { models: ["compromise"] }).runs[0].issues;
    const after = runScenario(m, { models: ["compromise"] }).runs[0].issues;
    for (let k = 0; k < before.length; k++)
      expect(after[k].forecast!).toBeCloseTo(before[k].forecast!, 9);
  });

  it("merge defaults: the first member's id and the names joined", () => {
    const m = applyChange(small(), { op: "merge", actors: ["b", "a"] });
    expect(m.actors[0]).toMatchObject({ id: "b", name: "B + A", capability: 90 });
  });
});

describe("checking what-ifs", () => {
  it("names unknown actors and issues, invented stances, off-scale values, duplicate ids", () => {
    const s = small();
    const problems = whatIfProblems(s, [
      { id: "w", changes: [{ op: "scale", actor: "zz", field: "capability", by: 2 }] },
      { id: "w", changes: [{ op: "set", actor: "b", issue: "y", field: "salience", value: 1 }] },
      { id: "v", changes: [{ op: "set", actor: "a", issue: "x", field: "position", value: 150 }] },
      { id: "u", changes: [{ op: "merge", actors: ["a", "b"], into: "c.d" }] },
      {
        id: "t",
        changes: [
          { op: "merge", actors: ["a", "b"], into: "ab" },
          { op: "remove", actor: "ab" },
        ],
      },
    ]);
    const text = problems.map((p) => `${p.path.join(".")}: ${p.message}`);
    expect(text).toEqual([
      "whatIfs.0.changes.0.actor: unknown actor 'zz'; actors: a, b, c.d",
      "whatIfs.1.id: duplicate what-if id 'w' (first at whatIfs[0])",
      "whatIfs.1.changes.0.issue: 'b' holds no stance on 'y' (a what-if changes stances, it does not invent them)",
      "whatIfs.2.changes.0.value: position 150 is off the scale [0, 100] of issue 'x'",
      "whatIfs.3.changes.0.into: 'c.d' is already another actor's id; choose a new id",
    ]);
  });

  it("the schema rejects ill-formed changes with a message", () => {
    const bad = (change: unknown) => {
      const r = validateScenario({ ...small(), whatIfs: [{ id: "w", changes: [change] }] });
      return r.ok ? [] : r.problems.map((p) => p.message);
    };
    expect(bad({ op: "scale", actor: "a", issue: "x", field: "capability", by: 2 })[0]).toMatch(
      /capability belongs to the actor/,
    );
    expect(bad({ op: "set", actor: "a", field: "salience", value: "high" })[0]).toMatch(
      /position keyword/,
    );
    expect(bad({ op: "set", actor: "a", field: "salience", value: 101 })[0]).toMatch(
      /between 0 and 100/,
    );
    expect(bad({ op: "merge", actors: ["a", "a"] })[0]).toMatch(/named twice/);
    expect(bad({ op: "tweak", actor: "a" }).length).toBeGreaterThan(0);
    expect(bad({ op: "remove", actor: "a" })).toEqual([]);
  });

  it("applyWhatIf throws an InputError naming the change", () => {
    expect(() =>
      applyWhatIf(small(), { id: "w", changes: [{ op: "remove", actor: "nobody" }] }),
    ).toThrow(InputError);
    expect(() =>
      applyWhatIf(small(), { id: "w", changes: [{ op: "remove", actor: "nobody" }] }),
    ).toThrow(/whatIfs\.w\.changes\[0\]|unknown actor 'nobody'/);
  });
});

describe("command-line changes", () => {
  it("parses --set and --scale against the scenario's ids, dots in ids included", () => {
    const s = small();
    expect(parseFieldChange("set", "a.capability=12", s)).toEqual({
      op: "set",
      actor: "a",
      field: "capability",
      value: 12,
    });
    expect(parseFieldChange("set", "c.d.x.position=high", s)).toEqual({
      op: "set",
      actor: "c.d",
      issue: "x",
      field: "position",
      value: "high",
    });
    expect(parseFieldChange("scale", "c.d.salience=1.5", s)).toEqual({
      op: "scale",
      actor: "c.d",
      field: "salience",
      by: 1.5,
    });
    expect(() => parseFieldChange("set", "a.capability", s)).toThrow(/must look like/);
    expect(() => parseFieldChange("set", "a.power=3", s)).toThrow(
      /\.capability, \.position or \.salience/,
    );
    expect(() => parseFieldChange("set", "q.x.position=3", s)).toThrow(
      /neither an actor nor actor\.issue/,
    );
    expect(() => parseFieldChange("scale", "a.salience=lots", s)).toThrow(/not a number/);
    expect(() => parseFieldChange("set", "a.x.capability=3", s)).toThrow(
      /capability belongs to the actor/,
    );
  });

  it("parses --remove and --merge, and gathers all flags into one what-if", () => {
    expect(parseRemove(" b ")).toEqual({ op: "remove", actor: "b" });
    expect(parseMerge("a+b=ab")).toEqual({ op: "merge", actors: ["a", "b"], into: "ab" });
    expect(parseMerge("a+b+c.d")).toEqual({ op: "merge", actors: ["a", "b", "c.d"] });
    expect(() => parseMerge("a")).toThrow(/at least two/);
    const w = whatIfFromFlags(
      { set: ["a.capability=1"], remove: ["b"], merge: ["a+c.d"] },
      small(),
    )!;
    expect(w.id).toBe("command-line");
    expect(w.changes.map((c) => c.op)).toEqual(["set", "remove", "merge"]);
    expect(whatIfFromFlags({}, small())).toBeUndefined();
  });

  it("finds the file's what-ifs by id, and names the known ones when one is unknown", () => {
    const s = small({ whatIfs: [{ id: "w1", changes: [{ op: "remove", actor: "b" }] }] });
    expect(findWhatIfs(s, ["w1"])[0].id).toBe("w1");
    expect(() => findWhatIfs(s, ["w2"])).toThrow(/unknown what-if 'w2'; the file's what-ifs: w1/);
    expect(() => findWhatIfs(small(), ["w2"])).toThrow(/defines no what-ifs/);
  });
});

describe("the flagship's what-ifs (the article's)", () => {
  it("are declared in the file, valid, each with a name and a rationale", async () => {
    const s = await loadScenario(FLAGSHIP);
    expect((s.whatIfs ?? []).map((w) => w.id)).toEqual([
      "weaker-congress",
      "germany-leads-europe",
      "ukraine-rejects-deal",
    ]);
    for (const w of s.whatIfs!) {
      expect(w.name).toBeTruthy();
      expect(w.rationale).toBeTruthy();
    }
    expect(whatIfProblems(s, s.whatIfs!)).toEqual([]);
  });

  it("weaker Congress halves both congressional blocs' capability", async () => {
    const s = await loadScenario(FLAGSHIP);
    const w = applyWhatIf(s, findWhatIfs(s, ["weaker-congress"])[0]);
    const cap = (x: Scenario, id: string) => x.actors.find((a) => a.id === id)!.capability;
    expect(cap(w, "gop-congress")).toBe(cap(s, "gop-congress") / 2);
    expect(cap(w, "dem-congress")).toBe(cap(s, "dem-congress") / 2);
    expect(cap(w, "trump")).toBe(cap(s, "trump"));
  });

  it("Germany leading raises its capability and its salience on the EU sanctions and NATO's east", async () => {
    const s = await loadScenario(FLAGSHIP);
    const w = applyWhatIf(s, findWhatIfs(s, ["germany-leads-europe"])[0]);
    expect(w.actors.find((a) => a.id === "germany")!.capability).toBeGreaterThan(
      s.actors.find((a) => a.id === "germany")!.capability,
    );
    for (const issue of ["eu-sanctions", "nato-east"])
      expect(stance(w, "germany", issue)!.salience).toBeGreaterThan(
        stance(s, "germany", issue)!.salience,
      );
  });

  it("Ukraine rejecting a deal: full salience, every position at the end of its scale", async () => {
    const s = await loadScenario(FLAGSHIP);
    const w = applyWhatIf(s, findWhatIfs(s, ["ukraine-rejects-deal"])[0]);
    const mine = w.stances.filter((t) => t.actor === "ukraine");
    expect(mine.length).toBeGreaterThan(3);
    for (const t of mine) {
      expect(t.salience).toBe(100);
      expect([0, 100]).toContain(t.position);
    }
    expect(stance(w, "ukraine", "us-russia-relations")!.position).toBe(0);
    expect(stance(w, "ukraine", "us-sanctions")!.position).toBe(100);
  });

  it("compare runs them side by side: a weaker Congress lowers the weighted median on US sanctions", async () => {
    const s = await loadScenario(FLAGSHIP);
    const c = compareWhatIfs(s, s.whatIfs!, {
      models: ["weighted-median", "compromise", "expected-utility"],
    });
    expect(c.whatIfs.map((w) => w.id)).toEqual([
      "weaker-congress",
      "germany-leads-europe",
      "ukraine-rejects-deal",
    ]);
    expect(c.rows).toHaveLength(3 * s.issues.length);
    const row = c.rows.find((r) => r.model === "weighted-median" && r.issue === "us-sanctions")!;
    expect(row.whatIfs["weaker-congress"].forecast!).toBeLessThan(row.baseline!);
    expect(row.whatIfs["weaker-congress"].difference).toBe(
      row.whatIfs["weaker-congress"].forecast! - row.baseline!,
    );
    // Baselines are those of `entente run`.
    const run = runScenario(s, { models: ["expected-utility"] }).runs[0];
    for (const r of c.rows.filter((x) => x.model === "expected-utility"))
      expect(r.baseline).toBe(run.issues.find((i) => i.issue === r.issue)!.forecast);
  });

  it("a removed actor's issue without stances gets no forecast, with the model's note", () => {
    const s = small();
    const c = compareWhatIfs(
      s,
      [
        {
          id: "no-y",
          changes: [
            { op: "remove", actor: "a" },
            { op: "remove", actor: "c.d" },
          ],
        },
      ],
      { models: ["weighted-median"] },
    );
    const y = c.rows.find((r) => r.issue === "y")!;
    expect(y.whatIfs["no-y"]).toMatchObject({ forecast: null, difference: null });
    expect(y.whatIfs["no-y"].note).toMatch(/no actor/);
  });
});
