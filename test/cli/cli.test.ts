import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { fixture, repoFile } from "../support/fixtures.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");
const EMISSION = repoFile("examples/emission-standards-ec.yaml");
const tmp = () => mkdtempSync(join(tmpdir(), "entente-cli-"));

describe("entente run", () => {
  it("prints a forecast table for the flagship, with the reference point and chosen actors", async () => {
    const { code, stdout } = await runCli(["run", FLAGSHIP, "--show-actors", "trump,putin"]);
    expect(code).toBe(0);
    // Issues and actors by their short names (report/format.ts), not by id.
    for (const name of [
      "US sanctions on Russia",
      "US position on Crimea",
      "US human-rights sanctions",
      "US military support",
      "US missile defense in Europe",
      "US military commitment",
      "US–Russian military…",
      "EU economic sanctions",
      "Overall US–Russia…",
    ])
      expect(stdout).toContain(`│ ${name} `);
    expect(stdout).not.toMatch(/│ us-sanctions /);
    expect(stdout).toMatch(
      /ref\. point.*Donald Trump \(pos\.\).*Vladimir Putin \(pos\.\).*compromise.*expected-utility/,
    );
    expect(stdout).toMatch(
      /veto: Republican majority, Congressional Democrats; without: Vladimir Putin \+15\.9/,
    );
  });

  it("--format json carries every round's positions and moves", async () => {
    const { code, stdout } = await runCli([
      "run",
      EMISSION,
      "--format",
      "json",
      "--model",
      "expected-utility",
      "--rounds",
      "4",
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.entente).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.scenario.metadata.title).toBe("EC car emission standards");
    const issue = result.runs[0].issues[0];
    expect(issue.rounds).toHaveLength(4);
    expect(issue.rounds[0].positions).toHaveLength(10);
    expect(issue.rounds[0].moves[0]).toMatchObject({
      actor: "belgium",
      type: "compromise",
      with: "france",
    });
    expect(result.runs[0].options).toMatchObject({ rounds: 4, probability: "scholz" });
  });

  it("--format csv: one row per issue", async () => {
    const { stdout } = await runCli([
      "run",
      EMISSION,
      "-f",
      "csv",
      "-m",
      "compromise,weighted-median",
    ]);
    const [header, row] = stdout.trim().split("\n");
    expect(header).toBe(
      "issue,reference_point,headline,headline_50_low,headline_50_high,headline_90_low,headline_90_high,compromise,weighted-median",
    );
    expect(row).toMatch(/^issue,,7\.38995568685376[67],0,[\d.]+,0,[\d.]+,7\.38995568685376[67],7$/);
    const plain = await runCli([
      "run",
      EMISSION,
      "-f",
      "csv",
      "-m",
      "compromise,weighted-median",
      "--no-headline",
    ]);
    expect(plain.stdout.trim().split("\n")).toEqual([
      "issue,reference_point,compromise,weighted-median",
      "issue,,7.389955686853766,7", // capabilities reach the models as shares of the largest
    ]);
  });

  it("the headline leads the table and is a top-level array in JSON", async () => {
    const table = await runCli(["run", FLAGSHIP, "-t", "us-sanctions>=75"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[1]).toMatch(/^Headline: compromise model .* not forecasts we vouch for/);
    expect(table.stdout.indexOf("50% interval")).toBeLessThan(table.stdout.indexOf("status-quo"));
    expect(table.stdout).toMatch(/P\(>=75\) \d+\.\d%/);
    const { code, stdout } = await runCli([
      "run",
      FLAGSHIP,
      "-f",
      "json",
      "-t",
      "us-sanctions>=75",
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.headline).toHaveLength(9);
    const us = result.headline.find((h: { issue: string }) => h.issue === "us-sanctions");
    expect(us).toMatchObject({
      issue: "us-sanctions",
      model: "compromise",
      forecast: expect.any(Number),
      interval50: [expect.any(Number), expect.any(Number)],
      interval90: [expect.any(Number), expect.any(Number)],
      disagreement: { min: 0, max: 60 }, // strongest actor (putin) 0; weighted median 60
      thresholds: [{ threshold: "us-sanctions>=75", probability: expect.any(Number) }],
    });
    expect(us.decisiveActors.map((a: { actor: string }) => a.actor)).toContain("gop-congress");
    const bad = await runCli(["run", FLAGSHIP, "-t", "us-sanction>=75"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--threshold: unknown issue 'us-sanction'/);
  });

  it("runs a stakeholder CSV directly, and a decide file", async () => {
    expect((await runCli(["run", fixture("bdm/uk-emu-1998.csv")])).code).toBe(0);
    const d = await runCli([
      "run",
      fixture("decide/city-budget.tsv"),
      "-f",
      "csv",
      "-m",
      "compromise",
    ]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/budget,,/);
  });

  it("model options: set with --option, and bad values are named", async () => {
    const ok = await runCli([
      "run",
      EMISSION,
      "-m",
      "expected-utility",
      "-o",
      "expected-utility.probability=textbook",
      "-f",
      "json",
    ]);
    expect(JSON.parse(ok.stdout).runs[0].options.probability).toBe("textbook");
    const bad = await runCli([
      "run",
      EMISSION,
      "-m",
      "expected-utility",
      "-o",
      "expected-utility.probability=magic",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/options\.expected-utility\.probability/);
  });

  it("--output writes the file", async () => {
    const out = join(tmp(), "forecast.csv");
    expect((await runCli(["run", EMISSION, "-f", "csv", "--output", out])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^issue,reference_point/);
  });

  it("unknown model: exit 2 (a command-line mistake) with the list of models", async () => {
    const { code, stderr } = await runCli(["run", EMISSION, "--model", "oracle"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown model 'oracle'; known models: .*compromise/);
  });

  it("unknown actor in --show-actors: exit 1", async () => {
    const { code, stderr } = await runCli(["run", FLAGSHIP, "--show-actors", "obama"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown actor 'obama'/);
  });
});

describe("entente explain", () => {
  it("tells the rounds as sentences", async () => {
    const { code, stdout } = await runCli([
      "explain",
      EMISSION,
      "-m",
      "expected-utility",
      "--rounds",
      "2",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Round 1: forecast \(weighted median\) 8\.4/);
    expect(stdout).toMatch(
      /Belgium compromises with France: a challenge would cost Belgium -0\.115 while France expects 0\.243/,
    );
    expect(stdout).toMatch(/Luxembourg is confronted by Belgium and loses/);
  });

  it("needs --issue on a scenario with several issues, and checks it", async () => {
    expect((await runCli(["explain", FLAGSHIP])).stderr).toMatch(/name the issue to explain/);
    expect((await runCli(["explain", FLAGSHIP, "--issue", "nope"])).stderr).toMatch(
      /unknown issue 'nope'/,
    );
    const ok = await runCli(["explain", FLAGSHIP, "--issue", "us-sanctions"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/US sanctions on Russia/);
    expect(ok.stdout).toMatch(/Rounds 4–10 repeat the 2-round cycle of rounds 2–3/);
  });

  it("without -m leads with the headline and the decision rule (veto players, win set, pivots)", async () => {
    const { code, stdout } = await runCli(["explain", FLAGSHIP, "--issue", "us-sanctions"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^Headline: compromise model/);
    expect(lines[1]).toMatch(/^Headline forecast: 47\.0; 50% interval .*, 90% interval/);
    const rule = stdout.slice(stdout.indexOf("Decision rule"), stdout.indexOf("US sanctions on"));
    expect(rule).toMatch(/quota 60/);
    expect(rule).toMatch(/Win set of 50\.0 .*\[50\.0, 100\.0\]/);
    expect(rule).toMatch(/Veto players .*: Republican majority, Congressional Democrats/);
    expect(rule).toMatch(/pivot Republican majority/);
    // At most 45 lines: the single models without a narrator share one line.
    expect(lines.filter((l, k) => k < lines.length - 1 || l !== "").length).toBeLessThanOrEqual(45);
    expect(stdout).toMatch(
      /^Forecasts: status-quo 50\.0, compromise 47\.0, weighted-median 60\.0, strongest-actor 0\.0\.$/m,
    );
  });
});

describe("entente advise", () => {
  it("ranks whom to persuade, with the threshold's shift, who blocks, JSON and a chart", async () => {
    const dir = tmp();
    const svg = join(dir, "advice.svg");
    const table = await runCli([
      "advise",
      FLAGSHIP,
      "--actor",
      "putin",
      "--issue",
      "us-sanctions",
      "-t",
      "us-sanctions<40",
      "--svg",
      svg,
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /US sanctions on Russia over Ukraine and Crimea: Vladimir Putin at 0\.0; headline 47\.0/,
    );
    expect(table.stdout).toMatch(/│ 1\s+│ Republican majority\s+│ 80\.0 → 70\.0/);
    expect(table.stdout).toMatch(/Blocking: Republican majority, Congressional Democrats/);
    expect(readFileSync(svg, "utf8")).toMatch(/^<\?xml[\s\S]*<svg/);
    const json = await runCli([
      "advise",
      FLAGSHIP,
      "--actor",
      "putin",
      "--to-client",
      "-f",
      "json",
    ]);
    const advice = JSON.parse(json.stdout);
    expect(advice.move).toBe("to-client");
    expect(advice.issues.length).toBeGreaterThan(5);
    for (const issue of advice.issues)
      for (let k = 1; k < issue.levers.length; k++)
        expect(issue.levers[k - 1].effect).toBeGreaterThanOrEqual(issue.levers[k].effect);
    const bad = await runCli(["advise", FLAGSHIP, "--actor", "obama"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--actor: unknown actor 'obama'/);
  });
});

describe("entente validate", () => {
  it("accepts the flagship and every example", async () => {
    const { code, stdout } = await runCli(["validate", FLAGSHIP]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/valid — 13 actors, 9 issues/);
  });

  it("lists every problem with file and line, exit 1", async () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      readFileSync(EMISSION, "utf8")
        .replace("capability: 0.08", "capability: -0.08")
        .replace("position: 10", "position: 1000"),
    );
    const { code, stderr } = await runCli(["validate", file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/2 problems/);
    expect(stderr).toMatch(
      new RegExp(`bad\\.yaml:\\d+:\\d+ actors\\[0\\]\\.capability: must not be negative`),
    );
    expect(stderr).toMatch(/position 1000 of 'france' is off the scale/);
  });
});

describe("entente convert", () => {
  it("converts between YAML, JSON, stakeholder CSV and decide", async () => {
    const dir = tmp();
    expect((await runCli(["convert", EMISSION, join(dir, "e.json")])).code).toBe(0);
    expect((await runCli(["convert", join(dir, "e.json"), join(dir, "e.csv")])).code).toBe(0);
    expect(readFileSync(join(dir, "e.csv"), "utf8")).toMatch(
      /^Actor,Capability,Position,Salience\nNetherlands,0\.08,4,0\.8/,
    );
    expect(
      (await runCli(["convert", join(dir, "e.csv"), join(dir, "e.txt"), "--to", "decide"])).code,
    ).toBe(0);
    expect((await runCli(["convert", join(dir, "e.txt"), join(dir, "back.yaml")])).code).toBe(0);
    const a = await runCli(["run", EMISSION, "-f", "csv"]);
    const b = await runCli(["run", join(dir, "back.yaml"), "-f", "csv"]);
    expect(b.stdout).toBe(a.stdout);
  });

  it("a one-issue format needs --issue for a multi-issue scenario; a .csv of several issues is a scenario CSV", async () => {
    const { code, stderr } = await runCli([
      "convert",
      FLAGSHIP,
      join(tmp(), "x.csv"),
      "--to",
      "stakeholder-csv",
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/holds one issue.*--issue/);
    const out = join(tmp(), "x.csv");
    const csv = await runCli(["convert", FLAGSHIP, out]);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toMatch(/wrote .*x\.csv \(scenario-csv\)/);
    expect(csv.stderr).toMatch(/warning: scenario-csv drops or changes issues\.rule/);
    expect(readFileSync(out, "utf8").split("\n")[0]).toMatch(/^Issue ID,Issue,Actor ID,Actor/);
  });
});

describe("usage", () => {
  it("--help everywhere, exit 0", async () => {
    for (const args of [
      ["--help"],
      ["run", "--help"],
      ["explain", "--help"],
      ["validate", "--help"],
      ["convert", "--help"],
      ["models", "--help"],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).toMatch(/Usage: entente/);
    }
  });

  it("command-line mistakes exit 2", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["run"])).code).toBe(2);
    expect((await runCli(["run", EMISSION, "--rounds", "zero"])).code).toBe(2);
    expect((await runCli(["run", EMISSION, "--format", "xml"])).code).toBe(2);
  });

  it("models lists the registry with options", async () => {
    const { stdout } = await runCli(["models"]);
    expect(stdout).toMatch(/expected-utility \(dynamic\)/);
    expect(stdout).toMatch(/--option expected-utility\.rounds=/);
  });
});

describe("SMP from the command line", () => {
  it("runs KTAB's CSV and explains an issue turn by turn", async () => {
    const run = await runCli([
      "run",
      fixture("ktab/dummyData_3Dim.csv"),
      "-m",
      "smp",
      "-f",
      "json",
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.runs[0].issues[0].rounds).toHaveLength(10);
    const explained = await runCli([
      "explain",
      fixture("ktab/dummyData_3Dim.csv"),
      "--issue",
      "pstn1",
      "-m",
      "smp",
    ]);
    expect(explained.stdout).toMatch(/Turn 1: expected outcome [\d.]+; \S.* [\d.]+→[\d.]+/);
    expect(explained.stdout).toMatch(/Every move as a sentence: --full/);
    const full = await runCli([
      "explain",
      fixture("ktab/dummyData_3Dim.csv"),
      "--issue",
      "pstn1",
      "-m",
      "smp",
      "--full",
    ]);
    expect(full.stdout).toMatch(
      /challenged .* \(expected gain \d\.\d{4}, estimating it prevails with probability/,
    );
  });

  it("takes KTAB's XML with its model parameters and seed", async () => {
    const { code, stdout } = await runCli([
      "run",
      fixture("ktab/smpExample-corrected.xml"),
      "-m",
      "smp",
      "-f",
      "json",
      "-o",
      "smp.maxTurns=3",
    ]);
    expect(code).toBe(0);
    const options = JSON.parse(stdout).runs[0].options;
    expect(options).toMatchObject({
      pce: "markov-incentive",
      votingRule: "prop-cbc",
      stateTransitions: "stochastic",
      seed: "03507583219545544127",
      maxTurns: 3,
    });
  });

  it("the shipped smpExample.xml's empty coordinate is a clear error", async () => {
    const { code, stderr } = await runCli(["validate", fixture("ktab/smpExample.xml")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/smpExample\.xml:32.*Alice.*dimension 1.*empty/);
  });
});
