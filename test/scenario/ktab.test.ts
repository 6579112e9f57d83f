/**
 * KTAB's SMP input files (src/scenario/import/ktab.ts): CSV and XML reading, KTAB's
 * validation with every problem located, and the bridge to entente scenarios.
 */
import { describe, expect, it } from "vitest";
import {
  ktabAccommodation,
  ktabToScenario,
  readKtabCsv,
  readKtabXml,
  scenarioToKtabCsv,
} from "../../src/scenario/import/ktab.js";
import type { KtabScenario } from "../../src/scenario/import/ktab-scenario.js";
import { InputError, type Problem } from "../../src/scenario/problems.js";
import { validateScenario } from "../../src/scenario/validate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { fixture } from "../fixtures/ktab/ktab-log.js";

function problemsOf(f: () => unknown): Problem[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("readKtabCsv", () => {
  it("reads dummyData_3Dim.csv (quoted description, trailing commas)", () => {
    const k = readKtabCsv(fixture("dummyData_3Dim.csv"), "dummyData_3Dim.csv");
    expect(k.name).toBe("DummyData_3Dim");
    expect(k.description).toBe("Dummy scenario to test reading format");
    expect(k.dimensions).toEqual(["Pstn1", "Pstn2", "Pstn3"]);
    expect(k.actors).toHaveLength(7);
    expect(k.actors[0]).toEqual({
      name: "SActor-00",
      description: "Random Spatial Actor",
      capability: 102.543,
      position: [75.79, 6.37, 70.45],
      salience: [49.53, 5.91, 28.15],
    });
    expect(k.parameters).toBeUndefined();
  });

  it("reads every KTAB example", () => {
    const files: [string, number, number, string][] = [
      ["SOE-Policy.csv", 26, 1, "Policy Position"],
      ["SOE-Pol-Comp.csv", 13, 2, "Competitive Position"],
      ["SOE-Competitive.csv", 34, 1, "Competitive Position"],
      ["dummyData_6Dim.csv", 27, 6, "Dim5 Position"],
      ["dummyData-a040.csv", 40, 1, "XYZ Position"],
      ["dummyData-a080.csv", 80, 1, "XYZ Position"],
      ["dummyData-a160.csv", 160, 1, "XYZ Position"],
    ];
    for (const [file, actors, dims, lastDim] of files) {
      const k = readKtabCsv(fixture(file), file);
      expect(k.actors, file).toHaveLength(actors);
      expect(k.dimensions, file).toHaveLength(dims);
      expect(k.dimensions.at(-1), file).toBe(lastDim);
    }
    expect(readKtabCsv(fixture("SOE-Policy.csv")).name).toBe("China Policy; scen 0");
  });

  it("reports every problem at once, with file, line, column and field (KTAB's limits)", () => {
    const text = [
      "Bad,Every problem,5,2,",
      "Actor,Description,Power,P1,S1,P2,S2,",
      "A,first,100,50,40,101,20,", // position > 100 (line 3, column 6)
      "B,second,-1,50,40,50,20,", // capability < 0
      "C,third,2e8,50,70,50,40,", // capability > 1e8; salience sum 110
      "D,fourth,10,x,-5,50,,", // not a number; salience < 0; empty salience
      "E,fifth,10,50,40,50,20,7,", // an extra field
    ].join("\n");
    const problems = problemsOf(() => readKtabCsv(text, "bad.csv"));
    const messages = problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(problems.every((p) => p.file === "bad.csv")).toBe(true);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^3:6 actor 1 \(A\): position on 'P2' must be between 0 and 100, found 101/,
        ),
        expect.stringMatching(/^4:3 actor 2 \(B\): capability must be between 0 and 1e8, found -1/),
        expect.stringMatching(
          /^5:3 actor 3 \(C\): capability must be between 0 and 1e8, found 200000000/,
        ),
        expect.stringMatching(/^5:undefined actor 3 \(C\): saliences sum to 110, more than 100/),
        expect.stringMatching(/^6:4 actor 4 \(D\): position on 'P1' must be a number, found 'x'/),
        expect.stringMatching(
          /^6:5 actor 4 \(D\): salience on 'P1' must be between 0 and 100, found -5/,
        ),
        expect.stringMatching(/^6:7 actor 4 \(D\): salience on 'P2' is empty/),
        expect.stringMatching(/^7:8 expected 7 fields/),
      ]),
    );
    expect(problems).toHaveLength(8);
    expect(new InputError(problems).message).toMatch(
      /^bad\.csv:3:6 actors\[0\]\.position\[1\]: actor 1/m,
    );
  });

  it("checks the announced number of actors and KTAB's 3..250 actors", () => {
    const text = [
      "Two,too few,3,1,",
      "Actor,Description,Power,P,S,",
      "A,a,1,10,10,",
      "B,b,1,20,10,",
    ].join("\n");
    const messages = problemsOf(() => readKtabCsv(text)).map((p) => p.message);
    expect(messages).toEqual([
      "line 1 announces 3 actors but the file has 2 actor lines",
      "KTAB's SMP takes 3 to 250 actors, found 2",
    ]);
    expect(problemsOf(() => readKtabCsv("x,y,three,1,\nActor,\nA,a,1,1,1,"))[0].message).toMatch(
      /numActors\) must be a number, found 'three'/,
    );
    expect(problemsOf(() => readKtabCsv("only one line"))[0].message).toMatch(/needs a first line/);
  });
});

