/**
 * The expected-utility model in words (models.md §2): the start, then every round
 * as sentences (who challenged, compromised with or gave in to whom, and the
 * expected utilities behind it), until the rounds enter a cycle; the rounds that
 * only repeat the cycle are folded into one line that says who alternates between
 * which positions and what the forecast does, and lines that would repeat the
 * previous round's (the spread of risk exponents) are left out.
 * Plain data in, lines of text out.
 */
import type { IssueRun } from "../models/types.js";
import type {
  CycleAlternation,
  ExpectedUtilityCycle,
  ExpectedUtilityMove,
  ExpectedUtilityRound,
} from "../models/expected-utility.js";
import { formatNumber } from "./format.js";

/** Actors named in a folded cycle's line before "and N others". */
const NAMED_ALTERNATIONS = 4;

type Num = (x: number | null | undefined) => string;

/** Positions and forecasts with `decimals` (the issue's, format.ts `decimalsForScale`). */
export function explainExpectedUtility(
  result: IssueRun,
  name: (id: string) => string,
  decimals = 1,
): string[] {
  const num: Num = (x) => formatNumber(x, decimals);
  const out: string[] = [];
  const rounds = (result.rounds ?? []) as ExpectedUtilityRound[];
  const actors = result.actors ?? [];
  const cycle = result.cycle as ExpectedUtilityCycle | undefined;
  out.push(
    `  Start: weighted median ${median(num, result.initialForecast as number, result.initialMedianTie as [number, number] | undefined)}, weighted mean ${num(result.initialMean as number)}.`,
  );
  // Rounds shown one by one: up to the first period of a cycle (for a fixed point,
  // up to the state that stays).
  const shown =
    cycle === undefined
      ? rounds.length
      : Math.min(rounds.length, cycle.firstRound + (cycle.period === 1 ? 0 : cycle.period));
  let lastExponents = "";
  for (const round of rounds.slice(0, shown)) {
    out.push(
      `  Round ${round.round}: forecast (weighted median) ${median(num, round.median, round.medianTie)}, weighted mean ${num(round.mean)}.`,
    );
    const exponents = exponentLine(round, actors, name);
    if (exponents !== undefined && exponents !== lastExponents) out.push(`    ${exponents}`);
    lastExponents = exponents ?? "";
    if (round.moves.length === 0)
      out.push("    Nobody moves: no actor receives an offer it prefers to its position.");
    for (const m of round.moves as ExpectedUtilityMove[]) out.push(`    ${sentence(num, m, name)}`);
  }
  if (cycle !== undefined) out.push(`  ${foldedCycle(num, cycle, rounds, shown, name)}`);
  return out;
}

/** A median, with the range where it is not unique. */
function median(num: Num, value: number, tie: [number, number] | undefined): string {
  return tie === undefined
    ? num(value)
    : `${num(value)} (not unique: anything from ${num(tie[0])} to ${num(tie[1])} splits the weight in half)`;
}

/** The spread of a round's risk exponents in words, if they are not all one. */
function exponentLine(
  round: ExpectedUtilityRound,
  actors: string[],
  name: (id: string) => string,
): string | undefined {
  const exponents = round.riskExponents
    .map((r, i) => ({ r, actor: actors[i] }))
    .sort((a, b) => a.r - b.r);
  if (exponents.length < 2 || exponents[0].r === exponents[exponents.length - 1].r)
    return undefined;
  const low = exponents[0];
  const high = exponents[exponents.length - 1];
  return (
    `Risk exponents run from ${formatNumber(low.r, 2)} (${name(low.actor)}, most willing to take risks) ` +
    `to ${formatNumber(high.r, 2)} (${name(high.actor)}, most cautious).`
  );
}

/**
 * One line for the rounds after the first period of a cycle: which rounds repeat
 * which, who alternates between which positions, and the forecast over the cycle
 * with the value the model reports.
 */
