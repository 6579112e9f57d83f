/**
 * Regression tests for the hostile inputs of issue 13 ("Why"): each once crashed,
 * stalled or misled entente; each must now be refused with a located problem (file,
 * line, field) or read correctly.
 */
import { describe, expect, it } from "vitest";
import { parseInput, parseScenario, serializeScenario } from "../../src/scenario/formats.js";
import { InputError, formatProblems, type Problem } from "../../src/scenario/problems.js";
import { readDecide, writeDecide } from "../../src/scenario/import/decide.js";
import { inferScale, readStakeholderCsv } from "../../src/scenario/import/stakeholder-csv.js";
import { readKtabXml } from "../../src/scenario/import/ktab.js";
import { runScenario } from "../../src/run.js";
import { DEFAULT_LIMITS } from "../../src/scenario/limits.js";
import { uniqueIds } from "../../src/scenario/ids.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { readFileSync } from "node:fs";
import { repoFile } from "../support/fixtures.js";
import { simulate } from "../../src/analysis/montecarlo.js";
import { runCli } from "../support/cli.js";

function problemsOf(f: () => unknown): Problem[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error("expected an InputError");
}
const messages = (f: () => unknown) => formatProblems(problemsOf(f));

const yamlScenario = (
  actors: string,
  stances = "[{actor: a, issue: x, position: 1, salience: 50}]",
) =>
  `entente: 1\nmetadata: {title: t}\nactors: ${actors}\nissues: [{id: x, name: X, scale: {low: 0, high: 10}}]\nstances: ${stances}\n`;