describe("readKtabXml", () => {
  it("reports smpExample.xml's empty <dCoord> naming actor, dimension and line", () => {
    const problems = problemsOf(() => readKtabXml(fixture("smpExample.xml"), "smpExample.xml"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: "smpExample.xml",
      line: 32,
      path: ["Actors", 0, "Position", 0],
    });
    expect(problems[0].message).toBe(
      "actor 1 (Alice): position <dCoord> on dimension 1 ('FirstDim') is empty; write a number between 0 and 100",
    );
  });

  it("reads the corrected copy: parameters, seed, ideal adjustment", () => {
    const k = readKtabXml(fixture("smpExample-corrected.xml"), "smpExample-corrected.xml");
    expect(k.name).toBe("DummyData_3Dim");
    expect(k.dimensions).toEqual(["FirstDim", "SecondDim", "YADN"]);
    expect(k.actors.map((a) => a.name)).toEqual(["Alice", "Bob", "Carol", "David", "Ellie"]);
    expect(k.actors[0].position).toEqual([52.8, 39.8, 39.6]);
    expect(k.actors[4]).toMatchObject({ capability: 63.8, salience: [39.7, 19.9, 15.8] });
    expect(k.seed).toBe("03507583219545544127");
    expect(k.parameters).toEqual({
      victoryProb: "linear",
      pce: "markov-incentive",
      stateTransitions: "stochastic",
      votingRule: "prop-cbc",
      bigRAdjust: "one-third",
      bigRRange: "mid",
      thirdPartyCommit: "semi",
      interVecBrgn: "s2p2",
      bargainModel: "init-only",
    });
    expect(k.idealAdjustment).toEqual([
      { actor: 0, reference: 0, adjust: 0.87 },
      { actor: 1, reference: 1, adjust: 0.75 },
      { actor: 1, reference: 0, adjust: 0.07 },
      { actor: 2, reference: 2, adjust: 0.65 },
      { actor: 2, reference: 3, adjust: 0.13 },
      { actor: 3, reference: 3, adjust: 0.57 },
    ]);
    const A = ktabAccommodation(k)!;
    expect(Array.from(A.subarray(5, 10))).toEqual([0.07, 0.75, 0, 0, 0]);
    expect(A[4 * 5 + 4]).toBe(1);
  });

  it("reads dummyData_3Dim.xml without IdealAdjustment or ModelParameters, as the CSV", () => {
    const xml = readKtabXml(fixture("dummyData_3Dim.xml"), "dummyData_3Dim.xml");
    const csv = readKtabCsv(fixture("dummyData_3Dim.csv"));
    expect(xml.idealAdjustment).toBeUndefined();
    expect(xml.parameters).toBeUndefined();
    expect(ktabAccommodation(xml)).toBeUndefined();
    expect(xml.actors).toEqual(csv.actors);
    expect(xml.dimensions).toEqual(csv.dimensions);
    expect(xml.seed).toBe("03707583219545544125");
  });

  it("names unknown parameter values, unknown actors in IdealAdjustment, and broken XML", () => {
    const text = fixture("smpExample-corrected.xml")
      .replace("<PCEModel>MarkovIncentive</PCEModel>", "<PCEModel>Markov</PCEModel>")
      .replace("<referencePos>David</referencePos>", "<referencePos>Dave</referencePos>")
      .replace("<dSal>15.8</dSal>", "<dSal>150</dSal>");
    const messages = problemsOf(() => readKtabXml(text, "x.xml")).map(
      (p) => `${p.line} ${p.message}`,
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^\d+ <PCEModel> is 'Markov'; expected one of Conditional, MarkovUniform, MarkovIncentive/,
      ),
      expect.stringMatching(
        /^\d+ actor 5 \(Ellie\): salience on 'YADN' must be between 0 and 100, found 150/,
      ),
      expect.stringMatching(/^\d+ actor 5 \(Ellie\): saliences sum to 209.6, more than 100/),
      expect.stringMatching(/^\d+ <referencePos> names 'Dave', which is not an actor/),
    ]);
    const broken = problemsOf(() => readKtabXml("<Scenario><name>x</Scenario>", "b.xml"));
    expect(broken[0]).toMatchObject({ file: "b.xml", line: 1 });
    expect(broken[0].message).toMatch(/not well-formed XML/);
  });
});

