/**
 * Conversions that keep meaning: every format that can hold a scenario gives it back
 * exactly, and for every other pair `conversionLosses` names a loss exactly when the
 * round trip changes something (property tests over random scenarios).
 */
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  parseInputBytes,
  serializeScenarioBytes,
  type AnyFormat,
} from "../../src/scenario/formats.js";
import { conversionLosses, FORMAT_CAPABILITIES } from "../../src/scenario/capabilities.js";
import { validateScenario } from "../../src/scenario/validate.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { runScenario } from "../../src/run.js";
import { repoFile } from "../support/fixtures.js";

const FILE: Record<string, string> = {
  yaml: "t.yaml",
  json: "t.json",
  xlsx: "t.xlsx",
  "scenario-csv": "t.csv",
  "stakeholder-csv": "t.csv",
  "ktab-csv": "t.csv",
  decide: "t.tsv",
};

async function roundTrip(s: Scenario, format: AnyFormat, issue?: string): Promise<Scenario> {
  const data = await serializeScenarioBytes(s, FILE[format], { format, issue });
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return (await parseInputBytes(bytes, FILE[format], { format })).scenario;
}

const noNegZero = (x: number) => (Object.is(x, -0) ? 0 : x);
const text = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,;.'"()&/-]{0,14}[A-Za-z0-9)]$/);
const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const num = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(noNegZero),
  );

/** Random valid scenarios: `full` adds every optional field the schema has. */
const scenarioArb = (full: boolean, canonical = false) =>
  fc
    .record({
      actorIds: fc.uniqueArray(id, { minLength: 3, maxLength: 6 }),
      issueIds: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
      names: fc.array(text, { minLength: 6, maxLength: 6 }),
      issueNames: fc.array(text, { minLength: 3, maxLength: 3 }),
      caps: fc.array(num(0, 1e6), { minLength: 6, maxLength: 6 }),
      scales: fc.array(
        fc.oneof(
          fc.constant({ low: 0, high: 100 }),
          fc
            .tuple(num(-100, 100), num(0.5, 200))
            .map(([low, w]) => ({ low, high: low + w }))
            .filter((s) => s.high > s.low),
        ),
        { minLength: 3, maxLength: 3 },
      ),
      cells: fc.array(
        fc.record({
          present: fc.boolean(),
          t: fc.double({ min: 0, max: 1, noNaN: true }),
          salience: num(0, 100),
          rationale: fc.option(text, { nil: undefined }),
          // The actor's own capability on the issue (a decide row's power).
          capability: fc.option(fc.oneof(fc.constant(0.5), num(0, 1e6)), { nil: undefined }),
        }),
        { minLength: 18, maxLength: 18 },
      ),
      ref: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), {
        minLength: 3,
        maxLength: 3,
      }),
      title: text,
      extras: fc.boolean(),
      description: fc.option(text, { nil: undefined }),
    })
    .map((r): Scenario => {
      const at = (scale: { low: number; high: number }, t: number) =>
        noNegZero(Math.min(scale.high, scale.low + t * (scale.high - scale.low)));
      const actors = r.actorIds.map((aid, i) => ({
        id: aid,
        name: r.names[i],
        capability: r.caps[i],
        ...(full && r.extras && i === 0 ? { description: "The first actor." } : {}),
      }));
      const issues = r.issueIds.map((iid, k) => ({
        id: iid,
        name: r.issueNames[k],
        scale: r.scales[k],
        ...(r.ref[k] !== undefined ? { referencePoint: at(r.scales[k], r.ref[k]!) } : {}),
        ...(canonical && r.extras && k === 0
          ? { rule: { type: "consensus" as const, vetoPlayers: r.actorIds.slice(0, 2) } }
          : {}),
        ...(full && r.extras
          ? {
              anchors: [
                { value: r.scales[k].low, label: "low end" },
                { value: r.scales[k].high, label: "high end" },
              ],
            }
          : {}),
      }));
      const stances: Scenario["stances"] = [];
      r.actorIds.forEach((aid, i) =>
        r.issueIds.forEach((iid, k) => {
          const c = r.cells[i * 3 + k];
          if (!c.present && !(i === 0 && k === 0) && !canonical) return;
          stances.push({
            actor: aid,
            issue: iid,
            position: at(r.scales[k], c.t),
            salience: c.salience,
            ...(c.rationale !== undefined ? { rationale: c.rationale } : {}),
            ...(full && c.capability !== undefined ? { capability: c.capability } : {}),
          });
        }),
      );
      const s: Scenario = {
        entente: 1,
        metadata: {
          title: canonical ? "t" : r.title,
          ...(r.description !== undefined && !canonical ? { description: r.description } : {}),
        },
        actors,
        issues,
        stances,
      };
      if (full && r.extras) {
        s.metadata.asOf = "2016-11-20";
        s.metadata.sources = ["A source", { title: "Another", url: "https://example.org" }];
        s.uncertainty = { positionNoise: 0.1 };
        s.defaultRule = { type: "consensus", vetoPlayers: [r.actorIds[0]] };
        s.whatIfs = [
          {
            id: "weaker",
            name: "Weaker first actor",
            changes: [{ op: "scale", actor: r.actorIds[0], field: "capability", by: 0.5 }],
          },
        ];
      }
      return s;
    })
    .filter((s) => validateScenario(s).ok);

