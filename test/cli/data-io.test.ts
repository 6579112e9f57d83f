/**
 * The command line for getting data in and out: spreadsheets and CSV as analysts have
 * them, conversions that name what they lose, and the flags that mean the same on
 * every command (-o/--output, --svg), with exit codes as documented.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { fixture, repoFile } from "../support/fixtures.js";
import { parseInputBytes } from "../../src/scenario/formats.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");
const EMISSION = repoFile("examples/emission-standards-ec.yaml");
const tmp = () => mkdtempSync(join(tmpdir(), "entente-io-"));
const load = async (file: string) => (await parseInputBytes(readFileSync(file), file)).scenario;

describe("convert", () => {
  it("flagship → .xlsx → YAML gives the same scenario, with nothing to warn about", async () => {
    const dir = tmp();
    const xlsx = join(dir, "flagship.xlsx");
    const back = join(dir, "back.yaml");
    const to = await runCli(["convert", FLAGSHIP, xlsx]);
    expect(to).toMatchObject({ code: 0 });
    expect(to.stderr).not.toMatch(/warning/);
    expect((await runCli(["convert", xlsx, back])).code).toBe(0);
    expect(await load(back)).toEqual(await load(FLAGSHIP));
  });

  it("names every field it would drop, and --strict refuses", async () => {
    const out = join(tmp(), "f.tsv");
    const warned = await runCli(["convert", FLAGSHIP, out, "--to", "decide"]);
    expect(warned.code).toBe(0);
    for (const field of [
      "issues.rule",
      "defaultRule",
      "whatIfs",
      "stances.rationale",
      "uncertainty",
    ])
      expect(warned.stderr).toMatch(new RegExp(`warning: decide drops or changes ${field}:`));
    const strict = await runCli(["convert", FLAGSHIP, out, "--to", "decide", "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/whatIfs: decide cannot hold 3 what-if/);
  });

  it("--help prints what each format holds", async () => {
    const { stdout, code } = await runCli(["convert", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/xlsx\s+read write\s+everything/);
    expect(stdout).toMatch(/ktab-xml\s+read\s+read only/);
  });
});

describe("CSV and spreadsheets on the command line", () => {
  it("a semicolon CSV with decimal commas runs, and the salience scale is said", async () => {
    const file = join(tmp(), "eu.csv");
    writeFileSync(
      file,
      "\uFEFFActor;Power;Position;Salience\r\nA;1;10;0,8\r\nB;2,5;90;0,35\r\nC;1;50;0,5\r\n",
    );
    const { code, stdout, stderr } = await runCli(["run", file, "-m", "compromise"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/compromise/);
    expect(stderr).toMatch(/note: salience read on 0–1/);
    expect(stderr).toMatch(/note: read as semicolon-separated/);
  });

  it("repeated names in a stakeholder CSV are distinct actors, with a note naming the lines", async () => {
    const { code, stderr } = await runCli(["validate", fixture("bdm/litigation-case.csv")]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/note: actor name 'Attorney' appears on lines \d+, \d+ and \d+/);
    expect(
      (await runCli(["validate", fixture("bdm/litigation-case.csv"), "--disambiguate"])).code,
    ).toBe(0);
  });

  it("a YAML file whose saliences all lie in [0, 1]: valid, with a warning from validate and run", async () => {
    const file = join(tmp(), "shares.yaml");
    writeFileSync(
      file,
      readFileSync(EMISSION, "utf8").replace(
        /salience: (\d+)/g,
        (_, s) => `salience: ${Number(s) / 100}`,
      ),
    );
    for (const command of ["validate", "run"]) {
      const { code, stderr } = await runCli([command, file]);
      expect(code).toBe(0);
      expect(stderr).toMatch(/warning: every salience lies in \[0, 1\]/);
    }
    expect((await runCli(["validate", EMISSION])).stderr).toBe("");
  });

  it("an .xls is refused with what to do (exit 1)", async () => {
    const file = join(tmp(), "old.xls");
    writeFileSync(file, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const { code, stderr } = await runCli(["run", file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/old binary Excel workbook.*Excel Workbook \(\.xlsx\)/);
  });
});

describe("flags that mean the same everywhere", () => {
  it("an unknown model exits 2 (a command-line mistake), on run and on --option", async () => {
    const run = await runCli(["run", EMISSION, "--model", "oracle"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown model 'oracle'; known models: .*compromise/);
    expect((await runCli(["run", EMISSION, "--option", "oracle.x=1"])).code).toBe(2);
  });

  it("-o FILE writes the output; -o MODEL.KEY=VALUE is still a model option", async () => {
    const out = join(tmp(), "f.csv");
    const r = await runCli([
      "run",
      EMISSION,
      "-m",
      "expected-utility",
      "-f",
      "json",
      "-o",
      "expected-utility.probability=textbook",
      "-o",
      out,
    ]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(JSON.parse(readFileSync(out, "utf8")).runs[0].options.probability).toBe("textbook");
    const two = await runCli(["run", EMISSION, "-o", join(tmp(), "a"), "-o", join(tmp(), "b")]);
    expect(two.code).toBe(2);
    const explained = join(tmp(), "explain.txt");
    expect(
      (await runCli(["explain", EMISSION, "-m", "compromise", "--output", explained])).code,
    ).toBe(0);
    expect(readFileSync(explained, "utf8")).toMatch(/compromise/);
  });

  it("--svg: PATH.svg is one file, any other PATH a folder, on simulate and sensitivity alike", async () => {
    const dir = tmp();
    const one = join(dir, "sim.svg");
    const folder = join(dir, "sens");
    const base = ["-m", "compromise", "--no-progress"];
    expect(
      (
        await runCli([
          "simulate",
          EMISSION,
          "--draws",
          "50",
          "--workers",
          "1",
          ...base,
          "--svg",
          one,
        ])
      ).code,
    ).toBe(0);
    expect(readFileSync(one, "utf8")).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(
      (await runCli(["sensitivity", EMISSION, "-m", "compromise", "--svg", folder])).code,
    ).toBe(0);
    expect(readdirSync(folder)).toEqual(["tornado-issue.svg"]);
  });

  it("a reversed scale is refused with one message saying how to write it", async () => {
    const file = join(tmp(), "reversed.yaml");
    writeFileSync(
      file,
      [
        "entente: 1",
        "metadata: { title: t }",
        "actors: [{ id: a, name: A, capability: 1 }, { id: b, name: B, capability: 1 }]",
        "issues: [{ id: x, name: X, scale: { low: 100, high: 0 }, referencePoint: 30 }]",
        "stances:",
        "  - { actor: a, issue: x, position: 10, salience: 80 }",
        "  - { actor: b, issue: x, position: 90, salience: 30 }",
      ].join("\n"),
    );
    const { code, stderr } = await runCli(["validate", file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^entente: 1 problem:\n.*scale\.low \(100\) is above scale\.high \(0\).*write low: 0, high: 100.*100 − value/,
    );
  });
});
