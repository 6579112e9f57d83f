/**
 * Candidate exchanges of a round (exchange-model.md §5.2–5.4): for every pair of issues
 * (p, q), the actors on opposite sides of both outcomes can trade. Actors are grouped
 * by side — a: right of both outcomes, b: left on p only, c: left on q only, d: left of
 * both — and every a–d and b–c pair is an exchange, its roles set by relative salience
 * (F5): the partner with the lower salience ratio p/q supplies on p.
 */
import type { Num } from "./arithmetic.js";
import { calculate } from "./equal-gain.js";
import type { Exchange, ExchangeActor, RoundContext } from "./state.js";

/** The actors of each group for one issue pair (actor indices, actor order). */
export interface IssuePairGroups {
  p: number;
  q: number;
  a: number[];
  b: number[];
  c: number[];
  d: number[];
}

function side(ctx: RoundContext, actor: number, supply: number, demand: number): ExchangeActor {
  const ks = ctx.issues[supply];
  const kd = ctx.issues[demand];
  const ms = ks.slot[actor];
  const md = kd.slot[actor];
  const sx = ctx.pos[supply][ms];
  return {
    actor,
    supply,
    demand,
    sx,
    ss: ks.salience[ms],
    sc: ks.power[ms],
    dx: ctx.pos[demand][md],
    ds: kd.salience[md],
    start: sx,
    move: ctx.ar.zero,
    y: sx,
    moves: [],
    eu: ctx.ar.zero,
    nbs0: ctx.ar.zero,
    nbs1: ctx.ar.zero,
  };
}

/** `exchange(i, j, p, q)` with roles by F5; A supplies q, B supplies p. */
export function createExchange(
  ctx: RoundContext,
  i: number,
  j: number,
  p: number,
  q: number,
  groups: "a-d" | "b-c",
  serial: number,
): Exchange {
  const P = ctx.issues[p];
  const Q = ctx.issues[q];
  const ratio = (a: number): Num => P.salience[P.slot[a]].div(Q.salience[Q.slot[a]]);
  const [a, b] = ratio(i).lt(ratio(j)) ? [j, i] : [i, j];
  const E: Exchange = {
    serial,
    p,
    q,
    groups,
    A: side(ctx, a, q, p),
    B: side(ctx, b, p, q),
    gain: ctx.ar.zero,
    valid: false,
    updates: new Map(),
  };
  calculate(ctx, E);
  return E;
}

/**
 * §5.3: the groups of every issue pair and the candidate exchanges, each calculated
 * as soon as it is created (in REX this draws random numbers), valid or not.
 */
export function candidateExchanges(
  ctx: RoundContext,
  outcomes: Num[],
  actorCount: number,
): { groups: IssuePairGroups[]; candidates: Exchange[] } {
  const n = ctx.issues.length;
  const left = ctx.issues.map((iss, k) =>
    iss.members.map((_, m) => ctx.pos[k][m].lte(outcomes[k])),
  );
  const groups: IssuePairGroups[] = [];
  const candidates: Exchange[] = [];
  for (let p = 0; p < n; p++)
    for (let q = p + 1; q < n; q++) {
      const P = ctx.issues[p];
      const Q = ctx.issues[q];
      const g: IssuePairGroups = { p, q, a: [], b: [], c: [], d: [] };
      for (let actor = 0; actor < actorCount; actor++) {
        const mp = P.slot[actor];
        const mq = Q.slot[actor];
        if (mp < 0 || mq < 0 || !P.trades[mp] || !Q.trades[mq]) continue;
        const group = (left[p][mp] ? 1 : 0) + (left[q][mq] ? 2 : 0);
        [g.a, g.b, g.c, g.d][group].push(actor);
      }
      groups.push(g);
      for (const i of g.a)
        for (const j of g.d)
          candidates.push(createExchange(ctx, i, j, p, q, "a-d", candidates.length));
      for (const i of g.b)
        for (const j of g.c)
          candidates.push(createExchange(ctx, i, j, p, q, "b-c", candidates.length));
    }
  return { groups, candidates };
}
