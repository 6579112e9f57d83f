/**
 * A workbook not made by exceljs: the parts of an .xlsx written by hand the way
 * LibreOffice Calc writes them (shared strings, typed number cells, a formula with
 * its cached value, a date cell with a date style, an inline string, sheet names
 * capitalised, empty rows), read as entente reads any .xlsx.
 */
import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { parseInputBytes } from "../../src/scenario/formats.js";

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

type Value = string | number | { f: string; v: number } | { date: number } | { inline: string };

/** One sheet's XML, strings through the shared table `strings`. */
function sheetXml(rows: Value[][], strings: string[]): string {
  const col = (k: number) => String.fromCharCode(65 + k);
  const cells = rows
    .map((row, r) => {
      const cs = row
        .map((v, k) => {
          const ref = `${col(k)}${r + 1}`;
          if (typeof v === "number") return `<c r="${ref}" s="0" t="n"><v>${v}</v></c>`;
          if (typeof v === "string") {
            if (v === "") return "";
            let i = strings.indexOf(v);
            if (i < 0) i = strings.push(v) - 1;
            return `<c r="${ref}" s="0" t="s"><v>${i}</v></c>`;
          }
          if ("f" in v) return `<c r="${ref}" s="0" t="n"><f>${v.f}</f><v>${v.v}</v></c>`;
          if ("date" in v) return `<c r="${ref}" s="1" t="n"><v>${v.date}</v></c>`;
          return `<c r="${ref}" s="0" t="inlineStr"><is><t>${v.inline}</t></is></c>`;
        })
        .join("");
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS} ${REL}><sheetPr filterMode="false"/><sheetData>${cells}</sheetData></worksheet>`;
}

async function libreOfficeLike(sheets: Record<string, Value[][]>): Promise<Buffer> {
  const zip = new JSZip();
  const names = Object.keys(sheets);
  const strings: string[] = [];
  names.forEach((n, i) =>
    zip.file(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[n], strings)),
  );
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      names
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join("") +
      `</Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} ${REL}><fileVersion appName="Calc"/><sheets>` +
      names
        .map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" state="visible" r:id="rId${i + 3}"/>`)
        .join("") +
      `</sheets></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
      names
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 3}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join("") +
      `</Relationships>`,
  );
  zip.file(
    "xl/styles.xml",
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="YYYY\\-MM\\-DD"/></numFmts>` +
      `<fonts count="1"><font><sz val="10"/><name val="Arial"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
      `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/></cellXfs></styleSheet>`,
  );
  // Written last: the shared strings are collected while the sheets are written.
  zip.file(
    "xl/sharedStrings.xml",
    `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${strings.length}" uniqueCount="${strings.length}">` +
      strings.map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join("") +
      `</sst>`,
  );
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

describe("an .xlsx as LibreOffice Calc writes it", () => {
  it("a full workbook: dates, formulas, inline strings, capitalised sheet names", async () => {
    const bytes = await libreOfficeLike({
      Scenario: [
        ["Field", "Value"],
        ["title", "Transit"],
        // 45352 is 2024-03-01 in the 1900 date system.
        ["asOf", { date: 45352 }],
      ],
      Actors: [
        ["ID", "Name", "Power"],
        ["mayor", "Mayor", 40],
        ["council", { inline: "Council" }, { f: "20+15", v: 35 }],
        ["operator", "Operator", 30],
      ],
      Issues: [
        ["ID", "Name", "Scale low", "Scale high", "Reference point"],
        ["fare", "Fare", 0, 4, 2.5],
      ],
      Stances: [
        ["Actor", "Issue", "Position", "Salience"],
        ["Mayor", "fare", 1.5, 80],
        ["council", "Fare", 2, { f: "0.6*100", v: 60 }],
        ["operator", "fare", 3.5, 90],
      ],
    });
    const { scenario, notes } = await parseInputBytes(bytes, "calc.xlsx");
    expect(notes).toEqual([]);
    expect(scenario).toEqual({
      entente: 1,
      metadata: { title: "Transit", asOf: "2024-03-01" },
      actors: [
        { id: "mayor", name: "Mayor", capability: 40 },
        { id: "council", name: "Council", capability: 35 },
        { id: "operator", name: "Operator", capability: 30 },
      ],
      issues: [{ id: "fare", name: "Fare", scale: { low: 0, high: 4 }, referencePoint: 2.5 }],
      stances: [
        { actor: "mayor", issue: "fare", position: 1.5, salience: 80 },
        { actor: "council", issue: "fare", position: 2, salience: 60 },
        { actor: "operator", issue: "fare", position: 3.5, salience: 90 },
      ],
    });
  });

  it("a one-sheet stakeholder table saved from Calc", async () => {
    const bytes = await libreOfficeLike({
      Tabelle1: [
        ["actor", "influence", "stance", "importance"],
        ["A", 1, 10, 0.8],
        ["B", 2.5, 90, 0.35],
        ["C", 1, 50, 0.5],
      ],
    });
    const { scenario } = await parseInputBytes(bytes, "calc.xlsx");
    expect(scenario.stances.map((s) => [s.actor, s.position, s.salience])).toEqual([
      ["a", 10, 80],
      ["b", 90, 35],
      ["c", 50, 50],
    ]);
  });
});
