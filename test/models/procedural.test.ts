import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/scenario/schema.js";
import type { DecisionRule } from "../../src/scenario/rules.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { findModel } from "../../src/models/registry.js";
import type { IssueRun } from "../../src/models/types.js";
import {
  analyseWinSet,
  coreOf,
  explainProcedural,
  gameOfAmendment,
  gameOfRule,
  proceduralModels,
  setterOutcome,
  type Interval,
} from "../../src/models/procedural/index.js";

const SCALE: Interval = { low: 0, high: 100 };
const ideals = (o: Record<string, number>) => new Map(Object.entries(o));
const analyse = (
  rule: DecisionRule,
  positions: Record<string, number>,
  rp: number,
  scale = SCALE,
) => analyseWinSet(gameOfRule(rule), ideals(positions), rp, scale);

describe("win set and core, hand-computed", () => {
  it("one veto player: the interval between the reference point and its reflection", () => {
    const a = analyse({ type: "consensus", vetoPlayers: ["p"] }, { p: 70 }, 50);
    expect(a.winSet).toEqual({ low: 50, high: 90 });
    expect(a.above).toMatchObject({
      open: true,
      limitedBy: "pivot",
      bound: 90,
      pivots: ["p"],
      blockers: ["p"],
    });
    expect(a.below).toMatchObject({ open: false, limitedBy: "closed", blockers: ["p"] });
    expect(a.core).toEqual({ low: 70, high: 70 });
    expect(a.vetoPlayers).toEqual(["p"]);
    // Cut to the scale: p at 30, rp 80 → reflection −20, cut at 0.
    const b = analyse({ type: "consensus", vetoPlayers: ["p"] }, { p: 30 }, 80);
    expect(b.winSet).toEqual({ low: 0, high: 80 });
    expect(b.below).toMatchObject({ limitedBy: "scale", blockers: [], pivots: ["p"] });
    expect(b.blockers).toEqual(["p"]); // from the closed side above
  });

  it("two veto players on either side of the reference point: empty win set, rp in the core", () => {
    const a = analyse(
      { type: "consensus", vetoPlayers: ["l", "r"] },
      { l: 30, r: 70, other: 0 },
      50,
    );
    expect(a.winSet).toBeNull();
    expect(a.interval).toEqual({ low: 50, high: 50 });
    expect(a.referenceInCore).toBe(true);
    expect(a.core).toEqual({ low: 30, high: 70 });
    expect(a.above.blockers).toEqual(["l"]);
    expect(a.below.blockers).toEqual(["r"]);
    expect(a.blockers).toEqual(["r", "l"]);
  });

  it("two veto players on the same side: the nearer one's reflection bounds the win set", () => {
    const a = analyse(
      { type: "consensus", vetoPlayers: ["near", "far"] },
      { near: 60, far: 80 },
      50,
    );
    expect(a.winSet).toEqual({ low: 50, high: 70 });
    expect(a.above.pivots).toEqual(["near"]);
    expect(a.blockers).toEqual(["near", "far"]);
    expect(a.core).toEqual({ low: 60, high: 80 });
    expect(a.referenceInCore).toBe(false);
  });

  it("a veto player at the reference point blocks every change", () => {
    const a = analyse({ type: "consensus", vetoPlayers: ["a", "b"] }, { a: 50, b: 90 }, 50);
    expect(a.winSet).toBeNull();
    expect(a.above.blockers).toEqual(["a"]);
  });

  it("a weighted vote: the quota-pivotal member bounds the win set", () => {
    // Weights a1 b1 c1 d3 e1 (total 7), quota 4. From the top: e (1) + d (3) = 4 at 60.
    // From the bottom: a+b+c = 3, + d = 6 at 60. So the pivot is d both ways: core {60}.
    const rule: DecisionRule = {
      type: "vote",
      weights: { a: 1, b: 1, c: 1, d: 3, e: 1 },
      quota: 4,
    };
    const pos = { a: 10, b: 20, c: 40, d: 60, e: 90 };
    const a = analyse(rule, pos, 80);
    expect(a.winSet).toEqual({ low: 40, high: 80 });
    expect(a.below).toMatchObject({ limitedBy: "pivot", pivotIdeal: 60, pivots: ["d"], bound: 40 });
    // Upward moves: only e supports them; d, c, b, a block, and d alone is needed (a+b+c+e = 4 ≥ 4?
    // yes: without d the others still reach 4, so no single member is needed: all four block).
    expect(a.above).toMatchObject({ open: false, limitedBy: "closed", pivotIdeal: 60 });
    expect(a.above.blockers).toEqual(["a", "b", "c", "d"]);
    expect(a.core).toEqual({ low: 60, high: 60 });
    expect(a.vetoPlayers).toEqual([]);
    // A member floor of 4 moves the upper pivot: {d,e} and {c,d,e} are too few; {b,c,d,e} wins at 20.
    const floor = analyse({ ...rule, minMembers: 4 }, pos, 80);
    expect(floor.core).toEqual({ low: 20, high: 60 });
    expect(floor.winSet).toEqual({ low: 40, high: 80 });
    expect(analyse({ ...rule, minMembers: 4 }, pos, 30).winSet).toBeNull();
  });

  it("majority rule with an odd number of equal voters: the median is the core", () => {
    const rule: DecisionRule = {
      type: "vote",
      weights: { a: 1, b: 1, c: 1, d: 1, e: 1 },
      quota: 3,
    };
    const a = analyse(rule, { a: 10, b: 20, c: 40, d: 60, e: 90 }, 80);
    expect(a.core).toEqual({ low: 40, high: 40 });
    expect(a.winSet).toEqual({ low: 0, high: 80 });
    expect(a.below.pivots).toEqual(["c"]);
  });

  it("a blocking minority of at least k members (minBlocking)", () => {
    // Weight all on a; quota unreachable without a, but fewer than 2 outside also wins.
    const rule: DecisionRule = {
      type: "vote",
      weights: { a: 10, b: 1, c: 1 },
      quota: 11,
      minBlocking: 2,
    };
    const a = analyse(rule, { a: 0, b: 70, c: 80 }, 50);
    // Upward: {b, c} leaves only a outside (< 2), so it wins: pivot b at 70 → 90.
    // Downward: {a} alone has 10 < 11 with two outside; {a, b} reaches 11 only at 70 > 50.
    expect(a.winSet).toEqual({ low: 50, high: 90 });
    expect(a.core).toEqual({ low: 70, high: 70 });
    expect(
      analyse({ ...rule, minBlocking: undefined }, { a: 0, b: 70, c: 80 }, 50).winSet,
    ).toBeNull();
  });

  it("an override removes a veto (Krehbiel's veto pivot)", () => {
    // President at 20 with a veto; Congress blocs R 52 at 80, D 48 at 85; 60 to pass, 67 to override.
    const rule: DecisionRule = {
      type: "vote",
      weights: { r: 52, d: 48 },
      quota: 60,
      vetoPlayers: ["p"],
      overrides: [{ removes: "p", weights: { r: 52, d: 48 }, quota: 67 }],
    };
    const a = analyse(rule, { p: 20, r: 80, d: 85 }, 50);
    expect(a.winSet).toEqual({ low: 50, high: 100 });
    expect(a.above).toMatchObject({ limitedBy: "scale", path: "override 1", pivots: ["r"] });
    expect(a.paths).toEqual([
      { label: "rule", winSet: null },
      { label: "override 1", winSet: { low: 50, high: 100 } },
    ]);
    expect(a.vetoPlayers).toEqual(["r", "d"]); // p is no longer needed
    expect(a.below.blockers).toEqual(["r", "d"]);
    // Without the override the president blocks.
    const { overrides: _, ...noOverride } = rule;
    expect(analyse(noOverride, { p: 20, r: 80, d: 85 }, 50).winSet).toBeNull();
    // With the Democrats below the reference point the override fails too.
    expect(analyse(rule, { p: 20, r: 80, d: 40 }, 50).winSet).toBeNull();
  });

  it("Krehbiel's gridlock interval: from the override pivot to the median", () => {
    // Nine legislators at 10..90, president at 15: majority 5 with his consent, or 6 of 9 without.
    const weights = Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [`l${k}`, 1]));
    const pos: Record<string, number> = Object.fromEntries(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [`l${k}`, 10 * k]),
    );
    pos.p = 15;
    const rule: DecisionRule = {
      type: "vote",
      weights,
      quota: 5,
      vetoPlayers: ["p"],
      overrides: [{ removes: "p", weights, quota: 6 }],
    };
    expect(coreOf(gameOfRule(rule), ideals(pos))).toEqual({ low: 40, high: 50 });
    expect(analyse(rule, pos, 70).winSet).toEqual({ low: 30, high: 70 });
    expect(analyse(rule, pos, 45).winSet).toBeNull();
    expect(analyse(rule, pos, 20).winSet).toEqual({ low: 20, high: 60 }); // override pivot l4 at 40
  });

  it("a rule no coalition can meet passes nothing", () => {
    const a = analyse({ type: "vote", weights: { a: 1 }, quota: 2 }, { a: 80 }, 50);
    expect(a.winSet).toBeNull();
    expect(a.above.limitedBy).toBe("no-coalition");
    expect(a.core).toEqual({ low: -Infinity, high: Infinity });
  });
});

