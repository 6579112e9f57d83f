/**
 * Spreadsheets through the HTTP API: an .xlsx workbook (or any file's bytes) imported
 * as base64, the size limit told before decoding, and the scenario exported as a
 * workbook that reads back to the same scenario.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp, importedFile } from "../../src/server/app.js";
import { seedLibrary } from "../../src/server/seed.js";
import { openStore, type Store } from "../../src/store/index.js";
import { loadScenario, type Scenario } from "../../src/index.js";
import { readXlsx, writeXlsx } from "../../src/scenario/import/xlsx.js";

const flagship = await loadScenario(
  new URL("../../scenarios/us-russia-reset-2016.yaml", import.meta.url).pathname,
);

let store: Store;
let app: Hono;
let flagshipId: string;

beforeEach(() => {
  store = openStore({ file: ":memory:" });
  [flagshipId] = seedLibrary(store);
  app = createApp({ store, webDir: null, log: () => undefined });
});

type Problems = { path: (string | number)[]; message: string }[];

async function importFile(body: Record<string, unknown>, on: Hono = app) {
  const response = await on.request("/api/scenarios/import", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown> & { problems?: Problems },
  };
}

const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");

describe("POST /api/scenarios/import with base64", () => {
  it("imports an .xlsx workbook written by writeXlsx as the same scenario", async () => {
    const r = await importFile({
      fileName: "flagship.xlsx",
      base64: base64(await writeXlsx(flagship)),
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const stored = store.getScenario(r.json.id as string).scenario;
    expect(stored).toEqual(flagship);
  });

  it("tells a workbook by its bytes when the name has no extension", async () => {
    const r = await importFile({ fileName: "upload", base64: base64(await writeXlsx(flagship)) });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect((r.json.scenario as Scenario).stances).toEqual(flagship.stances);
  });

  it("reads a semicolon CSV with a byte-order mark and decimal commas from its bytes", async () => {
    const csv = "\uFEFFActor;Capability;Position;Salience\r\nA;10;20,5;0,5\r\nB;30;80;0,9\r\n";
    const r = await importFile({ fileName: "excel.csv", base64: base64(csv) });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    // The scale is detected, and the answer says so.
    expect(r.json.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^salience read on 0–1/)]),
    );
    const s = r.json.scenario as Scenario;
    expect(s.actors.map((a) => [a.name, a.capability])).toEqual([
      ["A", 10],
      ["B", 30],
    ]);
    expect(s.stances.map((x) => [x.position, x.salience])).toEqual([
      [20.5, 50],
      [80, 90],
    ]);
  });

  it("locates a broken workbook's problem at the file", async () => {
    const bytes = await writeXlsx(flagship);
    const r = await importFile({
      fileName: "broken.xlsx",
      base64: base64(bytes.subarray(0, 200)),
    });
    expect(r.status).toBe(400);
    expect(r.json.problems?.[0].message).toMatch(/workbook|xlsx|zip/i);
  });

  it("refuses both or neither of text and base64, and a workbook sent as text", async () => {
    const both = await importFile({ fileName: "a.yaml", text: "x", base64: "eA==" });
    expect(both.status).toBe(400);
    expect(both.json.problems?.[0]).toMatchObject({ path: ["text"] });
    expect(both.json.problems?.[0].message).toMatch(/either text .* or base64/);
    const neither = await importFile({ fileName: "a.yaml" });
    expect(neither.status).toBe(400);
    const asText = await importFile({ fileName: "a.xlsx", text: "PK\u0003\u0004…" });
    expect(asText.status).toBe(400);
    expect(asText.json.problems?.[0].message).toMatch(/send its bytes in base64/);
  });

  it("refuses text that is not base64, at the field", async () => {
    const r = await importFile({ fileName: "a.xlsx", base64: "not base64!" });
    expect(r.status).toBe(400);
    expect(r.json.problems?.[0]).toMatchObject({ path: ["base64"] });
    expect(r.json.problems?.[0].message).toMatch(/is not base64/);
  });

  it("refuses a file over the size limit before decoding it, saying how large it is", async () => {
    const limited = createApp({
      store,
      webDir: null,
      log: () => undefined,
      limits: { fileBytes: 1000 },
    });
    const r = await importFile(
      { fileName: "big.xlsx", base64: base64(new Uint8Array(3000)) },
      limited,
    );
    expect(r.status).toBe(400);
    expect(r.json.problems?.[0]).toMatchObject({ path: ["base64"] });
    expect(r.json.problems?.[0].message).toBe(
      "the file is 2.9 KB; at most 1000 bytes can be imported",
    );
  });

  it("counts the decoded size from the base64's length and padding", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 999, 1000, 1001]) {
      const text = base64(new Uint8Array(n));
      if (n === 0) continue; // an empty file is refused by the schema before
      const ok = () => importedFile({ fileName: "f.bin", base64: text }, 1000);
      if (n <= 1000) expect(ok()).toEqual({ base64: text });
      else
        expect(ok).toThrow(
          expect.objectContaining({
            problems: [
              expect.objectContaining({
                message: expect.stringMatching(/^the file is 1001 bytes;/),
              }),
            ],
          }),
        );
    }
  });
});

describe("GET /api/scenarios/:id/export?format=xlsx", () => {
  it("returns the workbook as an attachment that reads back to the scenario", async () => {
    const response = await app.request(`/api/scenarios/${flagshipId}/export?format=xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(response.headers.get("content-disposition")).toMatch(/attachment; .*\.xlsx"?/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // "PK", a zip
    const read = await readXlsx(bytes, { file: "export.xlsx" });
    expect(read.scenario).toEqual(store.getScenario(flagshipId).scenario);
  });

  it("lists xlsx among the formats read and written", async () => {
    const formats = (await (await app.request("/api/formats")).json()) as {
      read: string[];
      write: string[];
    };
    expect(formats.read).toContain("xlsx");
    expect(formats.write).toContain("xlsx");
  });
});
