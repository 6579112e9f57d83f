/**
 * SMP as an entente model (src/models/smp/model.ts): scenario scales, saliences,
 * missing stances, rounds and moves, forecasts.
 */
import { describe, expect, it } from "vitest";
import { smpModel, SmpModelOptions } from "../../src/models/smp/model.js";
import { smpInputFromCompiled } from "../../src/models/smp/input.js";
import type { SmpTrace } from "../../src/models/smp/run.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { validateScenario } from "../../src/scenario/validate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { ktabToScenario, readKtabCsv } from "../../src/scenario/import/ktab.js";
import { fixture, parseKtabLog } from "../fixtures/ktab/ktab-log.js";

const dummy = ktabToScenario(readKtabCsv(fixture("dummyData_3Dim.csv"), "dummyData_3Dim.csv"));

function run(scenario: Scenario, options: Record<string, unknown> = {}) {
  const checked = validateScenario(scenario);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return smpModel.run(compileScenario(checked.scenario), SmpModelOptions.parse(options));
}

/** A small three-issue scenario on different scales. */
function small(): Scenario {
  return {
    entente: 1,
    metadata: { title: "small" },
    actors: [
      { id: "a", name: "A", capability: 100 },
      { id: "b", name: "B", capability: 60 },
      { id: "c", name: "C", capability: 40 },
      { id: "d", name: "D", capability: 80 },
    ],
    issues: [
      { id: "tax", name: "Tax", scale: { low: 0, high: 100 } },
      { id: "years", name: "Years", scale: { low: 1, high: 11 }, referencePoint: 4 },
      { id: "share", name: "Share", scale: { low: -1, high: 1 } },
    ],
    stances: [
      { actor: "a", issue: "tax", position: 20, salience: 50 },
      { actor: "a", issue: "years", position: 2, salience: 30 },
      { actor: "a", issue: "share", position: -0.5, salience: 20 },
      { actor: "b", issue: "tax", position: 70, salience: 40 },
      { actor: "b", issue: "years", position: 9, salience: 40 },
      { actor: "b", issue: "share", position: 0.6, salience: 10 },
      { actor: "c", issue: "tax", position: 55, salience: 60 },
      { actor: "c", issue: "share", position: 0.2, salience: 30 },
      { actor: "d", issue: "tax", position: 35, salience: 90 },
      { actor: "d", issue: "years", position: 6, salience: 60 },
      { actor: "d", issue: "share", position: -0.1, salience: 50 },
    ],
  };
}

