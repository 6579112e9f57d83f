/**
 * The exchange model against a reference run of decide-exchange-model (sample data:
 * equal gain, p = 0, 10 rounds, random.seed(1)), field by field (exchange-model.md §8,
 * §9): normalization, every round's start outcomes and positions, groups, candidate
 * counts, every realized exchange with both actors' figures, ties, voting and next
 * positions and outcomes, the final outcomes on both scales, all of round 1's
 * candidates and every random draw. Numbers are compared as exact decimals.
 *
 * The fixture holds the reference run's figures in our own layout (DATA-SOURCES.md).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/formats.js";
import { parseScenario } from "../../src/scenario/formats.js";
import { writeDecide } from "../../src/scenario/import/decide.js";
import { compileScenario } from "../../src/scenario/compile.js";
import { exchangeModel } from "../../src/models/exchange/model.js";
import { ExchangeOptions } from "../../src/models/exchange/options.js";
import { Dec } from "../../src/models/exchange/decimal.js";
import type {
  ExchangeActorRecord,
  ExchangeTrace,
  IssueActorValues,
} from "../../src/models/exchange/trace.js";
import type { Scenario } from "../../src/scenario/schema.js";

const dir = new URL("../fixtures/exchange/", import.meta.url);
const reference = JSON.parse(
  readFileSync(new URL("sample-data-equal.reference.json", dir), "utf8"),
) as Reference;

interface Reference {
  issues: [string, string, string, string][];
  actors: string[];
  exchange_side_fields: string[];
  final_fields: string[];
  rounds: {
    start_outcome: string[];
    start_positions: (string | null)[][];
    groups: [number, number, number[], number[], number[], number[]][];
    candidates: [number, number, number, number];
    exchanges: [
      number,
      number,
      number,
      string,
      string,
      number,
      number,
      boolean,
      (number | string)[],
      (number | string)[],
    ][];
    voting_outcome: string[];
    voting_positions: (string | null)[][];
    next_outcome: string[];
    next_positions: (string | null)[][];
  }[];
  final: string[][];
  round1_candidates: (number | string | boolean)[][];
  draws: [number, string, number[], number[], boolean, boolean, string, boolean][];
}

function runOn(scenario: Scenario, options: Record<string, unknown>): ExchangeTrace {
  const run = exchangeModel.run(compileScenario(scenario), ExchangeOptions.parse(options));
  return run.trace as ExchangeTrace;
}

/** Our trace in the fixture's layout (indices for actors and issues). */
function inFixtureLayout(
  t: ExchangeTrace,
): Omit<Reference, "exchange_side_fields" | "final_fields"> {
  const actors = t.actors.map((a) => a.id);
  const issues = t.issues.map((i) => i.id);
  const A = (id: string) => actors.indexOf(id);
  const I = (id: string) => issues.indexOf(id);
  const matrix = (p: IssueActorValues) => issues.map((k) => actors.map((a) => p[k][a] ?? null));
  const side = (s: ExchangeActorRecord): (number | string)[] => [
    A(s.actor),
    I(s.supply_issue),
    I(s.demand_issue),
    ...reference.exchange_side_fields.slice(3).map((f) => s[f as keyof ExchangeActorRecord]!),
  ];
  const id4 = (x: string[]) => [A(x[0]), I(x[1]), A(x[2]), I(x[3])];
  return {
    issues: t.issues.map((i) => [i.id, i.lower, i.upper, i.step_size]),
    actors,
    rounds: t.rounds.map((r) => ({
      start_outcome: issues.map((k) => r.start.nbs[k]),
      start_positions: matrix(r.start.positions),
      groups: r.groups.map((g) => [I(g.p), I(g.q), g.a.map(A), g.b.map(A), g.c.map(A), g.d.map(A)]),
      candidates: [r.candidates, r.candidates_valid, r.realized, r.ties],
      exchanges: r.exchanges.map((e) => [
        e.seq,
        I(e.p),
        I(e.q),
        e.groups,
        e.gain,
        e.removed_after,
        e.remaining_after,
        e.valid_at_end_of_round,
        side(e.i),
        side(e.j),
      ]),
      voting_outcome: issues.map((k) => r.voting.nbs[k]),
      voting_positions: matrix(r.voting.positions),
      next_outcome: issues.map((k) => r.next_start.nbs[k]),
      next_positions: matrix(r.next_start.positions),
    })),
    final: issues.map((k) =>
      reference.final_fields.map((f) => t.final[k][f as keyof (typeof t.final)[string]]),
    ),
    round1_candidates: t.round1_candidates.map((c) => [
      ...id4(c.id),
      c.groups,
      c.gain,
      c.valid,
      c.i_move,
      c.j_move,
      c.i_y,
      c.j_y,
    ]),
    draws: t.rng_trace.map((d) => [
      d.round,
      d.value,
      id4(d.popped!),
      id4(d.next!),
      d.popped_valid!,
      d.next_valid!,
      d.gain!,
      d.swap!,
    ]),
  };
}

