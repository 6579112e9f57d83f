import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  readStakeholderCsv,
  readStakeholderCsvWithNotes,
  writeStakeholderCsv,
} from "../../src/scenario/import/stakeholder-csv.js";
import { readDecide, writeDecide } from "../../src/scenario/import/decide.js";
import { parseScenario, serializeScenario, detectFormat } from "../../src/scenario/formats.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { InputError, type Problem } from "../../src/scenario/problems.js";
import { fixture } from "../support/fixtures.js";

const rejects = (f: () => unknown): Problem[] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected an InputError");
};

describe("stakeholder CSV (Actor,Capability,Position,Salience)", () => {
  const text = readFileSync(fixture("bdm/emission-standards-ec.csv"), "utf8");

  it("reads a table with salience on 0–1 into a valid one-issue scenario", () => {
    const s = readStakeholderCsv(text, { file: "emission.csv" });
    expect(validateScenario(s).ok).toBe(true);
    expect(s.actors).toHaveLength(10);
    expect(s.stances[0]).toEqual({
      actor: "netherlands",
      issue: "issue",
      position: 4,
      salience: 80,
    });
    expect(s.stances[8].salience).toBe(100);
    expect(s.issues[0].scale).toEqual({ low: 0, high: 100 });
  });

  it("reads salience on 0–100 when told so", () => {
    const s = readStakeholderCsv("Actor,Capability,Position,Salience\nA,1,10,80\nB,2,90,35\n", {
      salienceScale: 100,
    });
    expect(s.stances.map((x) => x.salience)).toEqual([80, 35]);
  });

  it("salience scale told from the values and said; above 1 on a stated 0–1 says how to fix it", () => {
    const told = readStakeholderCsvWithNotes("Actor,Capability,Position,Salience\nA,1,10,80\n", {
      file: "t.csv",
    });
    expect(told.scenario.stances[0].salience).toBe(80);
    expect(told.notes).toContain("salience read on 0–100 (values above 1)");
    const shares = readStakeholderCsvWithNotes("Actor,Capability,Position,Salience\nA,1,10,0.8\n");
    expect(shares.scenario.stances[0].salience).toBe(80);
    expect(shares.notes[0]).toMatch(/salience read on 0–1 .*--salience-scale 100/);
    const p = rejects(() =>
      readStakeholderCsv("Actor,Capability,Position,Salience\nA,1,10,80\n", {
        file: "t.csv",
        salienceScale: 1,
      }),
    );
    expect(p[0]).toMatchObject({ file: "t.csv", line: 2, path: ["Salience"] });
    expect(p[0].message).toMatch(/--salience-scale 100/);
  });

  it("repeated actor names are distinct actors, numbered, with a note naming the lines", () => {
    const lit = readFileSync(fixture("bdm/litigation-case.csv"), "utf8");
    const { notes } = readStakeholderCsvWithNotes(lit, { file: "lit.csv" });
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /actor name 'Local Democrat' appears on lines 11(, \d+)* and \d+: read as \d actors/,
        ),
      ]),
    );
    expect(readStakeholderCsv(lit, { disambiguate: true })).toEqual(readStakeholderCsv(lit));
    const s = readStakeholderCsv(lit);
    expect(
      s.actors.filter((a) => a.name.startsWith("Attorney")).map((a) => [a.id, a.name]),
    ).toEqual([
      ["attorney", "Attorney"],
      ["attorney-2", "Attorney (2)"],
      ["attorney-3", "Attorney (3)"],
    ]);
    expect(validateScenario(s).ok).toBe(true);
  });

  it("bad numbers, negative capability and a wrong header are located", () => {
    const p = rejects(() =>
      readStakeholderCsv("Actor,Capability,Position,Salience\nA,x,10,0.5\nB,-1,,0.5\nC,1,2\n", {
        file: "b.csv",
      }),
    );
    expect(p.map((x) => [x.line, x.path[0]])).toEqual([
      [2, "Capability"],
      [3, "Position"],
      [3, "Capability"],
      [4, "Salience"],
    ]);
    const h = rejects(() =>
      readStakeholderCsv("Who,Might,Where,How\nA,1,1,1\n", { file: "h.csv" }),
    );
    expect(h[0]).toMatchObject({ line: 1, path: ["header"] });
    expect(h[0].message).toMatch(/no 'Actor', 'Capability', 'Position', 'Salience' column/);
  });

  it("round-trips through YAML and back to CSV", () => {
    const s = readStakeholderCsv(text);
    const yaml = serializeScenario(s, "out.yaml");
    const back = parseScenario(yaml, "out.yaml");
    expect(back).toEqual(s);
    expect(writeStakeholderCsv(back).trim().split(/\r?\n/).slice(1)).toEqual(
      text
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.replace(/,1\.0$/, ",1")),
    );
  });
});