describe("round trips that can hold everything are exact", () => {
  for (const format of ["yaml", "json", "xlsx"] as const)
    it(`${format}: any scenario, every field`, async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb(true), async (s) => {
          expect(conversionLosses(s, format)).toEqual([]);
          expect(await roundTrip(s, format)).toEqual(s);
        }),
        { numRuns: format === "xlsx" ? 40 : 100 },
      );
    });

  it("xlsx: the flagship, every field (rules, what-ifs, uncertainty, anchors, rationales)", async () => {
    const flagship = (
      await parseInputBytes(
        readFileSync(repoFile("scenarios/us-russia-reset-2016.yaml")),
        "flagship.yaml",
      )
    ).scenario;
    expect(await roundTrip(flagship, "xlsx")).toEqual(flagship);
  });

  it("scenario CSV: a scenario of what it holds (ids, names, scales, reference points, rationales)", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(false, true), async (s) => {
        expect(conversionLosses(s, "scenario-csv", { file: "t.csv" })).toEqual([]);
        expect(await roundTrip(s, "scenario-csv")).toEqual(s);
      }),
      { numRuns: 100 },
    );
  });
});

describe("lossy pairs: a loss is named exactly when the round trip changes something", () => {
  /** The scenario cut down to what decide holds (so that some round trips are exact). */
  const forDecide = (s: Scenario): Scenario => {
    // An actor's capability is the most common power of its rows (the first on a tie);
    // the rows whose power differs carry their own (as a decide file gives them back).
    const power = (t: Scenario["stances"][number]) =>
      t.capability ?? s.actors.find((a) => a.id === t.actor)!.capability;
    const common = new Map<string, number>();
    for (const a of s.actors) {
      const powers = s.stances.filter((t) => t.actor === a.id).map(power);
      const count = new Map<number, number>();
      let best = 0;
      for (const p of powers) {
        const n = (count.get(p) ?? 0) + 1;
        count.set(p, n);
        if (n > best) {
          best = n;
          common.set(a.id, p);
        }
      }
    }
    return {
      entente: 1,
      metadata: { title: s.metadata.title },
      actors: s.actors.map(({ id, name, capability }) => ({
        id,
        name,
        capability: common.get(id) ?? capability,
      })),
      issues: s.issues.map(({ id, name, scale, referencePoint, anchors }) => ({
        id,
        name,
        scale,
        ...(referencePoint !== undefined ? { referencePoint } : {}),
        ...(anchors ? { anchors } : {}),
      })),
      stances: s.stances.map((t) => ({
        actor: t.actor,
        issue: t.issue,
        position: t.position,
        salience: Math.max(1, Math.round(t.salience * 100) / 100), // decide refuses 0
        ...(power(t) !== common.get(t.actor) ? { capability: power(t) } : {}),
      })),
    };
  };

  for (const format of ["scenario-csv", "decide", "ktab-csv", "stakeholder-csv"] as const)
    it(format, async () => {
      let exact = 0;
      await fc.assert(
        fc.asyncProperty(scenarioArb(true), fc.boolean(), async (s, canonical) => {
          const scenario = !canonical
            ? s
            : format === "decide"
              ? forDecide(s)
              : { ...s, metadata: { title: "t" } };
          const issue = format === "stakeholder-csv" ? scenario.issues[0].id : undefined;
          if (
            format === "decide" &&
            scenario.stances.some((x) => Number((x.salience / 100).toPrecision(12)) === 0)
          ) {
            // decide files refuse zero saliences (the exchange model divides by them).
            expect(() => conversionLosses(scenario, format, { file: FILE[format] })).toThrow(
              /cannot hold a salience of 0/,
            );
            return;
          }
          const losses = conversionLosses(scenario, format, { issue, file: FILE[format] });
          const back = await roundTrip(scenario, format, issue);
          const same = isDeepStrictEqual(back, scenario); // key order aside (validation gives the schema's)
          if (same) exact++;
          if ((losses.length === 0) !== same)
            expect({ losses, back }).toEqual({ losses: same ? [] : ["something"], back: scenario });
        }),
        { numRuns: 60 },
      );
      // Not vacuous: round trips that can be exact are seen, and are found exact.
      if (format === "decide") expect(exact).toBeGreaterThan(0);
    });

  it("the capability table covers every format", () => {
    expect(Object.keys(FORMAT_CAPABILITIES).sort()).toEqual([
      "decide",
      "json",
      "ktab-csv",
      "ktab-xml",
      "scenario-csv",
      "stakeholder-csv",
      "xlsx",
      "yaml",
    ]);
  });
});

