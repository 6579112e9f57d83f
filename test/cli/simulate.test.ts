/**
 * The analysis commands: `entente simulate`, `entente sensitivity`, `entente compare`.
 * Run in-process through the program of src/cli/main.ts; the commands are added
 * here when main.ts does not list them yet.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { XMLValidator } from "fast-xml-parser";
import { progressBar } from "../../src/runtime/progress.js";
import { repoFile } from "../support/fixtures.js";
import { runCli } from "../support/cli.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");
const tmp = () => mkdtempSync(join(tmpdir(), "entente-analysis-"));

/** Runs the real `entente` command line in-process, capturing the output. */
const entente = (args: string[]) => runCli(args);

describe("entente simulate", () => {
  it("prints per issue the point forecast, median, 50% and 90% intervals and threshold probabilities", async () => {
    const { code, stdout, stderr } = await entente([
      "simulate",
      FLAGSHIP,
      "-n",
      "60",
      "-s",
      "7",
      "-m",
      "expected-utility",
      "-w",
      "1",
      "-t",
      "us-sanctions<40",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Monte Carlo: 60 draws, seed 7; models: expected-utility \(10 rounds\)/);
    expect(stdout).toMatch(
      /issue .* model .* point .* median .* 50% interval .* 90% interval .* P\(us-sanctions<40\)/,
    );
    expect(stdout).toMatch(/US sanctions on Russia\s+│ expected-utility │ 20\.0 /);
    expect(stdout).toMatch(
      /positions: normal around the point estimate, sd 5% of the issue's scale/,
    );
    // Quiet when not on a terminal: no progress bar escape codes.
    expect(stdout + stderr).not.toContain("\r");
  });

  it("gives identical JSON for the same seed with 1 and 2 workers", async () => {
    const args = [
      "simulate",
      FLAGSHIP,
      "-n",
      "40",
      "-s",
      "99",
      "-m",
      "expected-utility",
      "weighted-median",
      "-t",
      "us-sanctions<40",
      "eu-sanctions>=60",
      "-f",
      "json",
    ];
    const one = await entente([...args, "-w", "1"]);
    const two = await entente([...args, "-w", "2"]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const result = JSON.parse(one.stdout);
    expect(result).toMatchObject({
      analysis: "monte-carlo",
      draws: 40,
      seed: 99,
      thresholds: ["us-sanctions<40", "eu-sanctions>=60"],
    });
    expect(result.summaries).toHaveLength(2 * 9);
    expect(result.uncertainty.noise).toEqual({
      positionNoise: 0.05,
      salienceNoise: 0.1,
      capabilityNoise: 0.1,
    });
  });

  it("writes CSV for R or pandas, every draw with --save-draws, and SVG charts with --svg", async () => {
    const dir = tmp();
    const draws = join(dir, "draws.csv");
    const svg = join(dir, "charts");
    const { code, stdout } = await entente([
      "simulate",
      FLAGSHIP,
      "-n",
      "20",
      "-m",
      "expected-utility",
      "-w",
      "1",
      "-f",
      "csv",
      "-t",
      "us-sanctions<40",
      "--save-draws",
      draws,
      "--svg",
      svg,
    ]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "model,issue,point,median,q05,q25,q75,q95,mean,sd,min,max,draws,no_forecast,threshold,probability,standard_error",
    );
    expect(lines).toHaveLength(1 + 9);
    expect(lines.find((l) => l.startsWith("expected-utility,us-sanctions,"))).toMatch(
      /,us-sanctions<40,[0-9.]+,[0-9.]+$/,
    );
    const drawLines = readFileSync(draws, "utf8").trim().split("\n");
    expect(drawLines[0]).toBe("draw,model,issue,forecast");
    expect(drawLines).toHaveLength(1 + 20 * 9);
    const files = readdirSync(svg).sort();
    expect(files).toContain("intervals-expected-utility.svg");
    expect(files).toContain("distribution-us-sanctions.svg");
    for (const f of files) {
      const text = readFileSync(join(svg, f), "utf8");
      expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(XMLValidator.validate(text)).toBe(true);
    }
  });

  it("simulates one of the file's what-ifs, and takes the noise from the command line", async () => {
    const { code, stdout } = await entente([
      "simulate",
      FLAGSHIP,
      "-n",
      "10",
      "-m",
      "compromise",
      "-w",
      "1",
      "--what-if",
      "weaker-congress",
      "--position-noise",
      "0",
      "--salience-noise",
      "0",
      "--capability-noise",
      "0",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/what-if weaker-congress \(A weaker Congress\)/);
    expect(stdout).toMatch(/sd 0% of the issue's scale/);
    // Without noise the median is the point forecast.
    expect(stdout).toMatch(/US sanctions on Russia\s+│ compromise\s+│ 41\.0 \s*│ 41\.0 /);
  });

  it("reports bad thresholds, what-ifs and numbers with the right exit code", async () => {
    const badIssue = await entente([
      "simulate",
      FLAGSHIP,
      "-n",
      "5",
      "-w",
      "1",
      "-t",
      "sanctions<40",
    ]);
    expect(badIssue.code).toBe(1);
    expect(badIssue.stderr).toMatch(/unknown issue 'sanctions'/);
    const badForm = await entente([
      "simulate",
      FLAGSHIP,
      "-n",
      "5",
      "-w",
      "1",
      "-t",
      "us-sanctions=40",
    ]);
    expect(badForm.code).toBe(1);
    expect(badForm.stderr).toMatch(/must look like ISSUE<VALUE/);
    const badWhatIf = await entente([
      "simulate",
      FLAGSHIP,
      "-n",
      "5",
      "-w",
      "1",
      "--what-if",
      "nope",
    ]);
    expect(badWhatIf.stderr).toMatch(
      /unknown what-if 'nope'; the file's what-ifs: weaker-congress, germany-leads-europe, ukraine-rejects-deal/,
    );
    expect((await entente(["simulate", FLAGSHIP, "-n", "zero"])).code).toBe(2);
    expect((await entente(["simulate", FLAGSHIP, "-s", "-3"])).code).toBe(2);
    expect(
      (await entente(["simulate", FLAGSHIP, "-n", "5", "-w", "1", "-m", "nope"])).stderr,
    ).toMatch(/unknown model 'nope'/);
  });

  it("checks the uncertainty blocks against the scales, naming the file", async () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      [
        "entente: 1",
        "metadata: { title: t }",
        "actors: [{ id: a, name: A, capability: 1 }]",
        "issues: [{ id: x, name: X, scale: { low: 0, high: 100 } }]",
        "stances: [{ actor: a, issue: x, position: 50, salience: 50, uncertainty: { position: { low: 60, high: 120 } } }]",
      ].join("\n"),
    );
    const { code, stderr } = await entente(["simulate", file, "-n", "5", "-w", "1"]);
    expect(code).toBe(1);
    expect(stderr).toContain("bad.yaml");
    expect(stderr).toMatch(/goes off the scale \[0, 100\]/);
    expect(stderr).toMatch(/lies outside its range \[60, 120\]/);
  });

  it("documents its options in --help", async () => {
    const { code, stdout } = await entente(["simulate", "--help"]);
    expect(code).toBe(0);
    for (const option of [
      "--draws",
      "--seed",
      "--workers",
      "--threshold",
      "--model",
      "--format",
      "--svg",
      "--save-draws",
      "--what-if",
      "--position-noise",
      "--no-progress",
    ])
      expect(stdout).toContain(option);
  });
});

describe("the progress bar", () => {
  const fakeStream = (isTTY: boolean) => {
    const written: string[] = [];
    const stream = {
      isTTY,
      columns: 80,
      write: (text: string) => written.push(text) > 0,
    } as unknown as NodeJS.WriteStream;
    return { stream, written };
  };

  it("is drawn on a terminal and erased at the end", () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar("draws", { stream });
    bar.update(50, 100);
    bar.update(100, 100);
    bar.finish();
    expect(written[0]).toMatch(/^\r\[#+-+\] {2}50% 50\/100 draws/);
    expect(written.at(-2)).toMatch(/100% 100\/100 draws/);
    expect(written.at(-1)).toBe("\r\u001b[K");
  });

  it("writes nothing when piped or turned off", () => {
    const piped = fakeStream(false);
    progressBar("draws", { stream: piped.stream }).update(1, 2);
    expect(piped.written).toEqual([]);
    const off = fakeStream(true);
    progressBar("draws", { stream: off.stream, enabled: false }).update(1, 2);
    expect(off.written).toEqual([]);
  });
});

describe("entente sensitivity", () => {
  it("prints a tornado table per model and issue", async () => {
    const { code, stdout } = await entente([
      "sensitivity",
      FLAGSHIP,
      "-m",
      "expected-utility",
      "--issue",
      "us-sanctions",
      "--top",
      "3",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/One at a time: positions ± 10% of the issue's scale/);
    expect(stdout).toMatch(
      /US sanctions on Russia over Ukraine and Crimea \[us-sanctions\] — baseline: expected-utility 20\.0/,
    );
    // Inputs by name; each row the swing (forecast with the input high minus low).
    expect(stdout).toMatch(
      /Donald Trump's position on US sanctions on Russia\s+│ 10\.0 → 30\.0\s+│ \+23\.1/,
    );
    expect(stdout).not.toMatch(/\[crimea-status\]/);
    expect(stdout).toMatch(/… \d+ more inputs move a forecast less/);
    expect(stdout.match(/^│ /gm)?.length).toBe(1 + 3); // header + --top 3
  });

  it("adds Sobol' indices with --sobol, reproducibly, and writes JSON, CSV and SVG", async () => {
    const dir = tmp();
    const svg = join(dir, "tornado.svg");
    const args = [
      "sensitivity",
      FLAGSHIP,
      "-m",
      "weighted-median",
      "--issue",
      "eu-sanctions",
      "--sobol",
      "-n",
      "30",
      "-s",
      "4",
      "-f",
      "json",
    ];
    const one = await entente([...args, "-w", "1", "--svg", svg]);
    const two = await entente([...args, "-w", "2"]);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const result = JSON.parse(one.stdout);
    expect(result.oneAtATime.tornadoes[0]).toMatchObject({
      model: "weighted-median",
      issue: "eu-sanctions",
      baseline: 60,
    });
    expect(result.sobol).toMatchObject({ draws: 30, seed: 4, groupBy: "actor" });
    expect(result.sobol.tables[0].indices.length).toBeGreaterThan(0);
    const text = readFileSync(svg, "utf8");
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toContain("what moves the forecast");
    expect(text).toContain("Sobol");
    const csv = await entente([...args.slice(0, -2), "-w", "1", "-f", "csv"]);
    const header = csv.stdout.split("\n")[0];
    expect(header).toBe(
      "analysis,model,issue,rank,input,kind,actor,input_issue,point,low,high,forecast_low,forecast_high,range,baseline,first_order,total",
    );
    expect(csv.stdout).toMatch(/\nsobol,weighted-median,eu-sanctions,1,/);
  });

  it("documents its options in --help and rejects a bad swing", async () => {
    const help = await entente(["sensitivity", "--help"]);
    for (const option of [
      "--swing",
      "--top",
      "--sobol",
      "--draws",
      "--group-by",
      "--svg",
      "--issue",
    ])
      expect(help.stdout).toContain(option);
    const bad = await entente(["sensitivity", FLAGSHIP, "--swing", "-5"]);
    expect(bad.code).not.toBe(0);
  });
});

describe("entente compare", () => {
  it("compares the file's what-ifs side by side with the differences", async () => {
    const { code, stdout } = await entente(["compare", FLAGSHIP, "-m", "weighted-median"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /issue .* model .* baseline .* weaker-congress .* Δ .* germany-leads-europe .* Δ .* ukraine-rejects-deal .* Δ/,
    );
    expect(stdout).toMatch(
      /US sanctions on Russia\s+│ weighted-median │ 60\.0\s+│ 20\.0\s+│ −40\.0/,
    );
    expect(stdout).toMatch(
      /weaker-congress — A weaker Congress: Republican majority capability × 0\.5; Congressional Democrats capability × 0\.5/,
    );
  });

  it("takes changes from the command line as one what-if, and one named what-if of the file", async () => {
    const { code, stdout } = await entente([
      "compare",
      FLAGSHIP,
      "-m",
      "compromise",
      "-f",
      "json",
      "--what-if",
      "ukraine-rejects-deal",
      "--set",
      "trump.us-sanctions.position=0",
      "--scale",
      "gop-congress.capability=0.5",
      "--remove",
      "eu-skeptics",
      "--merge",
      "gop-congress+dem-congress=congress",
    ]);
    expect(code).toBe(0);
    const c = JSON.parse(stdout);
    expect(c.whatIfs.map((w: { id: string }) => w.id)).toEqual([
      "ukraine-rejects-deal",
      "command-line",
    ]);
    expect(c.whatIfs[1].changes.map((x: { op: string }) => x.op)).toEqual([
      "set",
      "scale",
      "remove",
      "merge",
    ]);
    const row = c.rows.find((r: { issue: string }) => r.issue === "us-sanctions");
    expect(row.whatIfs["command-line"].forecast).toBeLessThan(row.baseline);
  });

  it("writes long CSV", async () => {
    const { stdout } = await entente([
      "compare",
      FLAGSHIP,
      "-m",
      "compromise",
      "--what-if",
      "weaker-congress",
      "-f",
      "csv",
    ]);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("model,issue,variant,forecast,difference");
    expect(lines).toHaveLength(1 + 9 * 2);
    expect(lines[1]).toMatch(/^compromise,us-sanctions,baseline,[0-9.]+,$/);
    expect(lines[2]).toMatch(/^compromise,us-sanctions,weaker-congress,[0-9.]+,-[0-9.]+$/);
  });

  it("reports unknown actors and ids in changes, and a file without what-ifs", async () => {
    const bad = await entente(["compare", FLAGSHIP, "--scale", "congress.capability=0.5"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/'congress' is neither an actor nor actor\.issue/);
    const dir = tmp();
    const file = join(dir, "plain.yaml");
    writeFileSync(
      file,
      "entente: 1\nmetadata: { title: t }\nactors: [{ id: a, name: A, capability: 1 }]\nissues: [{ id: x, name: X, scale: { low: 0, high: 1 } }]\nstances: [{ actor: a, issue: x, position: 0.5, salience: 50 }]\n",
    );
    const none = await entente(["compare", file]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/nothing to compare/);
  });

  it("with --draws, simulates the baseline and every what-if with one seed", async () => {
    const args = [
      "compare",
      FLAGSHIP,
      "-m",
      "weighted-median",
      "-n",
      "25",
      "-s",
      "3",
      "-t",
      "us-sanctions<40",
    ];
    const json = await entente([...args, "-w", "1", "-f", "json"]);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.stdout);
    expect(c.monteCarlo).toMatchObject({ draws: 25, seed: 3, thresholds: ["us-sanctions<40"] });
    expect(c.monteCarlo.variants.map((v: { id: string }) => v.id)).toEqual([
      "baseline",
      "weaker-congress",
      "germany-leads-europe",
      "ukraine-rejects-deal",
    ]);
    const p = (id: string) =>
      c.monteCarlo.variants
        .find((v: { id: string }) => v.id === id)
        .summaries.find((s: { issue: string }) => s.issue === "us-sanctions").thresholds[0]
        .probability;
    expect(p("weaker-congress")).toBeGreaterThan(p("baseline"));
    const two = await entente([...args, "-w", "2", "-f", "json"]);
    expect(two.stdout).toBe(json.stdout);
    const table = await entente([...args, "-w", "1"]);
    expect(table.stdout).toMatch(/Monte Carlo of every variant: 25 draws, seed 3/);
    expect(table.stdout).toMatch(
      /US sanctions on Russia\s+│ weighted-median │ weaker-congress\s+│/,
    );
    const csv = await entente([...args, "-w", "1", "-f", "csv"]);
    expect(csv.stdout.split("\n")[0]).toBe(
      "model,issue,variant,forecast,difference,median,q05,q25,q75,q95,threshold,probability,standard_error",
    );
  });

  it("documents its options in --help", async () => {
    const { stdout } = await entente(["compare", "--help"]);
    for (const option of ["--what-if", "--set", "--scale", "--remove", "--merge", "--format"])
      expect(stdout).toContain(option);
  });
});