describe("limits, checked before allocation", () => {
  it("a KTAB CSV of 114 bytes declaring 100,000,000 dimensions is refused from its first line", () => {
    const text = "x,y,3,100000000,\nActor,Desc,Power,P1,S1,\nA,a,1,1,1\nB,b,1,1,1\nC,c,1,1,1\n";
    expect(messages(() => parseInput(text, "dims.csv"))).toBe(
      "dims.csv:1:4 numDims: declares 100000000 dimensions; the limit is 1,000 (raise with --max-issues)",
    );
  });

  it("a stakeholder CSV beyond the actor limit is refused at the first row past it; a raised limit reads it", () => {
    const rows = Array.from({ length: 120 }, (_, i) => `A${i},1,${i % 10},0.5`);
    const text = ["Actor,Capability,Position,Salience", ...rows].join("\n");
    expect(messages(() => parseInput(text, "big.csv", { limits: { actors: 100 } }))).toBe(
      "big.csv:102: more than 100 actors; the limit is 100 (raise with --max-actors)",
    );
    expect(parseInput(text, "big.csv", { limits: { actors: 200 } }).scenario.actors).toHaveLength(
      120,
    );
  });

  it("inferScale takes 200,000 positions without overflowing the stack (no Math.min spread)", () => {
    const positions = Array.from({ length: 200_000 }, (_, i) => i % 1000);
    expect(inferScale(positions)).toEqual({ low: 0, high: 999 });
  });

  it("the decide importer reads 20,000 actors (unique ids by Map, not a search per actor)", () => {
    const lines = ["#P\tp\tIssue", "#M\tp\t0\tlow", "#M\tp\t100\thigh"];
    for (let i = 0; i < 20_000; i++) lines.push(`#A\ta${i}\tActor ${i}`);
    for (let i = 0; i < 20_000; i++) lines.push(`#D\ta${i}\tp\t${i % 101}\t0.5\t1`);
    const s = readDecide(lines.join("\n"), { file: "big.tsv" });
    expect(s.actors).toHaveLength(20_000);
    expect(s.stances[19_999]).toMatchObject({ actor: "a19999", position: 19_999 % 101 });
  });

  it("20,000 identical names get unique ids in one pass", () => {
    const ids = uniqueIds(Array.from({ length: 20_000 }, () => "Same"));
    expect(new Set(ids).size).toBe(20_000);
    expect(ids.slice(0, 3)).toEqual(["same", "same-2", "same-3"]);
  });

  it("60,000 actors in the expected-utility model: refused by its limit, not a typed-array failure", () => {
    const n = 60_000;
    const s: Scenario = {
      entente: 1,
      metadata: { title: "huge" },
      actors: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, name: `A${i}`, capability: 1 })),
      issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 } }],
      stances: Array.from({ length: n }, (_, i) => ({
        actor: `a${i}`,
        issue: "x",
        position: i % 101,
        salience: 50,
      })),
    };
    expect(messages(() => runScenario(s, { models: ["expected-utility"] }))).toMatch(
      /expected-utility model takes at most 3,000 actors on one issue, and this one has 60,000 .*158\.4 GB.*-o expected-utility\.maxActors=N/,
    );
    expect(messages(() => runScenario(s, { models: ["smp"] }))).toMatch(
      /SMP takes at most 1,000 actors, and this scenario has 60,000/,
    );
  });

  it("a Monte Carlo whose table of forecasts would exceed 1 GB is refused before it is allocated", async () => {
    const s = parseScenario(
      readFileSync(repoFile("scenarios/us-russia-reset-2016.yaml"), "utf8"),
      "flagship.yaml",
    );
    await expect(
      simulate(s, { draws: 9_000_000, seed: 1, workers: 1, inProcess: true }),
    ).rejects.toThrow(
      /9,000,000 draws × 45 forecasts \(models × issues\) would need 3 GB of results, more than the 1 GB an analysis may hold/,
    );
  });

  it("actors × issues beyond ten times the stance limit are refused (the models' tables are dense)", () => {
    const actors = `[${Array.from({ length: 30 }, (_, i) => `{id: a${i}, name: A, capability: 1}`).join(", ")}]`;
    const issues = `[${Array.from({ length: 40 }, (_, k) => `{id: x${k}, name: X, scale: {low: 0, high: 1}}`).join(", ")}]`;
    const text = `entente: 1\nmetadata: {title: t}\nactors: ${actors}\nissues: ${issues}\nstances: [{actor: a0, issue: x0, position: 0, salience: 1}]\n`;
    expect(messages(() => parseInput(text, "dense.yaml", { limits: { stances: 100 } }))).toMatch(
      /^dense\.yaml:4:\d+ issues: 30 actors × 40 issues = 1,200 cells in the models' tables, more than 1,000/,
    );
  });

  it("deeply nested JSON and YAML are refused by depth with their line", () => {
    const json = `{"entente": 1, "metadata": ${"[".repeat(100_000)}`;
    expect(messages(() => parseInput(json, "deep.json"))).toMatch(
      /^deep\.json:1:\d+: nested more than 64 levels deep; the limit is 64 \(raise with --max-depth\)$/,
    );
    const yaml = `entente: 1\nmetadata:\n  title: t\nactors:\n${"- ".repeat(50_000)}x\n`;
    expect(messages(() => parseInput(yaml, "deep.yaml"))).toMatch(
      /^deep\.yaml:5:\d+: nested more than 64 levels deep/,
    );
    const flow = `entente: 1\nmetadata: ${"{a: ".repeat(70)}1${"}".repeat(70)}\n`;
    expect(messages(() => parseInput(flow, "deep.yaml"))).toMatch(/^deep\.yaml:2:\d+: nested more/);
  });

  it("YAML aliases expanding a small file into gigabytes are refused", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let k = 1; k < 9; k++) {
      const [name, prev] = [String.fromCharCode(97 + k), String.fromCharCode(96 + k)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    expect(messages(() => parseInput(lines.join("\n"), "lol.yaml"))).toMatch(
      /^lol\.yaml: aliases \(\*name\) expand to more than 1,000 copies/,
    );
  });

  it("deep XML is refused by depth", () => {
    const xml = `<Scenario>${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}</Scenario>`;
    expect(messages(() => parseInput(xml, "deep.xml"))).toMatch(
      /^deep\.xml:1:\d+: elements nested more than 64 deep/,
    );
  });

  it("the limit flags of the command line lower and raise the limits", async () => {
    const file = repoFile("examples/emission-standards-ec.yaml");
    const few = await runCli(["validate", file, "--max-actors", "3"]);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(
      /emission-standards-ec\.yaml:\d+:\d+ actors: \d+ actors; the limit is 3 \(raise with --max-actors\)/,
    );
    const small = await runCli(["validate", file, "--max-file-size", "1KB"]);
    expect(small.stderr).toMatch(
      /the file is 1\.\d KB; the limit is 1 KB \(raise with --max-file-size\)/,
    );
    expect((await runCli(["validate", file, "--max-file-size", "lots"])).code).toBe(2);
    expect(
      (await runCli(["validate", file, "--max-actors", "100000", "--max-depth", "200"])).code,
    ).toBe(0);
  });

  it("a file over the size limit is refused before it is parsed", () => {
    expect(
      messages(() => parseInput("x".repeat(2000), "big.yaml", { limits: { fileBytes: 1000 } })),
    ).toBe("big.yaml: the text is 2 KB; the limit is 1000 bytes (raise with --max-file-size)");
  });

  it("names, texts and counts beyond their limits are located", () => {
    const long = "n".repeat(DEFAULT_LIMITS.nameLength + 1);
    expect(
      messages(() => parseInput(yamlScenario(`[{id: a, name: ${long}, capability: 1}]`), "s.yaml")),
    ).toMatch(
      /^s\.yaml:3:\d+ actors\[0\]\.name: 1,001 characters, more than the 1,000 allowed here \('n{40}… \(1,001 characters\)'\)$/,
    );
    const actors = `[${Array.from({ length: 5 }, (_, i) => `{id: a${i}, name: A, capability: 1}`).join(", ")}]`;
    expect(
      messages(() => parseInput(yamlScenario(actors), "s.yaml", { limits: { actors: 4 } })),
    ).toBe("s.yaml:3:9 actors: 5 actors; the limit is 4 (raise with --max-actors)");
  });
});