describe("KTAB ⇄ entente scenarios", () => {
  it("makes a valid scenario: issues 0–100 with slug ids, stances with 0–100 salience", () => {
    const scenario = ktabToScenario(readKtabCsv(fixture("SOE-Pol-Comp.csv")));
    const checked = validateScenario(scenario);
    expect(checked.ok).toBe(true);
    expect(scenario.entente).toBe(1);
    expect(scenario.metadata.title).toBe("China Policy/Competitive; scen 2");
    expect(scenario.issues.map((i) => [i.id, i.name, i.scale])).toEqual([
      ["policy-position", "Policy Position", { low: 0, high: 100 }],
      ["competitive-position", "Competitive Position", { low: 0, high: 100 }],
    ]);
    expect(scenario.stances).toHaveLength(13 * 2);
    expect(scenario.stances[0]).toEqual({
      actor: "xj",
      issue: "policy-position",
      position: 30,
      salience: 24,
    });
  });

  it("keeps repeated actor names and gives them unique ids", () => {
    const k: KtabScenario = {
      name: "Twins",
      description: "",
      dimensions: ["X"],
      actors: ["Same", "Same", "Other", "Same"].map((name, i) => ({
        name,
        description: "",
        capability: 10 + i,
        position: [10 * i],
        salience: [50],
      })),
    };
    const s = ktabToScenario(k);
    expect(s.actors.map((a) => [a.id, a.name])).toEqual([
      ["same", "Same"],
      ["same-2", "Same"],
      ["other", "Other"],
      ["same-3", "Same"],
    ]);
    expect(validateScenario(s).ok).toBe(true);
  });

  it("notes the XML's parameters, seed and ideal adjustment in the metadata", () => {
    const s = ktabToScenario(readKtabXml(fixture("smpExample-corrected.xml")));
    expect(s.metadata.notes).toMatch(/pce=markov-incentive/);
    expect(s.metadata.notes).toMatch(/seed: 03507583219545544127/);
    expect(s.metadata.notes).toMatch(/Bob→Alice 0\.07/);
    expect(validateScenario(s).ok).toBe(true);
  });

  it("writes KTAB CSV that reads back to the same scenario", () => {
    for (const file of ["dummyData_3Dim.csv", "SOE-Pol-Comp.csv", "dummyData_6Dim.csv"]) {
      const k = readKtabCsv(fixture(file), file);
      const back = readKtabCsv(scenarioToKtabCsv(ktabToScenario(k)), "written.csv");
      expect(back.actors, file).toEqual(
        k.actors.map((a) => ({ ...a, description: a.description.trim() })),
      );
      expect(back.dimensions).toEqual(k.dimensions);
      expect(back.name).toBe(k.name);
    }
  });

  it("writes any scenario as valid KTAB CSV: scales mapped to 0–100, saliences capped, missing stances filled", () => {
    const scenario: Scenario = {
      entente: 1,
      metadata: { title: "Mixed, with a comma", description: 'has "quotes"' },
      actors: [
        { id: "a", name: "A", capability: 10 },
        { id: "b", name: "B, Jr.", capability: 20 },
        { id: "c", name: "C", capability: 30 },
      ],
      issues: [
        { id: "x", name: "X", scale: { low: -1, high: 1 } },
        { id: "y", name: "Y", scale: { low: 0, high: 100 }, referencePoint: 40 },
      ],
      stances: [
        { actor: "a", issue: "x", position: -1, salience: 80 },
        { actor: "a", issue: "y", position: 10, salience: 70 },
        { actor: "b", issue: "x", position: 0.5, salience: 30 },
        { actor: "c", issue: "x", position: 0, salience: 50 },
        { actor: "c", issue: "y", position: 90, salience: 50 },
      ],
    };
    const k = readKtabCsv(scenarioToKtabCsv(scenario), "out.csv");
    expect(k.name).toBe("Mixed, with a comma");
    expect(k.description).toBe('has "quotes"');
    expect(k.actors.map((a) => a.name)).toEqual(["A", "B, Jr.", "C"]);
    expect(k.actors[0].position).toEqual([0, 10]);
    expect(k.actors[1].position).toEqual([75, 40]); // y: B has no stance → reference point
    expect(k.actors[1].salience).toEqual([30, 0]);
    const sum = k.actors[0].salience.reduce((s, x) => s + x, 0);
    expect(sum).toBeLessThanOrEqual(100);
    expect(sum).toBeGreaterThan(99.9999);
  });
});
