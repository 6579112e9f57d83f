/**
 * Fuzzing every input format through the command line, in-process: broken versions
 * of a valid file of each format (see mutations.ts) go through `entente validate`
 * and `entente run`, and must end with exit 0 or 1, a located message naming the
 * file, never an internal error or a stack trace. The runs are seeded, so a failure
 * repeats; fast-check prints the shrunk input.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, it } from "vitest";
import fc from "fast-check";
import { broken, expectCleanOutcome, workdir } from "./mutations.js";
import { fixture, repoFile } from "../support/fixtures.js";
import { parseScenario } from "../../src/scenario/formats.js";
import { writeJsonScenario } from "../../src/scenario/native.js";

const dir = workdir();
afterAll(() => dir.done());

const yaml = readFileSync(repoFile("examples/emission-standards-ec.yaml"), "utf8");
const json = writeJsonScenario(parseScenario(yaml, "emission-standards-ec.yaml"));
const deuLines = readFileSync(repoFile("data/deu3-dev.tsv"), "utf8").split("\n");

const FORMATS: { name: string; file: string; text: string; from?: string }[] = [
  { name: "YAML scenario", file: "fuzz.yaml", text: yaml },
  { name: "JSON scenario", file: "fuzz.json", text: json },
  {
    name: "stakeholder CSV",
    file: "fuzz.csv",
    text: readFileSync(fixture("bdm/emission-standards-ec.csv"), "utf8"),
  },
  {
    name: "KTAB CSV",
    file: "fuzz-ktab.csv",
    text: readFileSync(fixture("ktab/dummyData_3Dim.csv"), "utf8"),
  },
  {
    name: "KTAB XML",
    file: "fuzz.xml",
    text: readFileSync(fixture("ktab/dummyData_3Dim.xml"), "utf8"),
  },
  {
    name: "decide",
    file: "fuzz.tsv",
    text: readFileSync(fixture("decide/city-budget.tsv"), "utf8"),
  },
];

describe("fuzz: broken files of every format through validate and run", () => {
  for (const f of FORMATS)
    it(`${f.name}: exit 0 or 1, a located message, never an internal error`, async () => {
      const file = dir.path(f.file);
      // The valid file itself passes.
      await expectCleanOutcome(file, f.text, (p) => ["validate", p]);
      await fc.assert(
        fc.asyncProperty(broken(f.text), fc.boolean(), async (text, run) => {
          await expectCleanOutcome(file, text, (p) =>
            run ? ["run", p, "-m", "compromise,expected-utility", "-f", "csv"] : ["validate", p],
          );
        }),
        {
          numRuns: Number(process.env.FUZZ_RUNS ?? 40),
          seed: Number(process.env.FUZZ_SEED ?? 2026),
        },
      );
    });

  it("with --from: a file read as a format it is not gives located problems too", async () => {
    const file = dir.path("fuzz-any.txt");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FORMATS.map((f) => f.text)),
        fc.constantFrom("yaml", "json", "stakeholder-csv", "ktab-csv", "ktab-xml", "decide"),
        async (text, from) => {
          await expectCleanOutcome(file, text, (p) => ["validate", p, "--from", from]);
        },
      ),
      { numRuns: 30, seed: 7 },
    );
  });

  it("DEU table (backtest): exit 0 or 1, a located message, never an internal error", async () => {
    const file = dir.path("fuzz-deu.tsv");
    const text = deuLines.slice(0, 6).join("\n") + "\n";
    await fc.assert(
      fc.asyncProperty(broken(text), async (t) => {
        await expectCleanOutcome(file, t, (p) => [
          "backtest",
          p,
          "--resamples",
          "10",
          "-m",
          "compromise",
          "--format",
          "json",
        ]);
      }),
      { numRuns: 25, seed: 11 },
    );
  });
});
