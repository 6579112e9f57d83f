/**
 * `entente backtest FILE` (src/cli/backtest.ts), run in-process through a program
 * wired like src/cli/main.ts, on the development table (data/deu3-dev.tsv; Arregui &
 * Perarnaud 2021, doi 10.34810/data53, CC BY 4.0) and on broken DEU files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { repoFile } from "../support/fixtures.js";

const DEV = repoFile("data/deu3-dev.tsv");
const HEADER = readFileSync(DEV, "utf8").split("\n", 1)[0];
const tmp = () => mkdtempSync(join(tmpdir(), "entente-backtest-"));

/** Runs `entente backtest ...` through the real command line, capturing the output. */
const backtest = (args: string[]) => runCli(["backtest", ...args]);

const FAST = ["--model", "compromise,weighted-median,status-quo", "--resamples", "200"];

describe("entente backtest on the development table", () => {
  it("prints the check figures in the default run, with every model", async () => {
    const { code, stdout } = await backtest([DEV]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/263 issues scored/);
    expect(stdout).toMatch(/compromise\/equal\s*│\s*263\s*│\s*25\.37\s*│/);
    expect(stdout).toMatch(/weighted-median\/equal\s*│\s*263\s*│\s*30\.00\s*│/);
    expect(stdout).toMatch(/plain-median\s*│\s*263\s*│\s*30\.49\s*│/);
    expect(stdout).toMatch(/status-quo\s*│\s*191\s*│\s*48\.99\s*│/);
    for (const id of [
      "compromise/shapley-shubik",
      "compromise/banzhaf",
      "compromise/council-votes",
      "expected-utility/equal",
      "nash/equal",
      "institutional-compromise",
      "institutional-compromise/cv",
    ])
      expect(stdout).toContain(id);
    expect(stdout).toMatch(/nash \(every capability option\): 72 of 263 issues without a forecast/);
  });

  it("--by adds subgroup tables; --format json and csv carry the same figures", async () => {
    const table = await backtest([DEV, ...FAST, "--by", "procedure,voting-rule,type"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/By procedure = COD \(158 issues\)/);
    expect(table.stdout).toMatch(/By voting-rule = Unan \(49 issues\)/);
    expect(table.stdout).toMatch(/By type = Dir \(115 issues\)/);

    const json = await backtest([DEV, ...FAST, "--format", "json", "--by", "procedure"]);
    const result = JSON.parse(json.stdout);
    expect(result.scored).toBe(263);
    expect(result.settings).toMatchObject({
      resamples: 200,
      seed: 1,
      baseline: "compromise/equal",
    });
    const base = result.rows.find((r: { id: string }) => r.id === "compromise/equal");
    expect(base.summary.mae.toFixed(2)).toBe("25.37");
    expect(result.groups.map((g: { value: string }) => g.value)).toEqual(["CNS", "COD"]);

    const csv = await backtest([DEV, ...FAST, "--format", "csv"]);
    expect(csv.stdout.split("\n")[0]).toMatch(/^group_by,group,row,/);
    expect(csv.stdout).toMatch(/\nall,all,compromise\/equal,compromise,equal,263,25\.37/);
  });

  it("scores the headline as a probability forecast; --format json carries it", async () => {
    const json = await backtest([DEV, ...FAST, "--format", "json"]);
    const result = JSON.parse(json.stdout);
    expect(result.settings.bootstrapUnit).toBe("proposal");
    const h = result.headline;
    expect(h).toMatchObject({ model: "compromise/equal", n: 263, crossValidated: 263, shipped: 0 });
    expect(h.mae.toFixed(2)).toBe("25.37");
    for (const key of ["coverage50", "coverage90", "width50", "width90", "crps", "climatologyCrps"])
      expect(Number.isFinite(h[key])).toBe(true);
    expect(h.coverage50).toBeGreaterThan(0.4);
    expect(h.coverage50).toBeLessThan(0.6);
    expect(h.coverage90).toBeGreaterThan(0.85);
    expect(h.crps).toBeLessThan(h.climatologyCrps);
    expect(h.pit.reduce((a: number, b: number) => a + b, 0)).toBe(263);
    const table = await backtest([DEV, ...FAST]);
    expect(table.stdout).toMatch(/Headline forecast:\nn 263, MAE 25\.37, coverage 50% /);
  });

  it("is reproducible with --seed and changes with another seed", async () => {
    const a = await backtest([DEV, ...FAST, "--format", "json", "--seed", "7"]);
    const b = await backtest([DEV, ...FAST, "--format", "json", "--seed", "7"]);
    const c = await backtest([DEV, ...FAST, "--format", "json", "--seed", "8"]);
    const interval = (s: string) =>
      JSON.parse(s).rows.find((r: { id: string }) => r.id === "compromise/shapley-shubik")
        .vsBaseline;
    expect(interval(a.stdout)).toEqual(interval(b.stdout));
    expect(interval(a.stdout).low).not.toBe(interval(c.stdout).low);
  });

  it("writes --per-issue, --html, --markdown and --output files", async () => {
    const dir = tmp();
    const files = {
      perIssue: join(dir, "per-issue.csv"),
      html: join(dir, "report.html"),
      markdown: join(dir, "accuracy.md"),
      output: join(dir, "out.txt"),
    };
    const { code, stdout } = await backtest([
      DEV,
      ...FAST,
      "--per-issue",
      files.perIssue,
      "--html",
      files.html,
      "--markdown",
      files.markdown,
      "--output",
      files.output,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(readFileSync(files.output, "utf8")).toMatch(/25\.37/);
    const perIssue = readFileSync(files.perIssue, "utf8").trim().split("\n");
    expect(perIssue[0]).toMatch(/^issue,proposal,line,/);
    expect(perIssue).toHaveLength(1 + 263 * 9); // compromise and weighted-median × 4 options, status-quo once
    const html = readFileSync(files.html, "utf8");
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/The headline forecast/);
    expect(html).toMatch(/PIT histogram/);
    expect(html).not.toMatch(/<script|<link|src=/i);
    const md = readFileSync(files.markdown, "utf8");
    expect(md).toMatch(/\| compromise\/equal \| 263 \| 25\.37 \|/);
    expect(md).toMatch(/Generated by `entente backtest .*deu3-dev\.tsv/);
  });

  it("takes the Commission's and Parliament's capability as mean, max or a share", async () => {
    const run = async (...extra: string[]) =>
      JSON.parse(
        (
          await backtest([
            DEV,
            "-m",
            "compromise",
            "-c",
            "shapley-shubik",
            "--resamples",
            "50",
            "-f",
            "json",
            "--no-cv",
            ...extra,
          ])
        ).stdout,
      );
    const mean = await run();
    const max = await run("--com-capability", "max", "--ep-capability", "0.2");
    expect(max.settings).toMatchObject({ commission: "max", parliament: "share 0.2" });
    const mae = (r: { rows: { id: string; summary: { mae: number } }[] }) =>
      r.rows.find((x) => x.id === "compromise/shapley-shubik")!.summary.mae;
    expect(mae(max)).not.toBe(mae(mean));
  });
});

describe("entente backtest: problems", () => {
  it("names a missing column, with exit 1", async () => {
    const dir = tmp();
    const file = join(dir, "no-out.tsv");
    const text = readFileSync(DEV, "utf8")
      .split("\n")
      .map((line) => line.split("\t").slice(0, -1).join("\t"))
      .join("\n");
    writeFileSync(file, text);
    const { code, stderr } = await backtest([file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no-out\.tsv:1.*missing column 'out'/);
  });

  it("reads bad codes as missing and skips empty rows", async () => {
    const dir = tmp();
    const file = join(dir, "bad-codes.tsv");
    const lines = readFileSync(DEV, "utf8").trimEnd().split("\n");
    const header = lines[0].split("\t");
    const cells = lines[1].split("\t");
    cells[header.indexOf("pde")] = "999";
    cells[header.indexOf("sfr")] = "x";
    writeFileSync(file, [lines[0], cells.join("\t"), "", ...lines.slice(2)].join("\n") + "\n");
    const { code, stdout } = await backtest([file, ...FAST]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 rows skipped/);
    expect(stdout).toMatch(/1 not a number, 1 out of range/);
    expect(stdout).toMatch(/263 issues scored/);
  });

  it("refuses a row with a stray field, naming the line", async () => {
    const dir = tmp();
    const file = join(dir, "stray.tsv");
    const lines = readFileSync(DEV, "utf8").trimEnd().split("\n");
    lines[3] = lines[3] + "\t5";
    writeFileSync(file, lines.join("\n") + "\n");
    const { code, stderr } = await backtest([file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/stray\.tsv:4.*fields where the header has/);
  });

  it("says when no issue can be scored", async () => {
    const dir = tmp();
    const file = join(dir, "header-only.tsv");
    writeFileSync(file, HEADER + "\n");
    const { code, stderr } = await backtest([file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no issue of .*header-only\.tsv can be scored/);
  });

  it("reports an unreadable file and bad option values with exit 1, an unknown model with exit 2", async () => {
    const missing = await backtest([join(tmp(), "nope.tsv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.tsv: no such file/); // the reader every command shares
    const model = await backtest([DEV, "-m", "oracle"]);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/unknown model 'oracle'/);
    const by = await backtest([DEV, "--by", "colour", "-c", "nice", "--com-capability", "lots"]);
    expect(by.code).toBe(1);
    expect(by.stderr).toMatch(/3 problems/);
    expect(by.stderr).toMatch(/cannot group by 'colour'/);
    expect(by.stderr).toMatch(/unknown capability option 'nice'/);
    expect(by.stderr).toMatch(/--com-capability.*'lots'/);
  });

  it("exits 2 on a wrong command line", async () => {
    expect((await backtest([DEV, "--resamples", "many"])).code).toBe(2);
    expect((await backtest([DEV, "--format", "xml"])).code).toBe(2);
    expect((await backtest([DEV, "--level", "95"])).code).toBe(2);
    expect((await backtest([DEV, "--folds", "1"])).code).toBe(2);
    expect((await backtest([])).code).toBe(2);
  });
});