describe("the flagship through decide and KTAB", () => {
  const load = async () =>
    (
      await parseInputBytes(
        readFileSync(repoFile("scenarios/us-russia-reset-2016.yaml")),
        "flagship.yaml",
      )
    ).scenario;
  const forecast = (s: Scenario, model: string, issue: string) =>
    runScenario(s, { models: [model] }).runs[0].issues.find((i) => i.issue === issue)!.forecast!;

  it("decide keeps reference points, so SMP keeps its forecast (79.6 on US sanctions)", async () => {
    const s = await load();
    const back = await roundTrip(s, "decide");
    expect(back.issues.map((i) => i.referencePoint)).toEqual(s.issues.map((i) => i.referencePoint));
    expect(forecast(back, "smp", "us-sanctions")).toBeCloseTo(
      forecast(s, "smp", "us-sanctions"),
      9,
    );
    expect(forecast(back, "compromise", "us-sanctions")).toBe(
      forecast(s, "compromise", "us-sanctions"),
    );
    const fields = conversionLosses(s, "decide").map((l) => l.field);
    expect(fields).toEqual(
      expect.arrayContaining(["issues.rule", "defaultRule", "whatIfs", "stances.rationale"]),
    );
    expect(fields).not.toContain("issues.referencePoint");
  });

  it("KTAB CSV keeps SMP and says why the compromise moves (saliences scaled to sum to 100)", async () => {
    const s = await load();
    const back = await roundTrip(s, "ktab-csv");
    const smp = (x: Scenario) => forecast(x, "smp", x.issues[0].id);
    expect(smp(back)).toBeCloseTo(smp(s), 6);
    expect(forecast(back, "compromise", back.issues[0].id)).not.toBeCloseTo(
      forecast(s, "compromise", "us-sanctions"),
      1,
    );
    const salience = conversionLosses(s, "ktab-csv").find((l) => l.field === "stances.salience");
    expect(salience?.message).toMatch(/scaled to sum to 100.*compromise/);
    expect(conversionLosses(s, "ktab-csv").map((l) => l.field)).toContain("issues.referencePoint");
  });
});