describe("numbers the models can compute with", () => {
  it("capabilities of 1e308 and 5e-324 are located errors, not Infinity or a false zero", () => {
    const m = messages(() =>
      parseInput(
        yamlScenario(
          "[{id: a, name: A, capability: 1e308}, {id: b, name: B, capability: 5e-324}]",
          "[{actor: a, issue: x, position: 1, salience: 50}, {actor: b, issue: x, position: 9, salience: 50}]",
        ),
        "cap.yaml",
      ),
    );
    expect(m).toMatch(
      /cap\.yaml:3:\d+ actors\[0\]\.capability: capability 1e\+308 is beyond 1e\+300/,
    );
    expect(m).toMatch(/cap\.yaml:3:\d+ actors\[1\]\.capability: capability 5e-324 is below 1e-300/);
  });

  it("a capability below 1e-12 of the largest is refused (no model can tell it from 0)", () => {
    expect(
      messages(() =>
        parseInput(
          yamlScenario("[{id: a, name: A, capability: 1}, {id: b, name: B, capability: 1e-13}]"),
          "r.yaml",
        ),
      ),
    ).toMatch(/actors\[1\]\.capability: capability 1e-13 is less than 1e-12 of the largest \(1\)/);
  });

  it("capabilities of 1e300 and 1e-299 give the forecasts of 1 (shares of the largest)", () => {
    const at = (c: number) =>
      runScenario(
        parseScenario(
          yamlScenario(
            `[{id: a, name: A, capability: ${c}}, {id: b, name: B, capability: ${c / 2}}]`,
            "[{actor: a, issue: x, position: 2, salience: 50}, {actor: b, issue: x, position: 8, salience: 70}]",
          ),
          "s.yaml",
        ),
        { models: ["compromise", "expected-utility", "smp"] },
      ).runs.map((r) => r.issues[0].forecast);
    const one = at(1);
    expect(one.every((x) => x !== null && Number.isFinite(x))).toBe(true);
    for (const c of [1e300, 1e-299]) {
      const f = at(c);
      f.forEach((x, k) => expect(x).toBeCloseTo(one[k]!, 9));
    }
  });

  it("scales beyond ±1e15 or too narrow for their ends are located errors", () => {
    const scale = (low: number, high: number) =>
      `entente: 1\nmetadata: {title: t}\nactors: [{id: a, name: A, capability: 1}]\nissues: [{id: x, name: X, scale: {low: ${low}, high: ${high}}}]\nstances: [{actor: a, issue: x, position: ${low}, salience: 50}]\n`;
    expect(messages(() => parseInput(scale(-1e300, 1e300), "s.yaml"))).toMatch(
      /issues\[0\]\.scale: the scale \[-1e\+300, 1e\+300\] reaches beyond ±1000000000000000/,
    );
    expect(messages(() => parseInput(scale(1e12, 1e12 + 1e-3), "s.yaml"))).toMatch(
      /is too narrow for the size of its ends/,
    );
  });

  it("only decimal numbers are read: 0x10 in a CSV is a located error", () => {
    expect(
      messages(() =>
        readStakeholderCsv("Actor,Capability,Position,Salience\nA,0x10,1,0.5\nB,1,2,1e-1\n", {
          file: "hex.csv",
        }),
      ),
    ).toBe("hex.csv:2 Capability: '0x10' is not a number (write decimal notation, e.g. 0.5)");
  });

  it("NaN is reported as NaN, not 'found null'", () => {
    const m = messages(() =>
      parseInput(yamlScenario("[{id: a, name: A, capability: .nan}]"), "nan.yaml"),
    );
    expect(m).toMatch(/actors\[0\]\.capability: must be a finite number \(found NaN\)/);
    expect(m).not.toMatch(/null/);
  });
});