describe("smpModel", () => {
  it("is registered as a dynamic model with KTAB's defaults and a full trace", () => {
    expect(smpModel.id).toBe("smp");
    expect(smpModel.dynamic).toBe(true);
    expect(smpModel.reference).toMatch(/KTAB/);
    const o = SmpModelOptions.parse({});
    expect(o).toMatchObject({ votingRule: "prop", bargainModel: "init-only", trace: "full" });
    expect(() => SmpModelOptions.parse({ pce: "majority" })).toThrow(/pce/);
    expect(() => SmpModelOptions.parse({ unknownOption: 1 })).toThrow();
  });

  it("runs KTAB's dummyData_3Dim through the scenario format: KTAB's history per issue", () => {
    const result = run(dummy);
    const log = parseKtabLog(fixture("20170530_ref-dummyData_3Dim.txt"));
    const trace = result.trace as SmpTrace;
    expect(trace.states).toBe(11);
    expect(result.model).toBe("smp");
    expect(result.issues).toHaveLength(3);
    result.issues.forEach((issue, k) => {
      expect(issue.actors).toEqual(dummy.actors.map((a) => a.id));
      expect(issue.rounds).toHaveLength(10);
      expect(issue.initial).toEqual(
        dummy.stances.filter((s) => s.issue === issue.issue).map((s) => s.position),
      );
      const dim = dummy.issues[k].name;
      dummy.actors.forEach((a, i) => {
        const history = [issue.initial![i], ...issue.rounds!.map((r) => r.positions[i])];
        expect(history.map((x) => x.toFixed(1))).toEqual(log.positions.get(`${a.name}, ${dim}`));
      });
      // the forecast lies among the final positions
      const last = issue.rounds!.at(-1)!.positions;
      expect(issue.forecast!).toBeGreaterThanOrEqual(Math.min(...last) - 1e-9);
      expect(issue.forecast!).toBeLessThanOrEqual(Math.max(...last) + 1e-9);
      expect(issue.forecast).toBe(issue.rounds!.at(-1)!.forecast);
    });
  });

  it("forecasts the win-probability-weighted mean of the distinct final positions", () => {
    const result = run(dummy);
    const trace = result.trace as SmpTrace;
    const o = trace.outcomes!.at(-1)!;
    const last = trace.positions.at(-1)!;
    for (let k = 0; k < 3; k++) {
      let num = 0;
      let den = 0;
      o.representatives.forEach((rep, g) => {
        num += o.probabilities[g] * last[rep * 3 + k];
        den += o.probabilities[g];
      });
      expect(result.issues[k].forecast).toBeCloseTo((100 * num) / den, 9);
      const top = o.representatives[o.probabilities.indexOf(Math.max(...o.probabilities))];
      expect(result.issues[k].mostLikely).toBeCloseTo(100 * last[top * 3 + k], 9);
    }
  });

  it("records each bargain taken as a move, with its partner and reasons", () => {
    const result = run(dummy);
    const first = result.issues[0].rounds![0];
    expect(first.moves.length).toBeGreaterThan(0);
    const ids = new Set(dummy.actors.map((a) => a.id));
    for (const move of first.moves) {
      expect(move.type).toBe("bargain");
      expect(ids.has(move.actor)).toBe(true);
      expect(ids.has(move.with)).toBe(true);
      expect(move.with).not.toBe(move.actor);
      const i = dummy.actors.findIndex((a) => a.id === move.actor);
      expect(move.position).toBe(first.positions[i]);
      expect(move.from).toBe(result.issues[0].initial![i]);
      expect(move.probability).toBeGreaterThan(0);
      if (move.role === "initiator") expect(move.dU).toBeGreaterThan(1e-5);
    }
    // KTAB's log: in turn 0 actor 0 took actor 4's bargain [4:0]
    const zero = first.moves.find((m) => m.actor === dummy.actors[0].id)!;
    expect(zero).toMatchObject({
      with: dummy.actors[4].id,
      role: "receiver",
      initiator: dummy.actors[4].id,
    });
    // trace "positions" gives the same rounds without moves
    const lean = run(dummy, { trace: "positions" });
    expect(lean.issues[0].rounds!.map((r) => r.positions)).toEqual(
      result.issues[0].rounds!.map((r) => r.positions),
    );
    expect(lean.issues[0].rounds!.every((r) => r.moves.length === 0)).toBe(true);
  });

  it("maps each issue's scale to [0, 1] and back", () => {
    // dummyData on a 0–1 scale: internal positions x/100 are the same doubles
    const shrunk: Scenario = {
      ...dummy,
      issues: dummy.issues.map((i) => ({ ...i, scale: { low: 0, high: 1 } })),
      stances: dummy.stances.map((s) => ({ ...s, position: s.position / 100 })),
    };
    const a = run(dummy);
    const b = run(shrunk);
    expect((b.trace as SmpTrace).positions).toEqual((a.trace as SmpTrace).positions);
    a.issues.forEach((issue, k) =>
      expect(b.issues[k].forecast! * 100).toBeCloseTo(issue.forecast!, 9),
    );
    // and any scale stays on its scale
    for (const issue of run(small()).issues) {
      const s = small().issues.find((i) => i.id === issue.issue)!.scale;
      for (const r of issue.rounds!)
        for (const x of r.positions) expect(x >= s.low - 1e-12 && x <= s.high + 1e-12).toBe(true);
    }
  });

  it("divides an actor's saliences by their sum when they exceed 100 in total", () => {
    const scenario = small();
    const compiled = compileScenario(scenario);
    const { input, salienceScaled } = smpInputFromCompiled(compiled);
    // d: 90 + 60 + 50 = 200 → 0.45, 0.3, 0.25
    expect(salienceScaled).toEqual([false, false, false, true]);
    expect(Array.from(input.salience.subarray(9, 12))).toEqual([0.9 / 2, 0.6 / 2, 0.5 / 2]);
    const halved: Scenario = {
      ...scenario,
      stances: scenario.stances.map((s) =>
        s.actor === "d" ? { ...s, salience: s.salience / 2 } : s,
      ),
    };
    const a = run(scenario);
    expect(a.notes?.[0]).toMatch(/saliences of d summed to more than 100/);
    const b = run(halved);
    a.issues.forEach((issue, k) => expect(issue.forecast).toBeCloseTo(b.issues[k].forecast!, 12));
  });

  it("places an actor without a stance at the reference point, else the weighted mean, with salience 0", () => {
    const compiled = compileScenario(small());
    const { input, imputed } = smpInputFromCompiled(compiled);
    const D = 3;
    // c has no stance on "years" (reference point 4 on 1..11)
    expect(imputed[2 * D + 1]).toBe(1);
    expect(input.position[2 * D + 1]).toBeCloseTo((4 - 1) / 10, 15);
    expect(input.salience[2 * D + 1]).toBe(0);
    // without a reference point: capability × salience weighted mean of the others
    const noRef = small();
    delete noRef.issues[1].referencePoint;
    const { input: input2 } = smpInputFromCompiled(compileScenario(noRef));
    const w = [100 * 0.3, 60 * 0.4, 80 * 0.3]; // d's saliences scaled by 1/2
    const x = [(2 - 1) / 10, (9 - 1) / 10, (6 - 1) / 10];
    expect(input2.position[2 * D + 1]).toBeCloseTo(
      (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]) / (w[0] + w[1] + w[2]),
      12,
    );
    const result = run(small());
    expect(result.issues[1].note).toMatch(/1 actor\(s\) without a stance \(c\).*reference point/);
    expect(result.issues[1].initial![2]).toBeCloseTo(4, 12);
    for (const issue of result.issues) expect(Number.isFinite(issue.forecast)).toBe(true);
  });

  it("gives no forecast on an issue nobody holds a stance on", () => {
    const scenario = small();
    scenario.issues.push({ id: "empty", name: "Empty", scale: { low: 0, high: 10 } });
    const result = run(scenario);
    expect(result.issues[3]).toMatchObject({ issue: "empty", forecast: null });
    expect(result.issues[3].note).toMatch(/no actor/);
    expect(result.issues.slice(0, 3).every((i) => Number.isFinite(i.forecast))).toBe(true);
  });

  it("passes SMP's options through (variants, stochastic seed)", () => {
    const a = run(small(), { stateTransitions: "stochastic", seed: 7 });
    const b = run(small(), { stateTransitions: "stochastic", seed: 7 });
    expect(b).toEqual(a);
    expect(a.options).toMatchObject({ stateTransitions: "stochastic", seed: 7 });
    const v = run(small(), { votingRule: "cubic", pce: "markov-uniform", bargainModel: "pw-comp" });
    for (const issue of v.issues) expect(Number.isFinite(issue.forecast)).toBe(true);
  });
});
