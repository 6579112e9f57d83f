/**
 * docs/rules-and-what-ifs.md documents the decision-rule and what-if syntax with
 * examples; these tests run them, so the document cannot drift from the code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./support/cli.js";
import { repoFile } from "./support/fixtures.js";
import { validateScenario } from "../src/scenario/validate.js";
import { DecisionRule } from "../src/scenario/rules.js";
import type { Scenario } from "../src/scenario/schema.js";

const doc = readFileSync(repoFile("docs/rules-and-what-ifs.md"), "utf8");
const yamlBlocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const commandBlock = [...doc.matchAll(/^```\n([\s\S]*?)^```$/gm)]
  .map((m) => m[1])
  .find((b) => b.startsWith("entente compare"));

function exampleFile(): { file: string; scenario: Scenario } {
  const dir = mkdtempSync(join(tmpdir(), "entente-syntax-"));
  const file = join(dir, "rail.yaml");
  writeFileSync(file, yamlBlocks[0]);
  const result = validateScenario(parse(yamlBlocks[0]));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { file, scenario: result.scenario };
}

describe("docs/rules-and-what-ifs.md", () => {
  it("its complete example is a valid scenario with both kinds of rule and every what-if op", () => {
    const { scenario } = exampleFile();
    expect(scenario.issues.map((i) => i.rule?.type)).toEqual(["vote", "consensus"]);
    const ops = new Set(scenario.whatIfs?.flatMap((w) => w.changes.map((c) => c.op)));
    expect([...ops].sort()).toEqual(["merge", "remove", "scale", "set"]);
  });

  it("its rule snippets are valid decision rules", () => {
    const snippets = yamlBlocks.slice(1);
    expect(snippets.length).toBeGreaterThan(0);
    for (const block of snippets) {
      // Each snippet holds one or more `rule:` keys, one per example: split on them.
      const all = block
        .split(/^(?=rule:)/m)
        .filter((s) => s.trim().startsWith("rule:"))
        .map((s) => (parse(s) as { rule: unknown }).rule);
      expect(all.length).toBeGreaterThan(0);
      for (const rule of all)
        expect(DecisionRule.safeParse(rule).success, JSON.stringify(rule)).toBe(true);
    }
  });

  it("entente compare runs every what-if of the example, and each one moves some forecast", async () => {
    const { file, scenario } = exampleFile();
    const { code, stdout } = await runCli(["compare", file, "-m", "compromise,smp", "-f", "json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      rows: { whatIfs: Record<string, { difference: number | null }> }[];
    };
    for (const whatIf of scenario.whatIfs ?? []) {
      const moves = out.rows.map((r) => Math.abs(r.whatIfs[whatIf.id]?.difference ?? 0));
      expect(Math.max(...moves), whatIf.id).toBeGreaterThan(0.05);
    }
  });

  it("the command lines it shows run", async () => {
    const { file } = exampleFile();
    expect(commandBlock).toBeDefined();
    const lines = commandBlock!.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const args = line
        .replace(/^entente /, "")
        .match(/'[^']*'|\S+/g)!
        .map((a) => a.replace(/^'|'$/g, "").replace("rail.yaml", file));
      if (args.includes("-n")) args.push("-w", "1");
      const { code, stderr } = await runCli(args);
      expect(code, `${line}\n${stderr}`).toBe(0);
    }
  });

  it("the README points to it", () => {
    expect(readFileSync(repoFile("README.md"), "utf8")).toContain("docs/rules-and-what-ifs.md");
  });
});