describe("malformed files of every kind are located input errors", () => {
  it("XML with a DOCTYPE, entities or external references is refused by name", () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<Scenario><name>&lol2;</name></Scenario>';
    expect(messages(() => parseInput(laughs, "laughs.xml"))).toMatch(
      /^laughs\.xml:2: the XML declares a DOCTYPE; entente reads KTAB's XML without DTDs, entities or external references/,
    );
    const external =
      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Scenario><name>&xxe;</name></Scenario>';
    expect(messages(() => parseInput(external, "xxe.xml"))).toMatch(
      /^xxe\.xml:2: the XML declares a DOCTYPE/,
    );
    expect(messages(() => parseInput('<Scenario><!ENTITY a "b"></Scenario>', "e.xml"))).toMatch(
      /declares <!ENTITY>/,
    );
  });

  it("an undeclared entity reference is kept as text, never expanded", () => {
    const xml = (name: string) =>
      `<Scenario><name>${name}</name><Dimensions><dName>D</dName></Dimensions><Actors>${[
        "A",
        "B",
        "C",
      ]
        .map(
          (a) =>
            `<Actor><name>${a}</name><capability>1</capability><Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>`,
        )
        .join("")}</Actors></Scenario>`;
    expect(readKtabXml(xml("a &amp; b"), "x.xml").name).toBe("a &amp; b");
  });

  it("KTAB XML parameter values never reach the object prototype", () => {
    const xml = `<Scenario><name>x</name><ModelParameters><VotingRule>constructor</VotingRule><toString>x</toString></ModelParameters></Scenario>`;
    const m = messages(() => readKtabXml(xml, "proto.xml"));
    expect(m).toMatch(/<VotingRule> is 'constructor'; expected one of Binary/);
    expect(m).toMatch(/<ModelParameters> has an unknown element </);
  });

  it("truncated XML says where and that it may be cut short", () => {
    expect(
      messages(() => parseInput("<Scenario><name>x</name><Actors><Actor><name>A", "cut.xml")),
    ).toMatch(/^cut\.xml:1:\d+: not well-formed XML: .*\(is the file cut short\?\)$/);
  });

  it("binary files are named for what they seem to be, and nothing of them is echoed", () => {
    const zip = "PK\u0003\u0004" + "\u0000".repeat(20) + "secret";
    expect(messages(() => parseInput(zip, "sheet.csv"))).toBe(
      "sheet.csv: the file looks like a ZIP archive (an .xlsx workbook? name it FILE.xlsx or read it with --from xlsx; a .docx or .ods cannot be read)",
    );
    expect(messages(() => parseInput("%PDF-1.7\n...", "paper.yaml"))).toBe(
      "paper.yaml: the file looks like a PDF document",
    );
    expect(messages(() => parseInput("ab\u0000\u0001cd", "blob.csv"))).toBe(
      "blob.csv: the file looks like binary data, not a text file (it holds NUL bytes)",
    );
  });

  it("an over-long id is echoed truncated", () => {
    const id = "x".repeat(100_000);
    const m = messages(() =>
      parseInput(
        yamlScenario(
          "[{id: a, name: A, capability: 1}]",
          `[{actor: ${id}, issue: x, position: 1, salience: 50}]`,
        ),
        "id.yaml",
      ),
    );
    expect(m.length).toBeLessThan(1000);
    expect(m).toMatch(/x{40}… \(100,000 characters\)/);
  });

  it("JSON with comments or trailing commas is refused with line and column", () => {
    expect(messages(() => parseInput('{\n  "entente": 1, // version\n}', "c.json"))).toBe(
      "c.json:2:17: not valid JSON: JSON has no comments; remove it (or write the scenario as YAML, which has # comments)",
    );
    expect(messages(() => parseInput('{\n  "entente": 1,\n}', "t.json"))).toBe(
      "t.json:3:1: not valid JSON: a trailing comma before a closing bracket; remove it",
    );
    expect(messages(() => parseInput('{"a": [1, 2,]}', "t.json"))).toMatch(
      /1:13: not valid JSON: a trailing comma/,
    );
  });

  it("JSON with a repeated key is refused with its line (JSON.parse would keep the last)", () => {
    const json = '{\n  "entente": 1,\n  "entente": 1\n}';
    expect(messages(() => parseInput(json, "dup.json"))).toMatch(
      /^dup\.json:3:\d+: Map keys must be unique/,
    );
  });

  it("a semicolon CSV with decimal commas is read, not refused with 'cannot tell the format'", () => {
    const s = parseInput("Actor;Capability;Position;Salience\nA;1;2;0,5\nB;1;4;0,25\n", "eu.csv");
    expect(s.format).toBe("stakeholder-csv");
    expect(s.scenario.stances.map((x) => x.salience)).toEqual([50, 25]);
  });
});

