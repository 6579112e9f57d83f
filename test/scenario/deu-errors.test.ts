/**
 * Broken DEU tables: bad codes are read as missing and counted, unusable files and
 * rows raise errors that name file, line and column.
 */
import { describe, expect, it } from "vitest";
import { DEU_ACTORS, readDeu, scoredDeuIssues } from "../../src/scenario/import/deu.js";
import { InputError, formatProblems } from "../../src/scenario/problems.js";

const HEADER = [
  "prnrnmc",
  "isnrnmc",
  "prnr",
  "prname",
  "isnr",
  "type",
  "council",
  "proc",
  "counvte",
  ...DEU_ACTORS.map((a) => `p${a.id}`),
  ...DEU_ACTORS.map((a) => `s${a.id}`),
  "rp",
  "out",
];

type Row = Record<string, string>;

/** A row with the descriptive columns filled and the given cells; everything else empty. */
function row(issue: string, cells: Row = {}): Row {
  return {
    prnr: "p1",
    prname: "test proposal",
    isnr: issue,
    type: "Dir",
    proc: "COD",
    counvte: "QMV",
    ...cells,
  };
}

function table(
  rows: (Row | string)[],
  options: { separator?: string; header?: string[] } = {},
): string {
  const sep = options.separator ?? "\t";
  const header = options.header ?? HEADER;
  const lines = rows.map((r) =>
    typeof r === "string" ? r : header.map((c) => r[c] ?? "").join(sep),
  );
  return [header.join(sep), ...lines].join("\n") + "\n";
}

