/**
 * Workbooks as LibreOffice Calc 7.4 writes them (test/fixtures/spreadsheets, made with
 * `soffice --headless --convert-to xlsx`; see DATA-SOURCES.md): the flagship exported
 * by entente and saved again by LibreOffice, and a stakeholder table typed as an
 * analyst would (lowercase headers, "power" for capability, saliences on 0–1, a
 * comment column) and saved as .xlsx and as .ods.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseInputBytes } from "../../src/scenario/formats.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { InputError } from "../../src/scenario/problems.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/spreadsheets/${name}`, import.meta.url)));

describe("workbooks written by LibreOffice Calc", () => {
  it("reads the flagship back, every field as entente wrote it", async () => {
    const flagship = parse(
      readFileSync(new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url), "utf8"),
    ) as unknown;
    const expected = validateScenario(flagship);
    expect(expected.ok).toBe(true);
    const read = await parseInputBytes(fixture("flagship-libreoffice.xlsx"), "flagship.xlsx");
    expect(read.scenario).toEqual(expected.ok ? expected.scenario : undefined);
  });

  it("reads a stakeholder table typed by hand, saying what it decided", async () => {
    const read = await parseInputBytes(fixture("stakeholders-libreoffice.xlsx"), "table.xlsx");
    const s = read.scenario;
    expect(s.actors.map((a) => [a.name, a.capability])).toEqual([
      ["EU Commission", 80],
      ["Germany", 90],
      ["France", 85],
      ["Poland", 40],
    ]);
    expect(s.stances.map((x) => [x.position, x.salience])).toEqual([
      [70.5, 90],
      [40, 60],
      [55.25, 70],
      [20, 95],
    ]);
    expect(s.stances[0].rationale).toBe("keen");
    expect(read.notes.join("\n")).toMatch(/salience read on 0–1/);
    expect(read.notes.join("\n")).toMatch(/read as a stakeholder table/);
  });

  it("refuses LibreOffice's own format with what to do instead", async () => {
    const error = await parseInputBytes(fixture("stakeholders-libreoffice.ods"), "table.ods").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /OpenDocument spreadsheet \(\.ods\).*save it as "Excel Workbook \(\.xlsx\)"/,
    );
  });
});
