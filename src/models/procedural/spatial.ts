/**
 * The spatial theory of procedures on one dimension: which changes of the reference
 * point a decision rule lets pass, who blocks the others, which points no coalition
 * can overturn, and what an agenda setter proposes.
 *
 * Preferences. Each actor `i` has an ideal point `x_i` and a symmetric
 * single-peaked utility (it prefers the nearer of two points). It weakly prefers `y`
 * to the reference point `rp` exactly when `|y − x_i| <= |rp − x_i|`: the interval
 * between `rp` and its reflection `2x_i − rp`.
 *
 * Rules as simple games. A rule (see `src/scenario/rules.ts`) is turned into a
 * monotone simple game: a coalition `S` passes a change when it satisfies some
 * decision *path*: the base path (every vote of the rule won, every veto player in
 * `S`) or an override path (the base vote and the override's vote won, every veto
 * player the override does not remove in `S`). Winning is monotone: adding members
 * never makes a passing coalition fail.
 *
 * The win set `W(rp)`: the points some passing coalition prefers to `rp`. The
 * supporters of a move from `rp` up to `y` are the actors with `x_i >= (rp + y)/2`,
 * an upper set by ideal. So, with `U(v) = {i : x_i >= v}`, let `v⁺` be the largest
 * ideal with `U(v⁺)` passing: the *pivot* above. Moves up pass exactly up to
 * `2v⁺ − rp` (when `v⁺ > rp`; none otherwise). Symmetrically, with
 * `L(v) = {i : x_i <= v}` and `v⁻` the smallest ideal with `L(v⁻)` passing, moves
 * down pass down to `2v⁻ − rp` (when `v⁻ < rp`). For veto players (Tsebelis 2002,
 * Veto Players, ch. 1–2) `v⁺` is the lowest veto player and `v⁻` the highest, and
 * `W(rp)` is the intersection of their preferred-to sets; for a weighted vote `v⁺`
 * is the quota-pivotal member counted from the top (Krehbiel 1998, Pivotal
 * Politics: the filibuster and veto pivots), and `W(rp)` is the union over winning
 * coalitions of their intersections. With several paths the win set is the union of
 * the paths' win sets (an interval holding `rp`). It is cut to the issue's scale.
 *
 * The core: the points `x` with an empty win set. Since `v⁺` and `v⁻` do not depend
 * on `x`, the core is `[v⁺, v⁻]` when `v⁺ <= v⁻`, and empty otherwise (a rule under
 * which two disjoint coalitions can pass changes, so every point can be overturned).
 * For veto players it is the span of their ideals (Tsebelis's "unanimity core"),
 * and `rp` lies in it exactly when `W(rp) = {rp}`: no change.
 *
 * The agenda setter (Romer & Rosenthal 1978, "Political resource allocation,
 * controlled agendas, and the status quo", Public Choice 33) proposes the point of
 * `W(rp)` (closed, with `rp`) nearest its ideal; when the deciders can amend the
 * proposal (`amendment`), only points in the core of the amendment rule are safe
 * from amendment (Tsebelis & Garrett 2000; Crombez 1996), so the setter chooses in
 * `W(rp) ∩ core(amendment)`.
 *
 * Everything here is a pure function of the rule, the ideals and the reference point.
 */
import type { Amendment, DecisionRule } from "../../scenario/rules.js";
import { removedBy } from "../../scenario/rules.js";

export interface Interval {
  low: number;
  high: number;
}

/** A weighted vote (see `DecisionRule`, type `vote`). */
export interface VoteGame {
  weights: ReadonlyMap<string, number>;
  quota: number;
  minMembers: number;
  /** A coalition leaving fewer than this many members outside wins whatever its weight. */
  minBlocking?: number;
}

/** One way a change can pass: every vote won and every veto player on board. */
export interface DecisionPath {
  /** `rule`, or `override 1`, `override 2`, … */
  label: string;
  votes: VoteGame[];
  vetoPlayers: string[];
}

/** A monotone simple game: a coalition passes when it satisfies some path. */
export interface ProceduralGame {
  paths: DecisionPath[];
  /** Every actor whose consent can matter (voters and veto players), without repeats. */
  members: string[];
}

