/**
 * A stance's own capability (the actor's capability on that issue; Stokman & Van
 * Oosten 1994's per-issue power `c[k][a]`): validation, compile (one divisor for
 * actors and stances), the compromise model by hand, Monte Carlo and what-ifs, the
 * decide format's per-row powers, and the exchange model on them.
 */
import { describe, expect, it } from "vitest";
import { validateScenario } from "../../src/scenario/validate.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { runScenario } from "../../src/run.js";
import { readDecide, writeDecide } from "../../src/scenario/import/decide.js";
import { conversionLosses } from "../../src/scenario/capabilities.js";
import { Evaluator } from "../../src/analysis/montecarlo-core.js";
import { applyChange } from "../../src/scenario/what-ifs.js";
import { findModel } from "../../src/models/registry.js";
import { scenarioJsonSchema } from "../../src/scenario/json-schema.js";
import {
  DECIMAL_ARITHMETIC,
  exchangeInputFromCompiled,
  runExchange,
  stepOf,
  type ExchangeInput,
} from "../../src/models/exchange/index.js";
import type { ExchangeModelTrace } from "../../src/models/exchange/model.js";
import type { Scenario } from "../../src/scenario/schema.js";

/** b is three times as strong on x as elsewhere. */
const s: Scenario = {
  entente: 1,
  metadata: { title: "per-issue capability" },
  actors: [
    { id: "a", name: "A", capability: 1 },
    { id: "b", name: "B", capability: 1 },
  ],
  issues: [
    { id: "x", name: "X", scale: { low: 0, high: 100 } },
    { id: "y", name: "Y", scale: { low: 0, high: 100 } },
  ],
  stances: [
    { actor: "a", issue: "x", position: 0, salience: 100 },
    { actor: "b", issue: "x", position: 100, salience: 100, capability: 3 },
    { actor: "a", issue: "y", position: 0, salience: 50 },
    { actor: "b", issue: "y", position: 100, salience: 50 },
  ],
};

// Shares keep 12 digits (compile.ts), so 1/3 of the largest weighs 0.333333333333: 9 digits.
const compromise = (sc: Scenario) =>
  runScenario(sc, { models: ["compromise"] }).runs[0].issues.map((i) => i.forecast!);

