/**
 * Scenarios as Excel workbooks (.xlsx, Office Open XML), read and written with
 * exceljs. A workbook written by entente holds every field of a scenario:
 *
 * - `scenario`: one field a row (`Field`, `Value`): `title`, `description`, `asOf`,
 *   `notes`, and as JSON `sources`, `defaultRule`, `uncertainty`, `whatIfs`;
 * - `actors`: `ID`, `Name`, `Capability`, `Description`, `Capability uncertainty` (JSON);
 * - `issues`: `ID`, `Name`, `Description`, `Scale low`, `Scale high`,
 *   `Reference point`, `Anchors` (one `value: label` a line, or JSON), `Rule` (JSON);
 * - `stances`, long form: `Actor`, `Issue`, `Position`, `Salience` (0–100),
 *   `Rationale`, `Uncertainty` (JSON); or wide form: `Actor` and per issue the
 *   columns `<issue> position`, `<issue> salience` (and `<issue> rationale`).
 *
 * Sheet names and headers are matched whatever their case; actors and issues in the
 * stances sheet by id or by name. A workbook without an `actors` sheet is read as a
 * stakeholder table (its first sheet, as the stakeholder or scenario CSV).
 */
import ExcelJS from "exceljs";
import type { Problem } from "../problems.js";
import { InputError } from "../problems.js";
import type { Scenario } from "../schema.js";
import { validateScenario } from "../validate.js";
import { uniqueIds } from "../ids.js";
import { cellNumber, cellText, headerKey, type Cell, type Table } from "./table.js";
import { readStakeholderTable, type StakeholderTableOptions } from "./scenario-table.js";
import type { TableScenario } from "./scenario-table.js";

/** The largest workbook read (its compressed size, checked before it is unpacked). */
export const MAX_XLSX_BYTES = 20e6;

/** The first bytes of a zip archive (xlsx, ods) and of an OLE2 compound file (xls). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3;
}
export function isOle2(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b)
  );
}
/** An OpenDocument spreadsheet: a zip whose first entry is `mimetype` naming it. */
export function isOds(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  const head = Buffer.from(bytes.subarray(0, 200)).toString("latin1");
  return head.includes("mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
}

function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value)
    return plain((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  if ("error" in value) return undefined;
  return String(value as unknown);
}

interface Sheet {
  name: string;
  /** Rows with their 1-based row number; cells 0-based. */
  rows: { line: number; cells: Cell[] }[];
}

function readSheet(ws: ExcelJS.Worksheet): Sheet {
  const rows: Sheet["rows"] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = plain(cell.value);
    });
    for (let k = 0; k < cells.length; k++) if (!(k in cells)) cells[k] = undefined;
    if (cells.some((c) => cellText(c) !== undefined)) rows.push({ line, cells });
  });
  return { name: ws.name, rows };
}

/** Reads a workbook; `notes` says what the reader decided. */
export async function readXlsx(
  bytes: Uint8Array,
  options: StakeholderTableOptions = {},
): Promise<TableScenario> {
  const file = options.file;
  if (bytes.length > MAX_XLSX_BYTES)
    throw new InputError([
      {
        file,
        path: [],
        message: `the workbook is ${(bytes.length / 1e6).toFixed(1)} MB; entente reads workbooks up to ${MAX_XLSX_BYTES / 1e6} MB (a scenario of thousands of stances takes well under 1 MB)`,
      },
    ]);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new InputError([
      {
        file,
        path: [],
        message: `not a readable .xlsx workbook: ${(e as Error).message}; save it from Excel or LibreOffice as "Excel Workbook (.xlsx)"`,
      },
    ]);
  }
  const sheets = new Map<string, Sheet>();
  wb.eachSheet((ws) => {
    sheets.set(ws.name.trim().toLowerCase(), readSheet(ws));
  });
  if (!sheets.has("actors")) {
    const first = sheets.get("stances") ?? [...sheets.values()].find((s) => s.rows.length > 0);
    if (!first)
      throw new InputError([{ file, path: [], message: "the workbook has no sheet with data" }]);
    const table: Table = {
      file: `${file ?? "workbook"}[${first.name}]`,
      decimalComma: false,
      rows: first.rows,
    };
    const read = readStakeholderTable(table, { ...options, file: table.file });
    read.notes.unshift(
      `no 'actors' sheet: sheet '${first.name}' read as a stakeholder table (one row per stance)`,
    );
    return read;
  }
  return readWorkbook(sheets, file);
}

