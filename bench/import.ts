/**
 * Benchmark of reading input: a table of 20,000 actors in every format entente reads
 * (generated, the same numbers in each), and the validation of a 10 MB YAML scenario.
 * Each figure is the median of a few runs of `parseInput` (format detection,
 * parsing, the importer's checks and the scenario's validation), after one warm-up.
 * KTAB's own rules allow 3 to 250 actors: its 20,000-actor files are read and checked
 * in full and then refused by that rule, which is timed as such.
 *
 * Run alone: `npx tsx bench/import.ts`.
 */
import { fileURLToPath } from "node:url";
import { parseInput, type Format } from "../src/scenario/formats.js";
import { writeJsonScenario, writeYamlScenario } from "../src/scenario/native.js";
import { writeDecide } from "../src/scenario/import/decide.js";
import { writeStakeholderCsv } from "../src/scenario/import/stakeholder-csv.js";
import { InputError } from "../src/scenario/problems.js";
import type { Scenario } from "../src/scenario/schema.js";
import { median, timeMs } from "./timing.js";

/** n actors on `issues` issues, positions and saliences spread deterministically. */
function generated(n: number, issues: number, rationale = ""): Scenario {
  const ids = Array.from({ length: issues }, (_, k) => `issue-${k + 1}`);
  return {
    entente: 1,
    metadata: { title: `Generated, ${n} actors` },
    actors: Array.from({ length: n }, (_, i) => ({
      id: `actor-${i + 1}`,
      name: `Actor ${i + 1}`,
      capability: 1 + ((i * 7919) % 1000) / 10,
    })),
    issues: ids.map((id, k) => ({ id, name: `Issue ${k + 1}`, scale: { low: 0, high: 100 } })),
    stances: Array.from({ length: n * issues }, (_, c) => {
      const i = Math.floor(c / issues);
      const k = c % issues;
      return {
        actor: `actor-${i + 1}`,
        issue: ids[k],
        position: (i * 37 + k * 11) % 101,
        salience: Math.floor(100 / issues) - ((i + k) % 3),
        ...(rationale ? { rationale: `${rationale} ${i}/${k}` } : {}),
      };
    }),
  };
}

function ktabCsv(n: number): string {
  const lines = [`Generated,20000 actors,${n},1,`, "Actor,Description,Power,Issue,Issue Salience,"];
  for (let i = 0; i < n; i++)
    lines.push(`Actor ${i + 1},,${1 + ((i * 7919) % 1000) / 10},${(i * 37) % 101},50,`);
  return lines.join("\n") + "\n";
}

function ktabXml(n: number): string {
  const actors: string[] = [];
  for (let i = 0; i < n; i++)
    actors.push(
      `<Actor><name>Actor ${i + 1}</name><description/><capability>${1 + ((i * 7919) % 1000) / 10}</capability>` +
        `<Position><dCoord>${(i * 37) % 101}</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>`,
    );
  return `<?xml version="1.0"?>\n<Scenario><name>Generated</name><desc/><prngSeed>1</prngSeed>\n<Dimensions><dName>Issue</dName></Dimensions>\n<Actors>\n${actors.join("\n")}\n</Actors></Scenario>\n`;
}

function time(
  text: string,
  file: string,
  format: Format,
  runs: number,
): { ms: number; refused?: string } {
  let refused: string | undefined;
  const once = () => {
    try {
      parseInput(text, file, { format });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      refused = e.problems[0]?.message;
    }
  };
  once();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push(timeMs(once));
  return { ms: median(times), refused };
}

export async function benchImport(runs = 3): Promise<void> {
  const n = 20_000;
  const one = generated(n, 1);
  const inputs: { label: string; file: string; format: Format; text: string }[] = [
    { label: "YAML", file: "big.yaml", format: "yaml", text: writeYamlScenario(one) },
    { label: "JSON", file: "big.json", format: "json", text: writeJsonScenario(one) },
    {
      label: "stakeholder CSV",
      file: "big.csv",
      format: "stakeholder-csv",
      text: writeStakeholderCsv(one),
    },
    { label: "decide", file: "big.tsv", format: "decide", text: writeDecide(one) },
    { label: "KTAB CSV", file: "big-ktab.csv", format: "ktab-csv", text: ktabCsv(n) },
    { label: "KTAB XML", file: "big.xml", format: "ktab-xml", text: ktabXml(n) },
  ];
  console.log(
    `\nImport of ${n.toLocaleString("en")} actors, one issue (median of ${runs} runs after a warm-up)`,
  );
  for (const input of inputs) {
    const { ms, refused } = time(input.text, input.file, input.format, runs);
    console.log(
      `  ${input.label.padEnd(16)} ${(input.text.length / 1e6).toFixed(1).padStart(5)} MB  ${ms.toFixed(0).padStart(6)} ms` +
        (refused ? `  (read in full, then refused: ${refused})` : ""),
    );
  }
  // A 10 MB scenario: 20,000 actors on 5 issues, every stance with a rationale.
  const big = writeYamlScenario(generated(n, 5, "Because of the position paper of"));
  const tenMb =
    big.length >= 10e6 ? big : big + `# ${"padding ".repeat((10e6 - big.length) / 9)}\n`;
  const { ms, refused } = time(tenMb, "ten-mb.yaml", "yaml", runs);
  console.log(
    `Validation of a ${(tenMb.length / 1e6).toFixed(1)} MB YAML scenario (20,000 actors × 5 issues, rationales): ${ms.toFixed(0)} ms` +
      (refused ? ` (refused: ${refused})` : ""),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchImport();