describe("a stance's own capability", () => {
  it("is in the schema and the JSON Schema, and validates with the actors' rules, located", () => {
    expect(validateScenario(s).ok).toBe(true);
    const schema = scenarioJsonSchema();
    expect(schema).toContain("This actor's capability on this issue");
    const bad = structuredClone(s);
    bad.stances[1].capability = -2;
    bad.stances[2].capability = 1e-320;
    const r = validateScenario(bad);
    expect(r.ok).toBe(false);
    const where = r.ok ? [] : r.problems.map((p) => `${p.path.join(".")}: ${p.message}`);
    expect(where.some((w) => /^stances\.1\.capability: .*negative/.test(w))).toBe(true);
    expect(where.some((w) => /^stances\.2\.capability: capability 1e-320 is below/.test(w))).toBe(
      true,
    );
    // The ratio to the largest counts stances too: 1e-13 of a stance's 1 is refused.
    const tiny = structuredClone(s);
    tiny.actors[0].capability = 1e-13;
    const t = validateScenario(tiny);
    expect(t.ok).toBe(false);
  });

  it("compiles with one divisor for actors and stances (shares of the largest of all)", () => {
    const c = compileScenario(s);
    expect(Array.from(c.capability)).toEqual([1 / 3, 1 / 3].map((v) => Number(v.toPrecision(12))));
    expect(Array.from(c.issues[0].capability)).toEqual([c.capability[0], 1]);
    expect(Array.from(c.issues[1].capability)).toEqual([c.capability[0], c.capability[1]]);
    // Scaling every capability (actors' and stances') changes nothing.
    const big = structuredClone(s);
    big.actors.forEach((a) => (a.capability *= 1000));
    big.stances[1].capability! *= 1000;
    expect(compileScenario(big).issues.map((i) => Array.from(i.capability))).toEqual(
      c.issues.map((i) => Array.from(i.capability)),
    );
  });

  it("is what the compromise model weighs with (by hand: x = 3·100/(1+3) = 75, y = 50)", () => {
    const [x, y] = compromise(s);
    expect(x).toBeCloseTo(75, 9);
    expect(y).toBeCloseTo(50, 9);
  });

  it("moves with the actor's draw in Monte Carlo (b drawn at 2: its 3 on x becomes 6)", () => {
    const spec = { id: "compromise", options: findModel("compromise")!.options.parse({}) };
    const ev = new Evaluator(s, [spec]);
    // values: capabilities, then positions per stance, then saliences per stance.
    const point = Float64Array.from([1, 1, 0, 100, 0, 100, 100, 100, 50, 50]);
    const out = new Float64Array(2);
    ev.evaluate(point, out, 0);
    expect(out[0]).toBeCloseTo(75, 9);
    const drawn = Float64Array.from(point);
    drawn[1] = 2;
    ev.evaluate(drawn, out, 0);
    expect(out[0]).toBeCloseTo(600 / 7, 9);
    expect(out[1]).toBeCloseTo(200 / 3, 9);
    // And back: the arrays are refilled per vector.
    ev.evaluate(point, out, 0);
    expect(out[0]).toBeCloseTo(75, 9);
  });

  it("what-ifs: scale multiplies it with the actor's, set drops it, merge keeps the power", () => {
    const scaled = applyChange(s, { op: "scale", actor: "b", field: "capability", by: 2 });
    expect(scaled.stances[1].capability).toBe(6);
    expect(compromise(scaled)[0]).toBeCloseTo(600 / 7, 9);
    const set = applyChange(s, { op: "set", actor: "b", field: "capability", value: 2 });
    expect(set.stances[1].capability).toBeUndefined();
    expect(compromise(set)[0]).toBeCloseTo(200 / 3, 9);
    // a + b merged: on x the power 1·100 + 3·100 stays 400 (capability 4, salience 100).
    const three: Scenario = {
      ...s,
      actors: [...s.actors, { id: "c", name: "C", capability: 2 }],
      stances: [...s.stances, { actor: "c", issue: "x", position: 50, salience: 100 }],
    };
    const merged = applyChange(three, { op: "merge", actors: ["a", "b"] });
    const onX = merged.stances.find((t) => t.issue === "x" && t.actor === "a")!;
    expect(onX.capability).toBe(4);
    expect(onX.salience).toBe(100);
    expect(onX.position).toBe(75);
    expect(compromise(merged)[0]).toBeCloseTo(compromise(three)[0], 9);
  });
});

/** Two actors; nl's power is 0.5 on emissions but 0.9 on the budget. */
const decide = [
  "#A\tnl\tthe Netherlands",
  "#A\tde\tGermany",
  "#P\temissions\tEmissions",
  "#M\temissions\t0\tnone",
  "#M\temissions\t100\tfull",
  "#P\tbudget\tBudget",
  "#M\tbudget\t0\t",
  "#M\tbudget\t10\t",
  "#D\tnl\temissions\t10\t0.2\t0.5",
  "#D\tnl\tbudget\t2\t0.8\t0.9",
  "#D\tde\temissions\t90\t0.7\t1",
  "#D\tde\tbudget\t6\t0.4\t1",
];