describe("exports escape or refuse what their format cannot hold", () => {
  const base = (name: string): Scenario => ({
    entente: 1,
    metadata: { title: "Round trip" },
    actors: [
      { id: "a", name, capability: 1 },
      { id: "b", name: "B", capability: 2 },
      { id: "c", name: "C", capability: 3 },
    ],
    issues: [{ id: "x", name: "X", scale: { low: 0, high: 100 } }],
    stances: [
      { actor: "a", issue: "x", position: 10, salience: 50 },
      { actor: "b", issue: "x", position: 90, salience: 50 },
      { actor: "c", issue: "x", position: 40, salience: 50 },
    ],
  });

  it("decide: tabs and newlines in names are refused with the field", () => {
    expect(messages(() => writeDecide(base("Jo\thn")))).toMatch(
      /^actors\[0\]\.name: 'Jo\\thn' holds a tab or line break, which the decide format cannot hold/,
    );
    expect(messages(() => writeDecide(base("Jo\nhn")))).toMatch(
      /actors\[0\]\.name: 'Jo\\nhn' holds a tab/,
    );
  });

  it("decide: a file broken by a line break inside a name is refused at that line", () => {
    // (A tab inside a name cannot be told from #A's comment field, `#A key name comment`;
    // the writer refuses both, see above.)
    expect(
      messages(() =>
        readDecide("#A\ta\tJo\nhn\n#P\tx\tX\n#D\ta\tx\t1\t0.5\t1\n", { file: "b.tsv" }),
      ),
    ).toMatch(/^b\.tsv:2: unknown record type 'hn'.*a line break inside a name splits its record/);
  });

  it("round trips keep names with semicolons, quotes, spaces and commas", () => {
    for (const name of ["A; B", "'quoted'", " padded ", 'Say "hi", then', "Ünïcode"]) {
      const s = base(name);
      const decide = readDecide(writeDecide(s), { file: "r.tsv" });
      expect(decide.actors[0].name).toBe(name);
      const csv = parseInput(serializeScenario(s, "r.csv"), "r.csv").scenario;
      // A CSV reader trims cells, as spreadsheets do: spaces at the ends of a name go.
      expect(csv.actors[0].name).toBe(name.trim());
      const ktab = parseInput(serializeScenario(s, "r.csv", { format: "ktab-csv" }), "r.csv", {
        format: "ktab-csv",
      });
      expect(ktab.scenario.actors[0].name).toBe(name);
    }
  });
});