function foldedCycle(
  num: Num,
  cycle: ExpectedUtilityCycle,
  rounds: ExpectedUtilityRound[],
  shown: number,
  name: (id: string) => string,
): string {
  const total = rounds.length;
  const span = (a: number, b: number) => (a === b ? `Round ${a}` : `Rounds ${a}–${b}`);
  if (cycle.period === 1) {
    const from = cycle.firstRound + 1;
    if (from > total) return "The positions have settled.";
    const still = rounds.slice(cycle.firstRound).every((r) => r.moves.length === 0);
    const state = cycle.firstRound === 0 ? "as they started" : `as after round ${cycle.firstRound}`;
    return (
      `${span(from, total)}: ${still ? "nobody moves" : "the positions no longer change (by more than 1e-9 of the scale)"}; ` +
      `the positions stay ${state} and the forecast at ${num(cycle.forecasts[0])}.`
    );
  }
  const first = cycle.firstRound + 1;
  const period = `${cycle.period}-round cycle`;
  const head =
    shown < total
      ? `${span(shown + 1, total)} repeat the ${period} of rounds ${first}–${shown}`
      : `From round ${first} the rounds repeat a ${period}`;
  // Actors that do the same are named together.
  const groups = new Map<string, string[]>();
  for (const a of cycle.alternation) {
    const what = alternation(num, a, name);
    groups.set(what, [...(groups.get(what) ?? []), name(a.actor)]);
  }
  const movers = [...groups].slice(0, NAMED_ALTERNATIONS).map(([what, who]) => {
    const plural = who.length > 1;
    return `${list(who)} ${plural ? what.replace(/^(\w+)s /, "$1 ").replace(/^follows /, "follow ") : what}`;
  });
  const others = [...groups].slice(NAMED_ALTERNATIONS).reduce((n, [, who]) => n + who.length, 0);
  if (others > 0) movers.push(`${others} other actor${others === 1 ? " moves" : "s move"} as well`);
  const [lo, hi] = cycle.forecastRange;
  const forecast =
    lo === hi
      ? `the forecast stays at ${num(lo)}`
      : cycle.period === 2
        ? `the forecast alternates between ${num(cycle.forecasts[0])} and ${num(cycle.forecasts[1])} (reported: their mean, ${num(cycle.meanForecast)})`
        : `the forecast cycles through ${list(cycle.forecasts.map((f) => num(f)))} (reported: their mean, ${num(cycle.meanForecast)})`;
  return `${head}: ${[...movers, forecast].join("; ")}.`;
}

/**
 * What an actor does over a cycle, without its name: "alternates between
 * gop-congress's position (80.0) and putin's (0.0)", or "follows labour-pro-euro
 * (5.3, 6.0)" when it keeps taking the position of one other actor that moves.
 */
function alternation(num: Num, a: CycleAlternation, name: (id: string) => string): string {
  // Rounds without a move keep the place the last move reached.
  const moves = a.moves.flatMap((m, k) => (m === null ? [] : [{ ...m, at: a.positions[k] }]));
  const others = new Set(moves.map((m) => m.withIndex));
  if (others.size === 1 && moves.every((m) => m.type !== "compromise")) {
    const at = [...new Set(moves.map((m) => num(m.at)))];
    return `follows ${name(moves[0].with)} (${at.join(", ")})`;
  }
  const places: string[] = [];
  for (const m of moves) {
    const at = num(m.at);
    // "gop-congress's position (80.0) and putin's (0.0)": "position" said once.
    const position = places.some((p) => p.includes("'s position")) ? "'s" : "'s position";
    const place =
      m.type === "compromise"
        ? `a compromise with ${name(m.with)} (${at})`
        : `${name(m.with)}${position} (${at})`;
    if (!places.includes(place)) places.push(place);
  }
  const verb = places.length === 2 ? "alternates between" : "moves in turn to";
  return `${verb} ${list(places)}`;
}

/** "a and b", "a, b and c". */
function list(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** One move as a sentence. */
function sentence(num: Num, m: ExpectedUtilityMove, name: (id: string) => string): string {
  const who = name(m.actor);
  const other = name(m.with);
  const eu = formatNumber(m.eu, 3);
  const otherEu = formatNumber(m.otherEu, 3);
  const move = `moves from ${num(m.from)} to ${num(m.position)}`;
  switch (m.type) {
    case "confrontation":
      return (
        `${who} is confronted by ${other} and loses: both expect to gain from a challenge ` +
        `(${who} ${eu}, ${other} ${otherEu}) but ${other} more, so ${who} ${move}.`
      );
    case "compromise":
      return (
        `${who} compromises with ${other}: a challenge would cost ${who} ${eu} while ${other} expects ${otherEu} ` +
        `from challenging it, so ${who} gives ground in proportion (|${eu} / ${otherEu}|) and ${move}.`
      );
    case "capitulation":
      return (
        `${who} gives in to ${other}: a challenge would cost ${who} ${formatNumber(Math.abs(m.eu), 3)}, ` +
        `at least the ${otherEu} ${other} expects from challenging it, so ${who} takes ${other}'s position and ${move}.`
      );
  }
}