describe("decide format (#A/#P/#M/#D)", () => {
  it("reads actors, issues, scale points and data", () => {
    const s = readDecide(readFileSync(fixture("decide/city-budget.tsv"), "utf8"), {
      file: "city.tsv",
    });
    expect(validateScenario(s).ok).toBe(true);
    expect(s.metadata.title).toMatch(/City budget/);
    expect(s.actors).toEqual([
      { id: "mayor", name: "The mayor", capability: 0.5 },
      { id: "council", name: "City council", capability: 0.3 },
      { id: "unions", name: "Public-sector unions", capability: 0.2 },
    ]);
    expect(s.issues[0]).toMatchObject({
      id: "budget",
      scale: { low: 0, high: 100 },
      anchors: [
        { value: 0, label: "cuts" },
        { value: 100, label: "large increase" },
      ],
    });
    expect(s.issues[1]).toMatchObject({ id: "tax", scale: { low: 0, high: 10 } });
    expect(s.stances).toHaveLength(5);
    expect(s.stances[0]).toEqual({ actor: "mayor", issue: "budget", position: 40, salience: 80 });
  });

  it("is detected by content", () => {
    expect(detectFormat("x.tsv", readFileSync(fixture("decide/city-budget.tsv"), "utf8"))).toBe(
      "decide",
    );
  });

  it("reports every fault with its line", () => {
    const p = rejects(() =>
      readDecide(readFileSync(fixture("decide/broken.csv"), "utf8"), { file: "broken.csv" }),
    );
    const at = p.map((x) => `${x.line}:${x.message}`);
    expect(at).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^7:salience 1\.6 of 'council' on 'budget' is outside 0–1/),
        expect.stringMatching(/^8:unknown actor 'ghost'/),
        expect.stringMatching(/^9:power -0\.5 of 'mayor' on 'budget' is negative/),
        expect.stringMatching(
          /^9:second #D record for actor 'mayor' on issue 'budget' \(the first is on line 6\)/,
        ),
        expect.stringMatching(/^10:unknown record type '#X'/),
        expect.stringMatching(/^7:position 160 of 'council' is off the scale \[0, 100\]/),
      ]),
    );
  });

  it("round-trips through the decide writer", () => {
    const s = readDecide(readFileSync(fixture("decide/city-budget.tsv"), "utf8"));
    const again = readDecide(writeDecide(s));
    expect(again.stances).toEqual(s.stances);
    expect(again.actors).toEqual(s.actors);
    expect(again.issues.map((i) => i.scale)).toEqual(s.issues.map((i) => i.scale));
  });
});

describe("format detection", () => {
  it("tells formats apart and refuses what it cannot tell", () => {
    expect(detectFormat("a.yaml", "")).toBe("yaml");
    expect(detectFormat("a.json", "")).toBe("json");
    expect(detectFormat("a.xml", "")).toBe("ktab-xml");
    expect(detectFormat("a.csv", "Actor,Capability,Position,Salience\n")).toBe("stakeholder-csv");
    expect(detectFormat("a.csv", "Name, desc, 3, 2,\nActor,Description,Power,P1,S1,P2,S2\n")).toBe(
      "ktab-csv",
    );
    expect(() => detectFormat("a.txt", "hello\nworld\n")).toThrow(/cannot tell the file's format/);
  });
});