describe("agenda setter (Romer–Rosenthal)", () => {
  const rule: DecisionRule = { type: "consensus", vetoPlayers: ["v"] };
  it("proposes its ideal when it is in the win set, else the nearest end", () => {
    const a = analyse(rule, { v: 60 }, 50); // W = [50, 70]
    expect(setterOutcome(a, 65).outcome).toBe(65);
    expect(setterOutcome(a, 95).outcome).toBe(70); // the veto player is indifferent at 70
    expect(setterOutcome(a, 10).outcome).toBe(50); // nothing better for the setter passes
  });
  it("stays within the amendment core when the deciders can amend", () => {
    const a = analyse(rule, { v: 60 }, 50);
    const amendCore = coreOf(
      gameOfAmendment({ type: "consensus", vetoPlayers: ["v", "w"] }),
      ideals({ v: 60, w: 62 }),
    );
    expect(amendCore).toEqual({ low: 60, high: 62 });
    expect(setterOutcome(a, 95, amendCore)).toEqual({
      outcome: 62,
      choiceSet: { low: 60, high: 62 },
    });
    expect(setterOutcome(a, 95, { low: 80, high: 90 }).note).toMatch(
      /no point of the win set is safe/,
    );
    expect(setterOutcome(a, 95, null).note).toMatch(/empty core/);
  });
});

