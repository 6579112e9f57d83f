/**
 * Output for people (issue 16, item 3): names rather than ids, decimals from the
 * scale, summarised sensitivity and explain, SMP's actors without a stake, and
 * compare marking differences within a model's own spread.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { fixture, repoFile } from "../support/fixtures.js";

const FLAGSHIP = repoFile("scenarios/us-russia-reset-2016.yaml");
const FARES = fixture("people/fares-0-4.yaml");
const HONDURAS = repoFile("examples/honduras-nicaragua.yaml");

describe("sensitivity, summarised", () => {
  it("prints per issue the inputs that move a forecast most, by name, and collapses what does not move", async () => {
    const { code, stdout } = await runCli(["sensitivity", FLAGSHIP]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThan(130); // 430 before
    expect(stdout).not.toMatch(/no input moves this forecast/);
    expect(stdout.match(/^No input moves status-quo on any issue\.$/gm)).toHaveLength(1);
    expect(stdout).toMatch(/Donald Trump's position on US sanctions on Russia\s+│ 10\.0 → 30\.0/);
    expect(stdout).not.toMatch(/\btrump position\b|\bputin capability\b/);
    // Nine issues, each at most 5 inputs.
    expect(stdout.match(/ — baseline: /g)).toHaveLength(9);
  });

  it("--full prints every tornado, still by name", async () => {
    const { code, stdout } = await runCli([
      "sensitivity",
      FLAGSHIP,
      "-m",
      "status-quo,compromise",
      "--issue",
      "us-sanctions",
      "--full",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /status-quo on US sanctions on Russia .* — baseline 50\.0\n {2}no input moves/,
    );
    expect(stdout).toMatch(/compromise on US sanctions on Russia .* — baseline 47\.0/);
    expect(stdout).not.toMatch(/more inputs move/); // --full shows all
    expect(stdout).toMatch(/Vladimir Putin's capability/);
  });
});

describe("decimals from the scale", () => {
  it("a 0–4 scale prints two decimals, and a difference that rounds to zero never reads −0.0", async () => {
    const { code, stdout } = await runCli(["compare", FARES, "-m", "compromise"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /│ Single fare for a ride │ compromise │ 2\.96 +│ 2\.96 +│ −0\.0002 │ 2\.96 +│ ±0 +│/,
    );
    expect(stdout).not.toMatch(/[−-]0\.0+ /);
    // Names in the what-ifs' descriptions; the issue's short name in the table.
    expect(stdout).toMatch(/Riders' association capability × 1\.1/);
  });

  it("a 0–1 scale prints three decimals", async () => {
    const { code, stdout } = await runCli(["run", HONDURAS, "-m", "compromise,weighted-median"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ Position in the crisis │ –\s+│ 0\.501\s+│ 0\.500\s+│/);
  });
});

describe("SMP and actors without a stake", () => {
  it("explain says who has no stake and what KTAB's rules do with them", async () => {
    const { code, stdout } = await runCli([
      "explain",
      FLAGSHIP,
      "--issue",
      "us-sanctions",
      "-m",
      "smp",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /Without a stake here: US defense industry, .*NATO as an alliance.*\. They take part with salience 0; under KTAB's rules .* they adopt the positions of those they bargain with here/,
    );
    // One line per turn, the actors without a stake starred.
    expect(stdout).toMatch(
      /^ {2}Turn 2: expected outcome 74\.4; .*NATO as an alliance\* 50\.0→85\.0/m,
    );
    expect(stdout.split("\n").length).toBeLessThan(45);
    const run = await runCli(["run", FLAGSHIP, "-m", "smp"]);
    expect(run.stdout).toMatch(
      /actors without a stake on an issue take part with salience 0 there; under KTAB's rules/,
    );
  });
});

describe("compare: differences within a model's own spread", () => {
  it("marks with ~ the what-ifs whose forecast lies inside the baseline's 90% interval under noise", async () => {
    const { code, stdout } = await runCli([
      "compare",
      FLAGSHIP,
      "-m",
      "compromise,smp",
      "-n",
      "40",
      "-w",
      "1",
      "--no-progress",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/~: within the baseline's 90% interval under input noise \(40 draws\)/);
    // SMP's fall on US sanctions is inside its own spread under every what-if.
    expect(stdout).toMatch(
      /US sanctions on Russia\s+│ smp\s+│ 79\.6\s+│ 63\.9\s+│ ~−15\.6 │ 65\.1\s+│ ~−14\.5 │ 63\.7\s+│ ~−15\.9 │/,
    );
    // The compromise model's −6.0 under a weaker Congress stands out of its spread.
    expect(stdout).toMatch(/US sanctions on Russia\s+│ compromise │ 47\.0\s+│ 41\.0\s+│ −6\.0 /);
    const plain = await runCli(["compare", FLAGSHIP, "-m", "compromise"]);
    expect(plain.stdout).not.toMatch(/~/);
  });
});