/** Relative tolerance of weight sums against a quota (weights are decimals). */
const QUOTA_TOLERANCE = 1e-12;

/** True when the coalition wins the weighted vote. */
export function winsVote(vote: VoteGame, coalition: ReadonlySet<string>): boolean {
  let weight = 0;
  let size = 0;
  let total = 0;
  for (const [id, w] of vote.weights) {
    total += 1;
    if (coalition.has(id)) {
      weight += w;
      size += 1;
    }
  }
  if (vote.minBlocking !== undefined && total - size < vote.minBlocking) return true;
  return size >= vote.minMembers && weight >= vote.quota - QUOTA_TOLERANCE * Math.abs(vote.quota);
}

/** True when the coalition satisfies the path. */
export function passesPath(path: DecisionPath, coalition: ReadonlySet<string>): boolean {
  return (
    path.vetoPlayers.every((v) => coalition.has(v)) &&
    path.votes.every((v) => winsVote(v, coalition))
  );
}

/** True when the coalition can pass a change under the game (some path). */
export function passes(game: ProceduralGame, coalition: ReadonlySet<string>): boolean {
  return game.paths.some((p) => passesPath(p, coalition));
}

function voteGame(v: {
  weights: Record<string, number>;
  quota: number;
  minMembers?: number;
  minBlocking?: number;
}): VoteGame {
  return {
    weights: new Map(Object.entries(v.weights)),
    quota: v.quota,
    minMembers: v.minMembers ?? 0,
    minBlocking: v.minBlocking,
  };
}

function membersOf(paths: DecisionPath[]): string[] {
  const members = new Set<string>();
  for (const p of paths) {
    for (const v of p.vetoPlayers) members.add(v);
    for (const vote of p.votes) for (const id of vote.weights.keys()) members.add(id);
  }
  return [...members];
}

/** The simple game of a decision rule: its base path and one path per override. */
export function gameOfRule(rule: DecisionRule): ProceduralGame {
  const baseVotes = rule.type === "vote" ? [voteGame(rule)] : [];
  const vetoes = [...new Set(rule.vetoPlayers ?? [])];
  const paths: DecisionPath[] = [{ label: "rule", votes: baseVotes, vetoPlayers: vetoes }];
  (rule.overrides ?? []).forEach((o, k) => {
    const removed = new Set(removedBy(o));
    paths.push({
      label: `override ${k + 1}`,
      votes: [...baseVotes, voteGame(o)],
      vetoPlayers: vetoes.filter((v) => !removed.has(v)),
    });
  });
  return { paths, members: membersOf(paths) };
}

/** The simple game of an amendment rule. */
export function gameOfAmendment(amendment: Amendment): ProceduralGame {
  const paths: DecisionPath[] = [
    {
      label: "amendment",
      votes: amendment.type === "vote" ? [voteGame(amendment)] : [],
      vetoPlayers: [...new Set(amendment.vetoPlayers ?? [])],
    },
  ];
  return { paths, members: membersOf(paths) };
}

/** Ideal points of the actors (id → position). */
export type Ideals = ReadonlyMap<string, number>;

/**
 * The pivots of a game: `above` is the largest ideal `v` whose upper set
 * `{i : x_i >= v}` passes (null when even all members fail); `below` the smallest
 * ideal whose lower set passes. Only the game's members count. When even the empty
 * coalition passes, `above` is +Infinity and `below` −Infinity (nothing bounds a move).
 */
export function pivotIdeals(
  game: ProceduralGame,
  ideals: Ideals,
): { above: number | null; below: number | null } {
  // A rule the empty coalition meets (a quota of 0, no veto players) lets anything pass.
  if (passes(game, new Set())) return { above: Infinity, below: -Infinity };
  const members = game.members.filter((id) => ideals.has(id));
  const values = [...new Set(members.map((id) => ideals.get(id)!))].sort((a, b) => a - b);
  let above: number | null = null;
  for (let k = values.length - 1; k >= 0; k--) {
    const set = new Set(members.filter((id) => ideals.get(id)! >= values[k]));
    if (passes(game, set)) {
      above = values[k];
      break;
    }
  }
  let below: number | null = null;
  for (let k = 0; k < values.length; k++) {
    const set = new Set(members.filter((id) => ideals.get(id)! <= values[k]));
    if (passes(game, set)) {
      below = values[k];
      break;
    }
  }
  return { above, below };
}

