/**
 * Every validation error a user can make produces a message that names the file,
 * the line and the field, and all problems are reported at once.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../../src/scenario/formats.js";
import { InputError, formatProblem, type Problem } from "../../src/scenario/problems.js";

const GOOD = `entente: 1
metadata:
  title: Test
actors:
  - id: a
    name: A
    capability: 10
  - id: b
    name: B
    capability: 5
issues:
  - id: x
    name: X
    scale: { low: 0, high: 100 }
    referencePoint: 50
stances:
  - { actor: a, issue: x, position: 20, salience: 80 }
  - { actor: b, issue: x, position: 70, salience: 40 }
`;

function problems(text: string, file = "case.yaml"): Problem[] {
  try {
    parseScenario(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected the scenario to be rejected");
}

const one = (text: string) => {
  const p = problems(text);
  expect(p, p.map(formatProblem).join("\n")).toHaveLength(1);
  return p[0];
};

describe("scenario validation", () => {
  it("accepts a good scenario", () => {
    expect(parseScenario(GOOD, "good.yaml").actors).toHaveLength(2);
  });

  it("unknown actor in a stance: file, line, field and a suggestion", () => {
    const p = one(GOOD.replace("{ actor: b, issue: x", "{ actor: bb, issue: x"));
    expect(p).toMatchObject({ file: "case.yaml", line: 18, path: ["stances", 1, "actor"] });
    expect(p.message).toMatch(/unknown actor 'bb'.*did you mean 'b'/);
    expect(formatProblem(p)).toMatch(/^case\.yaml:18:\d+ stances\[1\]\.actor: unknown actor 'bb'/);
  });

  it("unknown issue in a stance", () => {
    const p = one(GOOD.replace("{ actor: a, issue: x", "{ actor: a, issue: y"));
    expect(p).toMatchObject({ line: 17, path: ["stances", 0, "issue"] });
    expect(p.message).toMatch(/unknown issue 'y'/);
  });

  it("duplicate actor id", () => {
    const text = GOOD.replace("  - id: b\n    name: B", "  - id: a\n    name: B").replace(
      "{ actor: b, issue: x, position: 70, salience: 40 }",
      "{ actor: a, issue: x, position: 70, salience: 40 }",
    );
    const p = problems(text);
    const dup = p.find((x) => x.path.join(".") === "actors.1.id")!;
    expect(dup).toMatchObject({ line: 8 });
    expect(dup.message).toMatch(/duplicate actor id 'a'/);
    expect(p.find((x) => x.path.join(".") === "stances.1")!.message).toMatch(
      /second stance of 'a' on 'x'/,
    );
  });

  it("duplicate issue id", () => {
    const text = GOOD.replace(
      "stances:",
      "  - id: x\n    name: X again\n    scale: { low: 0, high: 1 }\nstances:",
    );
    const p = one(text);
    expect(p).toMatchObject({ path: ["issues", 1, "id"], line: 16 });
    expect(p.message).toMatch(/duplicate issue id 'x'/);
  });

  it("position off the scale", () => {
    const p = one(GOOD.replace("position: 70", "position: 170"));
    expect(p).toMatchObject({ line: 18, path: ["stances", 1, "position"] });
    expect(p.message).toMatch(/position 170 of 'b' is off the scale \[0, 100\] of issue 'x'/);
  });

  it("reference point off the scale", () => {
    const p = one(GOOD.replace("referencePoint: 50", "referencePoint: -5"));
    expect(p).toMatchObject({ line: 15, path: ["issues", 0, "referencePoint"] });
  });

  it("salience outside its range", () => {
    const p = one(GOOD.replace("salience: 40", "salience: 140"));
    expect(p).toMatchObject({ line: 18, path: ["stances", 1, "salience"] });
    expect(p.message).toMatch(/between 0 and 100/);
  });

  it("NaN", () => {
    const p = one(GOOD.replace("position: 20", "position: .nan"));
    expect(p).toMatchObject({ line: 17, path: ["stances", 0, "position"] });
    expect(p.message).toMatch(/NaN/);
  });

  it("a number written as text", () => {
    const p = one(GOOD.replace("capability: 5", "capability: five"));
    expect(p).toMatchObject({ line: 10, path: ["actors", 1, "capability"] });
    expect(p.message).toMatch(/expected number/);
  });

  it("negative capability", () => {
    const p = one(GOOD.replace("capability: 5", "capability: -5"));
    expect(p).toMatchObject({ line: 10, path: ["actors", 1, "capability"] });
    expect(p.message).toMatch(/must not be negative/);
  });

  it("empty scenario: an empty file, no actors, no stances", () => {
    expect(problems("")[0].message).toMatch(/the file is empty/);
    expect(problems("# only a comment\n")[0].message).toMatch(/the file is empty/);
    const noActors = problems(GOOD.replace(/actors:[\s\S]*?issues:/, "actors: []\nissues:"));
    expect(noActors.find((p) => p.path.join(".") === "actors")!.message).toMatch(
      /at least one actor/,
    );
    const noStances = problems(GOOD.replace(/stances:[\s\S]*$/, "stances: []\n"));
    expect(noStances.find((p) => p.path.join(".") === "stances")!.message).toMatch(
      /at least one stance/,
    );
  });

  it("a missing required field and an unknown field", () => {
    const p = problems(GOOD.replace("    name: A\n", "    nmae: A\n"));
    expect(p.map((x) => x.path.join("."))).toEqual(
      expect.arrayContaining(["actors.0.name", "actors.0"]),
    );
    expect(p.find((x) => x.path.join(".") === "actors.0")!.message).toMatch(/unknown field 'nmae'/);
    expect(p.find((x) => x.path.join(".") === "actors.0.name")!.message).toMatch(/required/);
  });

  it("reports every problem at once, each with its own line", () => {
    const text = GOOD.replace("capability: 5", "capability: -5")
      .replace("position: 70", "position: 170")
      .replace("{ actor: a, issue: x", "{ actor: zz, issue: x");
    const p = problems(text);
    expect(p.map((x) => x.line).sort()).toEqual([10, 17, 18]);
  });

  it("YAML syntax errors give the line", () => {
    const p = problems(GOOD.replace("  title: Test", "  title: [unclosed"));
    expect(p[0].file).toBe("case.yaml");
    expect(p[0].line).toBeGreaterThan(0);
  });

  it("JSON files get lines too", () => {
    const json = JSON.stringify(
      {
        entente: 1,
        metadata: { title: "J" },
        actors: [{ id: "a", name: "A", capability: 1 }],
        issues: [{ id: "x", name: "X", scale: { low: 0, high: 10 } }],
        stances: [{ actor: "a", issue: "x", position: 11, salience: 50 }],
      },
      null,
      2,
    );
    const p = problems(json, "case.json");
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ file: "case.json", path: ["stances", 0, "position"] });
    expect(p[0].line).toBe(json.split("\n").findIndex((l) => l.includes('"position": 11')) + 1);
  });

  it("a missing file names the file", async () => {
    await expect(loadScenario("/nonexistent/scenario.yaml")).rejects.toThrow(
      /scenario\.yaml: no such file/,
    );
  });

  it("loads from disk and names the file in problems", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entente-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, GOOD.replace("salience: 40", "salience: -1"));
    await expect(loadScenario(file)).rejects.toThrow(
      new RegExp(`${file.replace(/[/.]/g, "\\$&")}:18`),
    );
  });
});
