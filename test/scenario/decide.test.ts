/**
 * The decide importer on the format's real quirks (exchange-model.md §3, Q14): tab or
 * semicolon, single, double or no quotes, comments, blank lines and `#O`, `#M` records
 * out of order, extra fields, issues without `#M` (0–100), and every fault located.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDecide, splitDecideFields } from "../../src/scenario/import/decide.js";
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

describe("decide fields", () => {
  it("splits at the separator outside quotes, either quote, doubled quotes kept once", () => {
    expect(splitDecideFields("'#A'\t'EU (incl; Norway)'\t''", "\t")).toEqual([
      "#A",
      "EU (incl; Norway)",
      "",
    ]);
    expect(splitDecideFields('"#P";"a;b";plain; spaced ', ";")).toEqual([
      "#P",
      "a;b",
      "plain",
      "spaced",
    ]);
    expect(splitDecideFields("'#A';'it''s';x", ";")).toEqual(["#A", "it's", "x"]);
    expect(splitDecideFields("#D\tA\tB\t1", "\t")).toEqual(["#D", "A", "B", "1"]);
  });
});

describe("decide files with the format's quirks", () => {
  it("reads semicolons, double and single quotes, comments, blank lines, #M before #P", () => {
    const s = readDecide(readFileSync(fixture("decide/harbour-semicolon.csv"), "utf8"), {
      file: "harbour.csv",
    });
    expect(validateScenario(s).ok).toBe(true);
    expect(s.metadata.title).toBe("Harbour deal (toy example written for entente's tests)");
    expect(s.actors).toEqual([
      { id: "port", name: "Port authority", capability: 0.5 },
      { id: "city", name: "City council", capability: 0.3 },
      { id: "greens", name: "Green party", capability: 0.2 },
    ]);
    // #M out of order (12 before 8, and before the #P): the scale runs from the lowest.
    expect(s.issues[0]).toMatchObject({
      id: "dredging",
      scale: { low: 8, high: 12 },
      anchors: [
        { value: 8, label: "as now" },
        { value: 12, label: "deep" },
      ],
    });
    // No #M: 0 to 100, as decide-exchange-model.
    expect(s.issues[1].scale).toEqual({ low: 0, high: 100 });
    expect(s.stances.map((x) => [x.actor, x.issue, x.position, x.salience])).toEqual([
      ["port", "dredging", 12, 90],
      ["city", "dredging", 9.5, 40],
      ["greens", "dredging", 8, 80],
      ["port", "fees", 20, 30],
      ["city", "fees", 60, 70],
      ["greens", "fees", 80, 50],
    ]);
  });

  it("reads the same figures from the tab-separated, single-quoted form", () => {
    const semicolon = readDecide(readFileSync(fixture("decide/harbour-semicolon.csv"), "utf8"));
    const tabbed = [
      "'#A'\t'port'\t'Port authority'\t''",
      "'#A'\t'city'\t'City council'\t''",
      "'#A'\t'greens'\t'Green party'\t''",
      "'#P'\t'dredging'\t'Depth of the channel (m)'",
      "'#M'\t'dredging'\t8\t'as now'",
      "'#M'\t'dredging'\t12\t'deep'",
      "'#P'\t'fees'\t'Harbour fees'",
      "'#D'\t'port'\t'dredging'\t12.0\t0.9\t0.5",
      "'#D'\t'city'\t'dredging'\t9.5\t0.4\t0.3",
      "'#D'\t'greens'\t'dredging'\t8.0\t0.8\t0.2",
      "'#D'\t'port'\t'fees'\t20\t0.3\t0.5",
      "'#D'\t'city'\t'fees'\t60\t0.7\t0.3",
      "'#D'\t'greens'\t'fees'\t80\t0.5\t0.2",
    ].join("\r\n");
    const s = readDecide(tabbed);
    expect(s.stances).toEqual(semicolon.stances);
    expect(s.actors).toEqual(semicolon.actors);
    expect(s.issues).toEqual(semicolon.issues);
  });

  it("locates every fault of a broken file (file:line), without stopping at the first", () => {
    const p = rejects(() =>
      readDecide(readFileSync(fixture("decide/water-board-errors.tsv"), "utf8"), {
        file: "water.tsv",
      }),
    );
    expect(p.every((x) => x.file === "water.tsv" && typeof x.line === "number")).toBe(true);
    const at = p.map((x) => `${x.line}:${x.message}`);
    expect(at).toEqual([
      "12:position 160 of 'town' is off the scale [0, 100] of issue 'level' (0–100: the issue has no #M points)",
      expect.stringMatching(/^13:salience 0 of 'nature' on 'level': the exchange model divides/),
      "14:power -0.4 of 'farmers' on 'levy' is negative",
      "16:second #D record for actor 'town' on issue 'levy' (the first is on line 15)",
      "17:salience 'x' is not a number",
      "18:unknown record type '#X' (expected #O, #/, #A, #P, #M or #D)",
    ]);
  });

  it("refuses a repeated #A or #P, a #M of an undeclared issue, a single scale point and short rows", () => {
    const p = rejects(() =>
      readDecide(
        [
          "#A\ta\tA",
          "#A\ta\tAgain",
          "#P\tx\tX",
          "#P\tx\tX again",
          "#P\ty\tY",
          "#M\ty\t5",
          "#M\tz\t1",
          "#D\ta\tx\t5",
          "#D\tb\tx\t5\t0.5\t1",
        ].join("\n"),
        { file: "f.txt" },
      ),
    );
    expect(p.map((x) => `${x.line}:${x.message}`)).toEqual([
      "2:actor 'a' is declared twice (first on line 1)",
      "4:issue 'x' is declared twice (first on line 3)",
      "6:issue 'y' has a single scale point (5); give its lowest and highest positions with #M",
      "7:scale point for undeclared issue 'z' (no #P record)",
      "8:a #D record needs actor, issue, position, salience and power; found 3 field(s)",
      "9:unknown actor 'b' (no #A record)",
    ]);
  });
});