/**
 * The core of a game (points no passing coalition would change): `[v⁺, v⁻]`, null
 * when empty; the whole real line (±Infinity) when no coalition can pass anything.
 */
export function coreOf(game: ProceduralGame, ideals: Ideals): Interval | null {
  const { above, below } = pivotIdeals(game, ideals);
  if (above === null || below === null) return { low: -Infinity, high: Infinity };
  return above <= below ? { low: above, high: below } : null;
}

/** How far moves on one side of the reference point can go, and who decides it. */
export interface Side {
  /** True when some change to this side passes. */
  open: boolean;
  /** The end of the win set on this side (the reference point when closed). */
  bound: number;
  /**
   * What sets the bound: `pivot` (the pivot's reflection of the reference point),
   * `scale` (the end of the scale comes first), `closed` (the pivot sits at
   * or beyond the reference point, so no change this way passes), `no-coalition`
   * (no coalition can pass anything).
   */
  limitedBy: "pivot" | "scale" | "closed" | "no-coalition";
  /** The pivotal ideal on this side (`v⁺` above, `v⁻` below), or null. */
  pivotIdeal: number | null;
  /** The actors at the pivotal ideal. */
  pivots: string[];
  /**
   * Who stops larger moves: when limited by the pivot, the pivots; when closed, the
   * actors on the other side of the reference point whose consent every passing
   * coalition would need (each one a veto), or, if no single one is needed, all of
   * them (a blocking coalition); empty when the scale sets the bound.
   */
  blockers: string[];
  /** The decision path that reaches the bound (`rule`, `override 1`, …), null when closed. */
  path: string | null;
}

export interface WinSetAnalysis {
  referencePoint: number;
  /** The win set with its closure and `rp`, cut to the scale; null when only `rp` itself. */
  winSet: Interval | null;
  /** The same as an interval, `[rp, rp]` when null. */
  interval: Interval;
  below: Side;
  above: Side;
  /** Points no passing coalition would change; null when empty. */
  core: Interval | null;
  /** True when the reference point lies in the core (no change can pass). */
  referenceInCore: boolean;
  /** Union of the two sides' blockers. */
  blockers: string[];
  /** Members every passing coalition needs (the rule's effective veto players). */
  vetoPlayers: string[];
  /** Each decision path's own win set (null = only `rp`). */
  paths: { label: string; winSet: Interval | null }[];
}