/** The InputError thrown by `fn`, or a failure. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

const threeActors: Row = { pcom: "80", scom: "50", pde: "20", sde: "90", pfr: "60", sfr: "40" };

describe("DEU reader: bad codes are missing, and counted", () => {
  it("reads non-numbers, out-of-range codes and empty cells as missing, with line, column and reason", () => {
    const text = table([
      row("i1", {
        ...threeActors,
        pit: "abc",
        sit: "50",
        pes: "150",
        ses: "20",
        puk: "-99",
        suk: "999",
        rp: "x",
        out: "40",
      }),
      row("i2", { ...threeActors, pnl: "40", snl: "", out: "101" }),
    ]);
    const { issues, report } = readDeu(text, { file: "bad.tsv" });
    expect(issues.map((i) => i.meta.stanceHolders)).toEqual([
      ["com", "fr", "de"],
      ["com", "fr", "de"],
    ]);
    const notable = report.missing.filter((m) => m.reason !== "empty");
    expect(notable).toEqual([
      { line: 2, column: "pit", value: "abc", reason: "not a number" },
      { line: 2, column: "sit", value: "50", reason: "salience without position" },
      { line: 2, column: "pes", value: "150", reason: "out of range" },
      { line: 2, column: "ses", value: "20", reason: "salience without position" },
      { line: 2, column: "puk", value: "-99", reason: "out of range" },
      { line: 2, column: "suk", value: "999", reason: "out of range" },
      { line: 2, column: "rp", value: "x", reason: "not a number" },
      { line: 3, column: "pnl", value: "40", reason: "position without salience" },
      { line: 3, column: "out", value: "101", reason: "out of range" },
    ]);
    expect(report.counts).toMatchObject({
      "not a number": 2,
      "out of range": 4,
      "position without salience": 1,
      "salience without position": 2,
    });
    expect(report.counts.empty).toBe(report.missing.filter((m) => m.reason === "empty").length);
    expect(issues[0].meta.referencePoint).toBeNull();
    expect(issues[0].scenario.issues[0].referencePoint).toBeUndefined();
    expect(issues[1].meta.outcome).toBeNull();
    expect(issues[0].meta.positionHolders).toEqual(["com", "fr", "de"]);
    expect(scoredDeuIssues(issues).map((i) => i.meta.issue)).toEqual(["i1"]);
  });

  it("accepts decimal codes, and decimal commas only in semicolon-separated files", () => {
    const cells = { ...threeActors, pit: "12.5", sit: "33,5" };
    const tab = readDeu(table([row("i1", cells)]));
    expect(tab.report.missing).toContainEqual({
      line: 2,
      column: "sit",
      value: "33,5",
      reason: "not a number",
    });
    const semi = readDeu(table([row("i1", cells)], { separator: ";" }));
    expect(semi.issues[0].scenario.stances.find((s) => s.actor === "it")).toMatchObject({
      position: 12.5,
      salience: 33.5,
    });
  });

  it("scores an issue only with an outcome and three complete stances", () => {
    const { issues } = readDeu(
      table([
        row("i1", { ...threeActors, out: "50" }),
        row("i2", { pcom: "10", scom: "10", pde: "20", sde: "20", out: "50" }),
        row("i3", { ...threeActors }),
      ]),
    );
    expect(scoredDeuIssues(issues).map((i) => i.meta.issue)).toEqual(["i1"]);
    expect(scoredDeuIssues(issues, 2).map((i) => i.meta.issue)).toEqual(["i1", "i2"]);
  });
});

describe("DEU reader: empty rows", () => {
  it("skips blank and all-empty rows, counts them and keeps line numbers right", () => {
    const text = table([
      row("i1", threeActors),
      "",
      HEADER.map(() => "").join("\t"),
      row("i2", threeActors),
    ]);
    const { issues, report } = readDeu(text);
    expect(issues.map((i) => [i.meta.issue, i.meta.line])).toEqual([
      ["i1", 2],
      ["i2", 5],
    ]);
    expect(report.rows).toBe(4);
    expect(report.skippedRows).toEqual([
      { line: 3, reason: "empty row" },
      { line: 4, reason: "empty row" },
    ]);
  });

  it("skips a row where no actor has both a position and a salience, and says so", () => {
    const { issues, report } = readDeu(
      table([row("i1", { pcom: "50", out: "20" }), row("i2", threeActors)]),
    );
    expect(issues.map((i) => i.meta.issue)).toEqual(["i2"]);
    expect(report.skippedRows).toEqual([
      { line: 2, reason: "issue 'i1': no actor has both a position and a salience" },
    ]);
  });

  it("handles a byte-order mark and Windows line ends", () => {
    const text = "\uFEFF" + table([row("i1", threeActors)]).replace(/\n/g, "\r\n");
    const { issues } = readDeu(text);
    expect(issues).toHaveLength(1);
    expect(issues[0].scenario.stances).toHaveLength(3);
  });
});

describe("DEU reader: unusable files and rows", () => {
  it("an empty file", () => {
    expect(inputError(() => readDeu("", { file: "e.tsv" })).message).toMatch(/e\.tsv:1.*empty/);
  });

  it("a file with neither tabs nor semicolons", () => {
    const e = inputError(() => readDeu(table([row("i1")], { separator: "," }), { file: "c.csv" }));
    expect(e.message).toMatch(/c\.csv:1.*separator.*tab- or semicolon-separated/);
  });

  it("missing columns are named, all at once", () => {
    const header = HEADER.filter((c) => c !== "pcr" && c !== "out" && c !== "isnr");
    const e = inputError(() =>
      readDeu(table([row("i1", threeActors)], { header }), { file: "m.tsv" }),
    );
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ file: "m.tsv", line: 1, path: ["header"] });
    expect(e.message).toMatch(/missing columns 'isnr', 'pcr', 'out'/);
  });

  it("a column named twice", () => {
    const e = inputError(() => readDeu(table([], { header: [...HEADER, "pde"] })));
    expect(e.message).toMatch(/column 'pde' appears twice/);
  });

  it("rows with the wrong number of fields, no issue id, or a repeated issue id: every problem, located", () => {
    const short = HEADER.slice(0, 20)
      .map(() => "1")
      .join("\t");
    const text = table([
      row("i1", threeActors),
      short,
      row("", threeActors),
      row("i1", threeActors),
    ]);
    const e = inputError(() => readDeu(text, { file: "rows.tsv" }));
    const message = formatProblems(e.problems);
    expect(e.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(message).toMatch(
      /rows\.tsv:3: 20 fields where the header has 71; check for a missing or stray tab/,
    );
    expect(message).toMatch(/rows\.tsv:4:5 isnr: the issue id \(isnr\) is empty/);
    expect(message).toMatch(/rows\.tsv:5:5 isnr: issue 'i1' appears twice \(first on line 2\)/);
  });

  it("extra empty fields at the end of a row are tolerated", () => {
    const line = HEADER.map((c) => row("i1", threeActors)[c] ?? "").join("\t") + "\t\t";
    expect(readDeu(table([line])).issues).toHaveLength(1);
  });

  it("a capability function that gives a negative number", () => {
    const e = inputError(() => readDeu(table([row("i1", threeActors)]), { capability: () => -1 }));
    expect(e.message).toMatch(/capability function gave -1 for 'com' on issue 'i1'/);
  });

  it("an issue id that is not a valid scenario id is made one", () => {
    const { issues } = readDeu(table([row("issue 1/a", threeActors)]));
    expect(issues[0].meta.issue).toBe("issue 1/a");
    expect(issues[0].scenario.issues[0].id).toBe("issue-1-a");
  });
});