const NUMBER = /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i;

/** Every differing leaf, with its path; numeric strings compared as exact decimals ("100.0" = "100"). */
function differences(expected: unknown, actual: unknown, path = "", out: string[] = []): string[] {
  if (out.length > 20) return out;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(
        `${path}: length ${Array.isArray(actual) ? actual.length : "-"} ≠ ${expected.length}`,
      );
      return out;
    }
    expected.forEach((x, i) => differences(x, actual[i], `${path}[${i}]`, out));
  } else if (expected !== null && typeof expected === "object") {
    for (const [k, v] of Object.entries(expected))
      differences(v, (actual as Record<string, unknown>)?.[k], `${path}.${k}`, out);
  } else if (typeof expected === "string" && NUMBER.test(expected)) {
    if (typeof actual !== "string" || !NUMBER.test(actual) || !new Dec(expected).eq(actual))
      out.push(`${path}: ${String(actual)} ≠ ${expected}`);
  } else if (expected !== actual) out.push(`${path}: ${String(actual)} ≠ ${String(expected)}`);
  return out;
}

describe("exchange model: the decide-exchange-model reference run (sample data, equal gain, seed 1)", async () => {
  const scenario = await loadScenario(new URL("sample-data.yaml", dir).pathname);
  const trace = runOn(scenario, { p: 0, seed: 1, rounds: 10 });
  const ours = inFixtureLayout(trace);

  it("normalizes the issues as the program does (step 100 / (upper − lower))", () => {
    expect(differences(reference.issues, ours.issues)).toEqual([]);
    expect(ours.actors).toEqual(reference.actors);
  });

  it("reproduces every candidate exchange of round 1 (roles, gains, validity, moves)", () => {
    expect(differences(reference.round1_candidates, ours.round1_candidates)).toEqual([]);
  });

  it.each(reference.rounds.map((_, r) => r))(
    "reproduces round %i field by field (start, groups, counts, exchanges, voting, next start)",
    (r) => {
      expect(differences(reference.rounds[r], ours.rounds[r], `rounds[${r}]`)).toEqual([]);
    },
  );

  it("reproduces the final outcomes on the internal scale and on each issue's own scale", () => {
    expect(differences(reference.final, ours.final)).toEqual([]);
  });

  it("draws the same random numbers for the same ties, with the same outcome", () => {
    expect(ours.draws.length).toBe(17);
    expect(differences(reference.draws, ours.draws)).toEqual([]);
  });

  it("double precision (`arithmetic: double`) holds only round 1's candidates, to 1e-9 (spec §9.3)", () => {
    const fast = inFixtureLayout(
      runOn(scenario, { p: 0, seed: 1, rounds: 1, arithmetic: "double" }),
    );
    expect(fast.round1_candidates.length).toBe(reference.round1_candidates.length);
    fast.round1_candidates.forEach((c, k) => {
      const ref = reference.round1_candidates[k];
      expect(c.slice(0, 5)).toEqual(ref.slice(0, 5)); // the same exchange, same roles
      expect(c[6]).toBe(ref[6]); // validity
      for (const f of [5, 7, 8, 9, 10])
        expect(Math.abs(Number(c[f]) - Number(ref[f]))).toBeLessThan(1e-9);
    });
  });

  it("gives the same run from the decide format (written and read back)", () => {
    const text = writeDecide(scenario);
    const again = runOn(parseScenario(text, "sample.dat", { format: "decide" }), {
      p: 0,
      seed: 1,
      rounds: 10,
    });
    // The importer lower-cases the keys into ids; the figures are the same.
    const lower = (x: unknown) => JSON.stringify(x).toLowerCase();
    expect(lower(again.final)).toBe(lower(trace.final));
    expect(lower(again.rounds)).toBe(lower(trace.rounds));
  });
});