function sortByIdeal(ids: Iterable<string>, ideals: Ideals): string[] {
  return [...ids].sort((a, b) => ideals.get(a)! - ideals.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
}

/** The side of the win set above (`dir = 1`) or below (`dir = −1`) the reference point. */
function side(
  game: ProceduralGame,
  ideals: Ideals,
  rp: number,
  scaleEnd: number,
  dir: 1 | -1,
): Side {
  const members = game.members.filter((id) => ideals.has(id));
  const pivotsOf = (g: ProceduralGame) => {
    const p = pivotIdeals(g, ideals);
    return dir === 1 ? p.above : p.below;
  };
  const pivotIdeal = pivotsOf(game);
  const pivots =
    pivotIdeal === null
      ? []
      : sortByIdeal(
          members.filter((id) => ideals.get(id) === pivotIdeal),
          ideals,
        );
  if (dir * (scaleEnd - rp) <= 0)
    // The reference point sits on the end of the scale: nowhere to go this way.
    return {
      open: false,
      bound: rp,
      limitedBy: "scale",
      pivotIdeal,
      pivots,
      blockers: [],
      path: null,
    };
  if (pivotIdeal !== null && dir * (pivotIdeal - rp) > 0) {
    const reflection = 2 * pivotIdeal - rp;
    const beyond = !Number.isFinite(reflection) || dir * (reflection - scaleEnd) > 0;
    const path = game.paths.find(
      (p) => pivotsOf({ paths: [p], members: game.members }) === pivotIdeal,
    );
    return {
      open: true,
      bound: beyond ? scaleEnd : reflection,
      limitedBy: beyond ? "scale" : "pivot",
      pivotIdeal,
      pivots,
      blockers: beyond ? [] : pivots,
      path: path?.label ?? null,
    };
  }
  // Closed: supporters of a small move this way fail; who among the others is needed?
  const supporters = members.filter((id) => dir * (ideals.get(id)! - rp) > 0);
  const others = members.filter((id) => dir * (ideals.get(id)! - rp) <= 0);
  if (pivotIdeal === null)
    return {
      open: false,
      bound: rp,
      limitedBy: "no-coalition",
      pivotIdeal,
      pivots,
      blockers: [],
      path: null,
    };
  const needed = others.filter(
    (id) => !passes(game, new Set([...supporters, ...others.filter((o) => o !== id)])),
  );
  return {
    open: false,
    bound: rp,
    limitedBy: "closed",
    pivotIdeal,
    pivots,
    blockers: sortByIdeal(needed.length > 0 ? needed : others, ideals),
    path: null,
  };
}

/**
 * The win set of `rp` under the game, with the pivots and blockers of each side, the
 * core and the effective veto players. Every member of the game must have an ideal
 * (callers check; members without one are left out).
 */
export function analyseWinSet(
  game: ProceduralGame,
  ideals: Ideals,
  rp: number,
  scale: Interval = { low: -Infinity, high: Infinity },
): WinSetAnalysis {
  const above = side(game, ideals, rp, scale.high, 1);
  const below = side(game, ideals, rp, scale.low, -1);
  const winSet = above.open || below.open ? { low: below.bound, high: above.bound } : null;
  const core = coreOf(game, ideals);
  const members = game.members.filter((id) => ideals.has(id));
  const all = new Set(members);
  const vetoPlayers = passes(game, all)
    ? sortByIdeal(
        members.filter((id) => !passes(game, new Set(members.filter((m) => m !== id)))),
        ideals,
      )
    : [];
  const paths = game.paths.map((p) => {
    const sub: ProceduralGame = { paths: [p], members: game.members };
    const a = side(sub, ideals, rp, scale.high, 1);
    const b = side(sub, ideals, rp, scale.low, -1);
    return { label: p.label, winSet: a.open || b.open ? { low: b.bound, high: a.bound } : null };
  });
  return {
    referencePoint: rp,
    winSet,
    interval: winSet ?? { low: rp, high: rp },
    below,
    above,
    core,
    referenceInCore: winSet === null,
    blockers: [...new Set([...below.blockers, ...above.blockers])],
    vetoPlayers,
    paths,
  };
}

/** The point of the interval nearest `x`. */
export function clamp(x: number, interval: Interval): number {
  return Math.min(Math.max(x, interval.low), interval.high);
}

/** The intersection of two intervals, null when empty. */
export function intersect(a: Interval, b: Interval): Interval | null {
  const low = Math.max(a.low, b.low);
  const high = Math.min(a.high, b.high);
  return low <= high ? { low, high } : null;
}

export interface SetterOutcome {
  /** The setter's proposal, which passes. */
  outcome: number;
  /** The set the setter chose from (`W(rp)`, or `W(rp) ∩ core(amendment)`). */
  choiceSet: Interval;
  /** Why the amendment rule was not applied, where it was not. */
  note?: string;
}

/**
 * The Romer–Rosenthal outcome: the point of the (closed) win set nearest the
 * setter's ideal; with an amendment core, the point of `W(rp) ∩ core` nearest it.
 */
export function setterOutcome(
  analysis: WinSetAnalysis,
  setterIdeal: number,
  amendmentCore?: Interval | null,
): SetterOutcome {
  const w = analysis.interval;
  if (amendmentCore === undefined) return { outcome: clamp(setterIdeal, w), choiceSet: w };
  if (amendmentCore === null)
    return {
      outcome: clamp(setterIdeal, w),
      choiceSet: w,
      note: "the amendment rule has an empty core (any proposal can be amended), so it is ignored",
    };
  const choice = intersect(w, amendmentCore);
  if (choice === null)
    return {
      outcome: clamp(setterIdeal, w),
      choiceSet: w,
      note: "no point of the win set is safe from amendment, so the amendment rule is ignored",
    };
  return { outcome: clamp(setterIdeal, choice), choiceSet: choice };
}