type Loose = Record<string, unknown>;

function readWorkbook(sheets: Map<string, Sheet>, file: string | undefined): TableScenario {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const where = (sheet: string) => `${file ?? "workbook"}[${sheet}]`;
  const at = (sheet: string, line: number, path: (string | number)[], message: string) =>
    problems.push({ file: where(sheet), line, path, message });
  /** Rows of a sheet as records keyed by header key; with the header's unknown columns. */
  const records = (name: string, known: Record<string, readonly string[]>) => {
    const sheet = sheets.get(name);
    if (!sheet || sheet.rows.length === 0) return { sheet: name, rows: [], columns: new Map() };
    const [header, ...body] = sheet.rows;
    const columns = new Map<string, number>();
    const extra: string[] = [];
    header.cells.forEach((c, k) => {
      const key = headerKey(c);
      if (!key) return;
      const field = Object.keys(known).find((f) => known[f].includes(key));
      if (field && !columns.has(field)) columns.set(field, k);
      else extra.push(String(c));
    });
    if (extra.length > 0)
      notes.push(
        `sheet '${sheet.name}': ignored column${extra.length > 1 ? "s" : ""} ${extra.map((e) => `'${e}'`).join(", ")} (not a column entente reads)`,
      );
    return { sheet: sheet.name, rows: body, columns, extra };
  };
  const json = (sheet: string, line: number, field: string, cell: Cell): unknown => {
    const t = cellText(cell);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t);
    } catch (e) {
      at(sheet, line, [field], `is not valid JSON: ${(e as Error).message}`);
      return undefined;
    }
  };
  const num = (sheet: string, line: number, field: string, cell: Cell): number | undefined => {
    if (cellText(cell) === undefined) return undefined;
    const x = cellNumber(cell, false);
    if (x === undefined) at(sheet, line, [field], `'${String(cell)}' is not a number`);
    return x;
  };
  const str = (cell: Cell): string | undefined =>
    cell === undefined ? undefined : typeof cell === "number" ? String(cell) : cell;
  const nonEmpty = (cell: Cell): string | undefined =>
    str(cell) !== undefined && str(cell)!.length > 0 ? str(cell) : undefined;

  // --- scenario sheet: Field | Value
  const data: Loose = { entente: 1 };
  const metadata: Loose = {};
  const meta = sheets.get("scenario") ?? sheets.get("metadata");
  for (const { line, cells } of meta?.rows ?? []) {
    const key = headerKey(cells[0]);
    const value = cells[1];
    const sheet = meta!.name;
    switch (key) {
      case "field":
      case "":
        break;
      case "entente":
        data.entente = num(sheet, line, "entente", value);
        break;
      case "title":
      case "description":
      case "notes":
        if (nonEmpty(value) !== undefined) metadata[key] = str(value);
        break;
      case "asof":
      case "as of":
        if (nonEmpty(value) !== undefined) metadata.asOf = str(value);
        break;
      case "sources":
        if (cellText(value) !== undefined) metadata.sources = json(sheet, line, "sources", value);
        break;
      case "schema":
        if (nonEmpty(value) !== undefined) data.$schema = str(value);
        break;
      case "default rule":
      case "defaultrule":
        data.defaultRule = json(sheet, line, "defaultRule", value);
        break;
      case "uncertainty":
        data.uncertainty = json(sheet, line, "uncertainty", value);
        break;
      case "what ifs":
      case "whatifs":
        data.whatIfs = json(sheet, line, "whatIfs", value);
        break;
      default:
        notes.push(`sheet '${sheet}' row ${line}: field '${String(cells[0])}' ignored`);
    }
  }
  for (const k of ["defaultRule", "uncertainty", "whatIfs"])
    if (data[k] === undefined) delete data[k];
  data.metadata = metadata;

  // --- actors
  const actorSheet = records("actors", {
    id: ["id", "actor id"],
    name: ["name", "actor", "actor name", "stakeholder"],
    capability: ["capability", "power", "influence", "clout"],
    description: ["description"],
    capabilityUncertainty: ["capability uncertainty"],
  });
  const actorLines: number[] = [];
  const actorNames = actorSheet.rows.map(
    (r) => nonEmpty(r.cells[actorSheet.columns.get("name") ?? -1]) ?? "",
  );
  const madeActorIds = uniqueIds(actorNames);
  const actors = actorSheet.rows.map(({ line, cells }, i) => {
    const col = (f: string) => cells[actorSheet.columns.get(f) ?? -1];
    actorLines.push(line);
    const a: Loose = {
      id: nonEmpty(col("id")) ?? madeActorIds[i],
      name: str(col("name")),
      capability: num(actorSheet.sheet, line, "capability", col("capability")),
    };
    if (nonEmpty(col("description")) !== undefined) a.description = str(col("description"));
    const cu = json(actorSheet.sheet, line, "capabilityUncertainty", col("capabilityUncertainty"));
    if (cu !== undefined) a.capabilityUncertainty = cu;
    return a;
  });

  // --- issues
  const issueSheet = records("issues", {
    id: ["id", "issue id"],
    name: ["name", "issue", "issue name"],
    description: ["description"],
    low: ["scale low", "low", "min"],
    high: ["scale high", "high", "max"],
    referencePoint: ["reference point", "status quo", "reference"],
    anchors: ["anchors", "labels"],
    rule: ["rule", "decision rule"],
  });
  const issueLines: number[] = [];
  const issueNames = issueSheet.rows.map(
    (r) => nonEmpty(r.cells[issueSheet.columns.get("name") ?? -1]) ?? "",
  );
  const madeIssueIds = uniqueIds(issueNames);
  const issues = issueSheet.rows.map(({ line, cells }, i) => {
    const col = (f: string) => cells[issueSheet.columns.get(f) ?? -1];
    issueLines.push(line);
    const sheet = issueSheet.sheet;
    const iss: Loose = {
      id: nonEmpty(col("id")) ?? madeIssueIds[i],
      name: str(col("name")),
    };
    if (nonEmpty(col("description")) !== undefined) iss.description = str(col("description"));
    iss.scale = {
      low: num(sheet, line, "scale.low", col("low")),
      high: num(sheet, line, "scale.high", col("high")),
    };
    const rp = num(sheet, line, "referencePoint", col("referencePoint"));
    if (rp !== undefined) iss.referencePoint = rp;
    const anchors = col("anchors");
    if (cellText(anchors) !== undefined)
      iss.anchors = String(anchors).trim().startsWith("[")
        ? json(sheet, line, "anchors", anchors)
        : readAnchorLines(String(anchors), (m) => at(sheet, line, ["anchors"], m));
    const rule = json(sheet, line, "rule", col("rule"));
    if (rule !== undefined) iss.rule = rule;
    return iss;
  });

  // --- stances
  const findActor = lookup(actors);
  const findIssue = lookup(issues);
  const stanceLines: number[] = [];
  const stances: Loose[] = [];
  const stanceSheet = sheets.get("stances");
  if (stanceSheet && stanceSheet.rows.length > 0) {
    const header = stanceSheet.rows[0].cells.map(headerKey);
    const long = header.includes("issue") || header.includes("issue id");
    const sheet = stanceSheet.name;
    const actorCol = header.findIndex((h) =>
      ["actor", "actor id", "name", "stakeholder"].includes(h),
    );
    if (actorCol < 0) at(sheet, stanceSheet.rows[0].line, ["header"], "no 'Actor' column");
    if (long) {
      const colOf = (...names: string[]) => header.findIndex((h) => names.includes(h));
      const c = {
        issue: colOf("issue", "issue id"),
        position: colOf("position", "stance", "preference"),
        salience: colOf("salience", "importance", "priority", "weight"),
        rationale: colOf("rationale"),
        uncertainty: colOf("uncertainty"),
        capability: colOf("capability"),
      };
      for (const { line, cells } of stanceSheet.rows.slice(1)) {
        const actorText = cellText(cells[actorCol]);
        const issueText = cellText(cells[c.issue]);
        const actor = findActor(actorText);
        const issue = findIssue(issueText);
        if (!actor)
          at(
            sheet,
            line,
            ["actor"],
            `unknown actor '${actorText ?? ""}' (not on the actors sheet by id or name)`,
          );
        if (!issue)
          at(
            sheet,
            line,
            ["issue"],
            `unknown issue '${issueText ?? ""}' (not on the issues sheet by id or name)`,
          );
        const s: Loose = {
          actor,
          issue,
          position: num(sheet, line, "position", cells[c.position]),
          salience: num(sheet, line, "salience", cells[c.salience]),
        };
        if (c.rationale >= 0 && nonEmpty(cells[c.rationale]) !== undefined)
          s.rationale = str(cells[c.rationale]);
        if (c.capability >= 0 && cellText(cells[c.capability]) !== undefined)
          s.capability = num(sheet, line, "capability", cells[c.capability]);
        const u =
          c.uncertainty >= 0 ? json(sheet, line, "uncertainty", cells[c.uncertainty]) : undefined;
        if (u !== undefined) s.uncertainty = u;
        stances.push(s);
        stanceLines.push(line);
      }
    } else {
      // Wide: "<issue> position", "<issue> salience", "<issue> rationale".
      const byIssue = new Map<
        string,
        { position?: number; salience?: number; rationale?: number }
      >();
      header.forEach((h, k) => {
        const m = /^(.*) (position|salience|rationale)$/.exec(h);
        if (!m) return;
        const issue = findIssue(m[1]);
        if (!issue) {
          at(
            sheet,
            stanceSheet.rows[0].line,
            ["header"],
            `column '${String(stanceSheet.rows[0].cells[k])}' names no issue of the issues sheet`,
          );
          return;
        }
        const entry = byIssue.get(issue) ?? {};
        entry[m[2] as "position"] = k;
        byIssue.set(issue, entry);
      });
      for (const { line, cells } of stanceSheet.rows.slice(1)) {
        const actorText = cellText(cells[actorCol]);
        const actor = findActor(actorText);
        if (!actor) at(sheet, line, ["actor"], `unknown actor '${actorText ?? ""}'`);
        for (const [issue, col] of byIssue) {
          const position = col.position === undefined ? undefined : cells[col.position];
          const salience = col.salience === undefined ? undefined : cells[col.salience];
          if (cellText(position) === undefined && cellText(salience) === undefined) continue;
          const s: Loose = {
            actor,
            issue,
            position: num(sheet, line, `${issue} position`, position),
            salience: num(sheet, line, `${issue} salience`, salience),
          };
          if (col.rationale !== undefined && nonEmpty(cells[col.rationale]) !== undefined)
            s.rationale = str(cells[col.rationale]);
          stances.push(s);
          stanceLines.push(line);
        }
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  data.actors = actors;
  data.issues = issues;
  data.stances = stances;
  const result = validateScenario(data);
  if (!result.ok)
    throw new InputError(
      result.problems.map((p) => {
        const [part, index] = p.path;
        const lines: Record<string, { sheet: string; lines: number[] }> = {
          actors: { sheet: actorSheet.sheet, lines: actorLines },
          issues: { sheet: issueSheet.sheet, lines: issueLines },
          stances: { sheet: stanceSheet?.name ?? "stances", lines: stanceLines },
        };
        const target = typeof part === "string" ? lines[part] : undefined;
        if (target && typeof index === "number" && target.lines[index] !== undefined)
          return { ...p, file: where(target.sheet), line: target.lines[index] };
        return { ...p, file: where(meta?.name ?? "scenario") };
      }),
    );
  return { scenario: result.scenario, notes };
}

/** Finds an actor or issue by its id, else its name, else either whatever the case and spacing. */
function lookup(entities: Loose[]): (text: string | undefined) => string | undefined {
  const exact = new Map<string, string>();
  const loose = new Map<string, string>();
  for (const e of entities) if (typeof e.name === "string") exact.set(e.name, String(e.id));
  for (const e of entities) exact.set(String(e.id), String(e.id));
  for (const e of entities)
    if (typeof e.name === "string") loose.set(headerKey(e.name), String(e.id));
  for (const e of entities) loose.set(headerKey(String(e.id)), String(e.id));
  return (text) =>
    text === undefined ? undefined : (exact.get(text) ?? loose.get(headerKey(text)));
}

/** `0: at once` / `10: in ten years`, one a line. */
function readAnchorLines(
  text: string,
  problem: (m: string) => void,
): { value: number; label: string }[] {
  const out: { value: number; label: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim().length === 0) continue;
    const m = /^\s*([^:=]+?)\s*[:=]\s?(.*)$/.exec(line);
    const value = m ? cellNumber(m[1], false) : undefined;
    if (!m || value === undefined) {
      problem(`anchor '${line}' must look like 'value: label'`);
      continue;
    }
    out.push({ value, label: m[2] });
  }
  return out;
}

/** Anchors as `value: label` lines when that reads back exactly, else as JSON. */
function writeAnchors(anchors: { value: number; label: string }[]): string {
  const readable = anchors.every(
    (a) => !/[\r\n]/.test(a.label) && a.label === a.label.trimEnd() && !/^\s/.test(a.label),
  );
  return readable
    ? anchors.map((a) => `${a.value}: ${a.label}`).join("\n")
    : JSON.stringify(anchors);
}

/** The workbook of a scenario (every field; see the file comment). */
export async function writeXlsx(scenario: Scenario): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "entente";
  const bold = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
  };
  const meta = wb.addWorksheet("scenario");
  meta.addRow(["Field", "Value"]);
  meta.addRow(["entente", scenario.entente]);
  const m = scenario.metadata;
  meta.addRow(["title", m.title]);
  if (m.description !== undefined) meta.addRow(["description", m.description]);
  if (m.asOf !== undefined) meta.addRow(["asOf", m.asOf]);
  if (m.notes !== undefined) meta.addRow(["notes", m.notes]);
  if (m.sources !== undefined) meta.addRow(["sources", JSON.stringify(m.sources)]);
  if (scenario.$schema !== undefined) meta.addRow(["$schema", scenario.$schema]);
  if (scenario.defaultRule !== undefined)
    meta.addRow(["defaultRule", JSON.stringify(scenario.defaultRule)]);
  if (scenario.uncertainty !== undefined)
    meta.addRow(["uncertainty", JSON.stringify(scenario.uncertainty)]);
  if (scenario.whatIfs !== undefined) meta.addRow(["whatIfs", JSON.stringify(scenario.whatIfs)]);
  meta.getColumn(1).width = 14;
  meta.getColumn(2).width = 80;
  bold(meta);

  const actors = wb.addWorksheet("actors");
  actors.addRow(["ID", "Name", "Capability", "Description", "Capability uncertainty"]);
  for (const a of scenario.actors)
    actors.addRow([
      a.id,
      a.name,
      a.capability,
      a.description ?? null,
      a.capabilityUncertainty ? JSON.stringify(a.capabilityUncertainty) : null,
    ]);
  bold(actors);

  const issues = wb.addWorksheet("issues");
  issues.addRow([
    "ID",
    "Name",
    "Description",
    "Scale low",
    "Scale high",
    "Reference point",
    "Anchors",
    "Rule",
  ]);
  for (const i of scenario.issues)
    issues.addRow([
      i.id,
      i.name,
      i.description ?? null,
      i.scale.low,
      i.scale.high,
      i.referencePoint ?? null,
      i.anchors ? (i.anchors.length === 0 ? "[]" : writeAnchors(i.anchors)) : null,
      i.rule ? JSON.stringify(i.rule) : null,
    ]);
  bold(issues);

  const stances = wb.addWorksheet("stances");
  const own = scenario.stances.some((s) => s.capability !== undefined);
  stances.addRow([
    "Actor",
    "Issue",
    "Position",
    "Salience",
    "Rationale",
    "Uncertainty",
    ...(own ? ["Capability"] : []),
  ]);
  for (const s of scenario.stances)
    stances.addRow([
      s.actor,
      s.issue,
      s.position,
      s.salience,
      s.rationale ?? null,
      s.uncertainty ? JSON.stringify(s.uncertainty) : null,
      ...(own ? [s.capability ?? null] : []),
    ]);
  bold(stances);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