describe("decide files with per-issue powers", () => {
  const text = decide.join("\n") + "\n";
  const read = readDecide(text, { file: "powers.tsv" });

  it("read: the most common power (the first on a tie) is the actor's, differing rows keep their own", () => {
    expect(read.actors.map((a) => [a.id, a.capability])).toEqual([
      ["nl", 0.5],
      ["de", 1],
    ]);
    expect(read.stances.map((t) => t.capability)).toEqual([undefined, 0.9, undefined, undefined]);
    const three = readDecide(
      text.replace("#D\tde\tbudget\t6\t0.4\t1", "#D\tde\tbudget\t6\t0.4\t0.3") +
        "#P\tfees\tFees\n#D\tde\tfees\t50\t0.5\t0.3\n",
    );
    expect(three.actors[1].capability).toBe(0.3);
    expect(three.stances.map((t) => t.capability)).toEqual([
      undefined,
      0.9,
      1,
      undefined,
      undefined,
    ]);
  });

  it("written back row by row with each stance's own power: the round trip is exact", () => {
    const written = writeDecide(read);
    expect(written).toContain("#D\tnl\tbudget\t2\t0.8\t0.9\n");
    expect(readDecide(written)).toEqual(read);
    expect(conversionLosses(read, "decide")).toEqual([]);
    // A per-stance capability equal to the actor's is read back without it: named.
    const odd = structuredClone(read);
    odd.stances[0].capability = 0.5;
    expect(conversionLosses(odd, "decide").map((l) => l.field)).toEqual(["stances.capability"]);
  });

  it("formats with one capability per actor name the loss", () => {
    const three: Scenario = {
      ...read,
      actors: [...read.actors, { id: "be", name: "be", capability: 0.3 }],
    };
    for (const format of ["ktab-csv", "scenario-csv"] as const) {
      const losses = conversionLosses(three, format);
      expect(losses.find((l) => l.field === "stances.capability")?.message).toMatch(/nl on budget/);
    }
    const one = conversionLosses(read, "stakeholder-csv", { issue: "budget" });
    expect(one.some((l) => l.field === "stances.capability")).toBe(true);
  });

  it("a negative power is still a located error", () => {
    const bad = text.replace("0.8\t0.9", "0.8\t-0.9");
    expect(() => readDecide(bad, { file: "powers.tsv" })).toThrow(
      /power -0\.9 of 'nl' on 'budget' is negative/,
    );
  });

  it("the exchange model runs on it with c[k][a] as the per-row powers, as on the same data given directly", () => {
    const c = compileScenario(read);
    const { input } = exchangeInputFromCompiled(c, DECIMAL_ARITHMETIC);
    expect(input.issues.map((i) => i.power.map(String))).toEqual([
      ["0.5", "1"],
      ["0.9", "1"],
    ]);
    // The same data built by hand from the #D rows (as the reference program reads them).
    const ar = DECIMAL_ARITHMETIC;
    const d = (x: number) => ar.fromInput(x);
    const rows = {
      emissions: { lower: 0, upper: 100, pos: [10, 90], sal: [0.2, 0.7], pow: [0.5, 1] },
      budget: { lower: 0, upper: 10, pos: [2, 6], sal: [0.8, 0.4], pow: [0.9, 1] },
    };
    const direct: ExchangeInput = {
      actorIds: ["nl", "de"],
      actorNames: ["the Netherlands", "Germany"],
      positions: Object.values(rows).map((r) => r.pos.map(d)),
      issues: Object.entries(rows).map(([id, r]) => ({
        id,
        ar,
        lower: d(r.lower),
        upper: d(r.upper),
        step: stepOf(ar, d(r.lower), d(r.upper)),
        members: [0, 1],
        slot: Int32Array.from([0, 1]),
        salience: r.sal.map(d),
        power: r.pow.map(d),
        trades: [true, true],
      })),
    };
    const reference = runExchange(direct, { ar, p: ar.zero, rounds: 10, seed: 1 }).trace;
    const run = runScenario(read, { models: ["exchange"] }).runs[0];
    const trace = run.trace as ExchangeModelTrace;
    expect(trace.final).toEqual(reference.final);
    expect(trace.rounds).toEqual(reference.rounds);
    // Not vacuous: with nl at 0.5 on the budget too, the run differs.
    const flat = structuredClone(read);
    delete flat.stances[1].capability;
    const other = runScenario(flat, { models: ["exchange"] }).runs[0].trace as ExchangeModelTrace;
    expect(other.final).not.toEqual(reference.final);
  });
});