// ---------------------------------------------------------------------------------
// The models on scenarios
// ---------------------------------------------------------------------------------

function scenarioOf(
  rows: [string, number, number, number][],
  options: { rp?: number; rule?: DecisionRule; defaultRule?: DecisionRule } = {},
): Scenario {
  const s = {
    entente: 1,
    metadata: { title: "t" },
    actors: rows.map(([id, c]) => ({ id, name: id, capability: c })),
    issues: [
      {
        id: "x",
        name: "X",
        scale: { low: 0, high: 100 },
        ...(options.rp !== undefined ? { referencePoint: options.rp } : {}),
        ...(options.rule ? { rule: options.rule } : {}),
      },
    ],
    stances: rows.map(([id, , x, s]) => ({ actor: id, issue: "x", position: x, salience: s })),
    ...(options.defaultRule ? { defaultRule: options.defaultRule } : {}),
  };
  const v = validateScenario(s);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

const models = Object.fromEntries(proceduralModels(findModel).map((m) => [m.id, m]));
function run(model: string, s: Scenario, options: Record<string, unknown> = {}): IssueRun {
  const m = models[model];
  return m.run(compileScenario(s), m.options.parse(options)).issues[0];
}

describe("procedural models", () => {
  // Setter s at 90, veto v at 60, rp 50: W = [50, 70]; compromise of all three ≈ 61.
  const rows: [string, number, number, number][] = [
    ["s", 10, 90, 50],
    ["v", 10, 60, 50],
    ["o", 20, 45, 50],
  ];
  const withSetter = scenarioOf(rows, {
    rp: 50,
    rule: { type: "consensus", vetoPlayers: ["v"], agendaSetter: "s" },
  });
  const noSetter = scenarioOf(rows, {
    rp: 50,
    defaultRule: { type: "consensus", vetoPlayers: ["v"] },
  });

  it("ids and metadata", () => {
    expect(Object.keys(models)).toEqual(["win-set", "veto-core", "agenda-setter", "constrained"]);
    for (const m of Object.values(models)) {
      expect(m.dynamic).toBe(false);
      expect(m.reference).toMatch(/\d{4}/);
    }
  });

  it("win-set: the setter's outcome, with the win set, blockers and pivots", () => {
    const r = run("win-set", withSetter);
    expect(r.forecast).toBe(70);
    expect(r).toMatchObject({
      winSet: { low: 50, high: 70 },
      blockers: ["v"],
      vetoPlayers: ["v"],
      agendaSetter: "s",
      outcomeBy: "agenda-setter",
      rule: "consent of v; proposed by s",
    });
    expect((r.pivots as { above: { pivots: string[] } }).above.pivots).toEqual(["v"]);
  });

  it("win-set without a setter: the compromise moved into the win set", () => {
    const r = run("win-set", noSetter);
    // compromise: (10·.5·90 + 10·.5·60 + 20·.5·45) / (5 + 5 + 10) = 60 → inside [50, 70].
    expect(r.forecast).toBeCloseTo(60, 12);
    expect(r.moved).toBe(false);
    const far = scenarioOf(
      [
        ["s", 100, 100, 50],
        ["v", 1, 60, 50],
      ],
      { rp: 50, rule: { type: "consensus", vetoPlayers: ["v"] } },
    );
    const moved = run("win-set", far);
    expect(moved.forecast).toBe(70);
    expect(moved.moved).toBe(true);
    expect(run("win-set", far, { fallback: "weighted-median" }).forecast).toBe(70);
    expect(run("win-set", far, { fallback: "status-quo" }).forecast).toBe(50);
  });

  it("veto-core: no change inside the core, the nearest reachable core point outside", () => {
    expect(run("veto-core", noSetter).forecast).toBe(60);
    const two = scenarioOf(rows, { rp: 50, rule: { type: "consensus", vetoPlayers: ["v", "s"] } });
    expect(run("veto-core", two).forecast).toBe(60); // core [60, 90], W = [50, 70]
    expect(run("veto-core", two, { pick: "middle" }).forecast).toBe(65); // [60, 70]
    const gridlock = scenarioOf(rows, {
      rp: 50,
      rule: { type: "consensus", vetoPlayers: ["o", "s"] },
    });
    const g = run("veto-core", gridlock);
    expect(g.forecast).toBe(50);
    expect(g.winSet).toBeNull();
    expect(g.outcomeBy).toBe("reference point in the core");
  });

  it("veto-core: no forecast when the core is empty", () => {
    const s = scenarioOf(
      [
        ["a", 1, 10, 50],
        ["b", 1, 90, 50],
      ],
      { rp: 50, rule: { type: "vote", weights: { a: 1, b: 1 }, quota: 1 } },
    );
    const r = run("veto-core", s);
    expect(r.forecast).toBeNull();
    expect(r.note).toMatch(/core is empty/);
    expect(r.winSet).toEqual({ low: 0, high: 100 });
  });

  it("agenda-setter: the rule's setter or the option; no forecast without one", () => {
    expect(run("agenda-setter", withSetter).forecast).toBe(70);
    expect(run("agenda-setter", withSetter, { setter: "o" }).forecast).toBe(50);
    const none = run("agenda-setter", noSetter);
    expect(none.forecast).toBeNull();
    expect(none.note).toMatch(/names no agenda setter/);
    expect(none.winSet).toEqual({ low: 50, high: 70 });
    expect(run("agenda-setter", withSetter, { setter: "ghost" }).note).toMatch(
      /'ghost' holds no stance/,
    );
  });

  it("constrained: any model's forecast moved into the win set", () => {
    const r = run("constrained", withSetter, { base: "strongest-actor" });
    expect(r).toMatchObject({
      forecast: 50,
      baseModel: "strongest-actor",
      baseForecast: 45,
      moved: true,
    });
    expect(run("constrained", withSetter).baseModel).toBe("compromise");
    const eu = run("constrained", withSetter, {
      base: "expected-utility",
      baseOptions: { rounds: 3 },
    });
    expect(eu.forecast).toBeGreaterThanOrEqual(50);
    expect(eu.forecast).toBeLessThanOrEqual(70);
  });

  it("constrained: options are checked against the registry", () => {
    const o = models.constrained.options;
    expect(o.safeParse({ base: "nope" }).error!.issues[0]).toMatchObject({
      path: ["base"],
      message: "unknown model 'nope' (see `entente models`)",
    });
    const bad = o.safeParse({ base: "expected-utility", baseOptions: { rounds: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path[0]).toBe("baseOptions");
    expect(o.safeParse({ base: "compromise", extra: 1 }).success).toBe(false);
  });

  it("no rule, no reference point, or a rule actor without a stance: no forecast and why", () => {
    const noRule = scenarioOf(rows, { rp: 50 });
    for (const id of Object.keys(models)) {
      const r = run(id, noRule);
      expect(r.forecast).toBeNull();
      expect(r.note).toMatch(/no decision rule/);
    }
    expect(
      run("win-set", scenarioOf(rows, { rule: { type: "consensus", vetoPlayers: ["v"] } })).note,
    ).toMatch(/no reference point/);
    // The rule's own reversion point is enough.
    expect(
      run(
        "veto-core",
        scenarioOf(rows, { rule: { type: "consensus", vetoPlayers: ["v"], referencePoint: 0 } }),
      ).forecast,
    ).toBe(60);
    // An unvalidated scenario whose rule names an actor without a stance.
    const s = scenarioOf(rows, { rp: 50 });
    s.actors.push({ id: "ghost", name: "ghost", capability: 1 });
    s.issues[0].rule = { type: "consensus", vetoPlayers: ["v", "ghost"] };
    expect(run("win-set", s).note).toMatch(/without a stance on this issue \(ghost\)/);
  });

  it("explains the win set, who blocks, the core and the outcome", () => {
    const r = run("win-set", withSetter);
    const lines = explainProcedural(r, (id) => id, { model: "win-set", options: {}, issues: [r] });
    expect(lines).toEqual([
      "  Rule: consent of v; proposed by s.",
      "  Win set of 50.0 (the outcome if nothing passes): [50.0, 70.0], the points the rule lets replace it.",
      "  Moves up pass as far as 70.0: the reflection of 50.0 in the position of the pivot v (60.0), who likes 70.0 and 50.0 equally.",
      "  Moves down: none pass; blocked by v (60.0).",
      "  Veto players (every passing coalition needs them): v.",
      "  Core (points no passing coalition would change): [60.0, 60.0]; the reference point is outside it.",
      "  Agenda setter s (90.0) proposes 70.0, its nearest point in [50.0, 70.0].",
    ]);
    const c = run("constrained", withSetter, { base: "strongest-actor" });
    expect(
      explainProcedural(c, (id) => id, { model: "constrained", options: {}, issues: [c] }).at(-1),
    ).toBe(
      "  The strongest-actor forecast 45.0 lies outside the win set; the rule lets it go only as far as 50.0.",
    );
    expect(
      explainProcedural({ issue: "x", forecast: 1 }, (id) => id, {
        model: "m",
        options: {},
        issues: [],
      }),
    ).toEqual([]);
  });
});
