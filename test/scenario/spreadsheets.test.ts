/**
 * Getting data in as analysts have it: CSV with comma, semicolon or tab, decimal
 * commas, a BOM, any header case, synonyms and extra columns; the scenario CSV with
 * scales and reference points; .xlsx workbooks in long and wide form; .xls and .ods
 * refused with what to do; a 0–100 file with 0–1 saliences warned about.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import {
  detectFormat,
  parseInput,
  parseInputBytes,
  serializeScenarioBytes,
} from "../../src/scenario/formats.js";
import { InputError, type Problem } from "../../src/scenario/problems.js";
import { runScenario } from "../../src/run.js";

const rejectsAsync = async (f: () => Promise<unknown>): Promise<Problem[]> => {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected an InputError");
};
const rejects = (f: () => unknown): Problem[] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error("expected an InputError");
};

const COMMA = "Actor,Capability,Position,Salience\nA,1,10,0.8\nB,2.5,90,0.35\nC,1,50,0.5\n";

describe("CSV as Excel writes it", () => {
  it("a semicolon-separated file with decimal commas and a BOM reads like the comma one", () => {
    const semi =
      "\uFEFFActor;Capability;Position;Salience\r\nA;1;10;0,8\r\nB;2,5;90;0,35\r\nC;1;50;0,5\r\n";
    const a = parseInput(semi, "eu.csv");
    const b = parseInput(COMMA, "eu.csv");
    expect(a.format).toBe("stakeholder-csv");
    expect(a.scenario).toEqual(b.scenario);
    expect(a.notes).toContain("read as semicolon-separated (numbers may use a decimal comma)");
  });

  it("tab-separated text (copied cells) with lower-case headers", () => {
    const tab =
      "actor\tcapability\tposition\tsalience\nA\t1\t10\t0.8\nB\t2.5\t90\t0.35\nC\t1\t50\t0.5\n";
    expect(parseInput(tab, "t.txt").scenario).toEqual(parseInput(COMMA, "t.txt").scenario);
  });

  it("synonyms for the headers, extra columns ignored with a note", () => {
    const text =
      "Stakeholder,Power,Stance,Importance,Notes\nA,1,10,0.8,x\nB,2.5,90,0.35,y\nC,1,50,0.5,z\n";
    const read = parseInput(text, "s.csv");
    expect(read.scenario).toEqual(parseInput(COMMA, "s.csv").scenario);
    expect(read.notes).toContain("ignored column 'Notes' (column 5): not a column entente reads");
    for (const [cap, pos, sal] of [
      ["influence", "preference", "priority"],
      ["CLOUT", "Position", "WEIGHT"],
    ])
      expect(
        parseInput(`name,${cap},${pos},${sal}\nA,1,10,0.8\nB,2.5,90,0.35\nC,1,50,0.5\n`, "s.csv")
          .scenario,
      ).toEqual(parseInput(COMMA, "s.csv").scenario);
  });

  it("a decimal comma in a comma-separated file is located and explained", () => {
    const p = rejects(() =>
      parseInput('Actor,Capability,Position,Salience\nA,"0,5",10,0.8\n', "c.csv"),
    );
    expect(p[0]).toMatchObject({ file: "c.csv", line: 2, path: ["Capability"] });
    expect(p[0].message).toMatch(/decimal comma is read only in semicolon-separated files/);
  });

  it("a header it cannot read names what it needs", () => {
    expect(() => detectFormat("x.csv", "Who,What\nA,1\n")).toThrow(
      /cannot tell the file's format.*xlsx/,
    );
  });
});

const SCENARIO_CSV = [
  "Issue,Actor,Power,Position,Salience,Scale low,Scale high,Reference point,Rationale,Veto,Agenda setter",
  "Fares,Mayor,50,0,80,0,4,2,Wants them free,yes,yes",
  "Fares,Council,30,3,60,,,,,yes,",
  "Fares,Operator,20,4,90,,,,Needs the revenue,,",
  "Routes,Mayor,50,70,40,0,100,20,,x,",
  "Routes,Council,,40,50,,,,,x,",
].join("\n");

describe("the scenario CSV: several issues with scales and reference points", () => {
  it("reads issues, scales, reference points, rationales; capability on one row is enough", () => {
    const { scenario, format, notes } = parseInput(SCENARIO_CSV, "city.csv");
    expect(format).toBe("scenario-csv");
    expect(scenario.issues).toEqual([
      {
        id: "fares",
        name: "Fares",
        scale: { low: 0, high: 4 },
        referencePoint: 2,
        rule: { type: "consensus", vetoPlayers: ["mayor", "council"], agendaSetter: "mayor" },
      },
      {
        id: "routes",
        name: "Routes",
        scale: { low: 0, high: 100 },
        referencePoint: 20,
        rule: { type: "consensus", vetoPlayers: ["mayor", "council"] },
      },
    ]);
    expect(scenario.actors.map((a) => [a.id, a.capability])).toEqual([
      ["mayor", 50],
      ["council", 30],
      ["operator", 20],
    ]);
    expect(scenario.stances[0]).toEqual({
      actor: "mayor",
      issue: "fares",
      position: 0,
      salience: 80,
      rationale: "Wants them free",
    });
    expect(notes).toContain("salience read on 0–100 (values above 1)");
  });

  it("status-quo, nash and win-set run from it (they need the reference point)", () => {
    const { scenario } = parseInput(SCENARIO_CSV, "city.csv");
    const result = runScenario(scenario, { models: ["status-quo", "nash", "win-set"] });
    for (const run of result.runs)
      for (const issue of run.issues) expect(issue.forecast).not.toBeNull();
    expect(result.runs[0].issues.map((i) => i.forecast)).toEqual([2, 20]);
  });

  it("conflicting values and a position off the stated scale are located", () => {
    const bad = SCENARIO_CSV.replace(
      "Fares,Council,30,3,60,,,,",
      "Fares,Council,30,7,60,0,5,,",
    ).replace("Routes,Council,,40", "Routes,Council,31,40");
    const p = rejects(() => parseInput(bad, "city.csv"));
    expect(p.map((x) => [x.line, x.path[0]])).toEqual(
      expect.arrayContaining([
        [3, "Scale high"],
        [6, "Capability"],
      ]),
    );
  });
});

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(".xlsx workbooks", () => {
  const sheets = (wide: boolean) => (wb: ExcelJS.Workbook) => {
    wb.addWorksheet("Scenario").addRows([
      ["Field", "Value"],
      ["title", "City transit"],
      ["asOf", new Date(Date.UTC(2024, 2, 1))],
    ]);
    wb.addWorksheet("Actors").addRows([
      ["id", "name", "Power"],
      ["mayor", "The mayor", 50],
      ["council", "City council", 30],
    ]);
    wb.addWorksheet("Issues").addRows([
      ["ID", "Name", "Scale low", "Scale high", "Reference point", "Labels"],
      ["fares", "Fares", 0, 4, 2, "0: free\n4: full price"],
      ["routes", "Routes", 0, 100, null, null],
    ]);
    if (wide)
      wb.addWorksheet("Stances").addRows([
        ["Actor", "Fares position", "Fares salience", "Routes position", "Routes salience"],
        ["The mayor", 0, 80, 70, 40],
        ["council", 3, 60, null, null],
      ]);
    else
      wb.addWorksheet("Stances").addRows([
        ["Actor", "Issue", "Position", "Salience", "Rationale"],
        ["mayor", "fares", 0, 80, "Wants them free"],
        ["mayor", "Routes", 70, 40, null],
        ["City council", "fares", 3, 60, null],
      ]);
  };

  it("long form: sheets matched whatever their case, actors and issues by id or name", async () => {
    const read = await parseInputBytes(await workbook(sheets(false)), "city.xlsx");
    expect(read.format).toBe("xlsx");
    const s = read.scenario;
    expect(s.metadata).toEqual({ title: "City transit", asOf: "2024-03-01" });
    expect(s.issues[0]).toEqual({
      id: "fares",
      name: "Fares",
      scale: { low: 0, high: 4 },
      referencePoint: 2,
      anchors: [
        { value: 0, label: "free" },
        { value: 4, label: "full price" },
      ],
    });
    expect(s.stances.map((x) => [x.actor, x.issue, x.position, x.salience])).toEqual([
      ["mayor", "fares", 0, 80],
      ["mayor", "routes", 70, 40],
      ["council", "fares", 3, 60],
    ]);
  });

  it("wide form (one row per actor, '<issue> position' and '<issue> salience') reads the same stances", async () => {
    const long = (await parseInputBytes(await workbook(sheets(false)), "a.xlsx")).scenario;
    const wide = (await parseInputBytes(await workbook(sheets(true)), "a.xlsx")).scenario;
    expect(wide.stances).toEqual(long.stances.map(({ rationale: _r, ...x }) => x));
  });

  it("a problem names the sheet and the row", async () => {
    const bytes = await workbook((wb) => {
      sheets(false)(wb);
      wb.getWorksheet("Stances")!.getRow(3).getCell(4).value = 140;
    });
    const p = await rejectsAsync(() => parseInputBytes(bytes, "city.xlsx"));
    expect(p[0]).toMatchObject({ file: "city.xlsx[Stances]", line: 3 });
    expect(p[0].message).toMatch(/between 0 and 100/);
  });

  it("a one-sheet workbook is a stakeholder table (salience scale told and said)", async () => {
    const bytes = await workbook((wb) =>
      wb.addWorksheet("Sheet1").addRows([
        ["Actor", "Capability", "Position", "Salience"],
        ["A", 1, 10, 0.8],
        ["B", 2.5, 90, 0.35],
        ["C", 1, 50, 0.5],
      ]),
    );
    const read = await parseInputBytes(bytes, "s.xlsx");
    expect(read.scenario.stances.map((s) => s.salience)).toEqual([80, 35, 50]);
    expect(read.notes.join("\n")).toMatch(/no 'actors' sheet.*\n.*salience read on 0–1/);
  });

  it("an .xlsx is told by its content too, and written by convert's serializer", async () => {
    const s = parseInput(SCENARIO_CSV, "city.csv").scenario;
    const bytes = await serializeScenarioBytes(s, "out.xlsx");
    expect(typeof bytes).not.toBe("string");
    expect((await parseInputBytes(bytes as Uint8Array, "download")).scenario).toEqual(s);
  });

  it(".xls and .ods are refused with what to do", async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const xls = await rejectsAsync(() => parseInputBytes(ole, "old.xls"));
    expect(xls[0].message).toMatch(/\.xls.*save it as "Excel Workbook \(\.xlsx\)"/);
    const ods = Buffer.concat([
      Buffer.from([0x50, 0x4b, 3, 4]),
      Buffer.alloc(26),
      Buffer.from("mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
    ]);
    const p = await rejectsAsync(() => parseInputBytes(ods, "book.ods"));
    expect(p[0].message).toMatch(/OpenDocument.*\.xlsx/);
    expect((await rejectsAsync(() => parseInputBytes(ods, "noext")))[0].message).toMatch(
      /OpenDocument/,
    );
  });
});

describe("0–1 saliences in a 0–100 file", () => {
  it("a YAML scenario whose saliences all lie in [0, 1] gets a warning (not an error)", () => {
    const yaml = [
      "entente: 1",
      "metadata: { title: t }",
      "actors: [{ id: a, name: A, capability: 1 }, { id: b, name: B, capability: 1 }]",
      "issues: [{ id: x, name: X, scale: { low: 0, high: 100 } }]",
      "stances:",
      "  - { actor: a, issue: x, position: 10, salience: 0.8 }",
      "  - { actor: b, issue: x, position: 90, salience: 0.3 }",
    ].join("\n");
    const read = parseInput(yaml, "s.yaml");
    expect(read.notes).toHaveLength(1);
    expect(read.notes[0]).toMatch(
      /^warning: every salience lies in \[0, 1\].*multiply them by 100/,
    );
    expect(parseInput(yaml.replace("0.8", "80"), "s.yaml").notes).toEqual([]);
  });
});
