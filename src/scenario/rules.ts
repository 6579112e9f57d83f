/**
 * Decision rules of an issue: who must consent, who votes with what weight, who
 * proposes, and which supermajority can remove whose veto. They are the input of the
 * procedural models (`src/models/procedural/`): the win set of the reference point,
 * the core, and the agenda setter's outcome.
 *
 * A rule is one of two kinds (a discriminated union on `type`):
 *
 * - `consensus`: every listed veto player must agree (Tsebelis 2002, Veto Players:
 *   How Political Institutions Work; the Council under unanimity, a president and a
 *   legislature that must both sign);
 * - `vote`: a weighted vote. A coalition `S` of the members (the actors in
 *   `weights`) wins when its weight reaches `quota` and it counts at least
 *   `minMembers` members; with `minBlocking`, a coalition also wins whatever its
 *   weight when fewer than `minBlocking` members stay outside it (the Lisbon rule
 *   that a blocking minority needs four members). Optional `vetoPlayers` must be in
 *   every winning coalition as well (the Parliament in co-decision).
 *
 * Shared fields:
 * - `referencePoint`: the reversion point, the outcome if no proposal passes
 *   (default: the issue's `referencePoint`). It differs from the status quo where a
 *   policy lapses unless renewed, as EU sanctions do every six months.
 * - `agendaSetter`: the actor who makes a take-it-or-leave-it proposal (Romer &
 *   Rosenthal 1978, "Political resource allocation, controlled agendas, and the
 *   status quo", Public Choice 33).
 * - `overrides`: ways around a veto (Krehbiel 1998, Pivotal Politics): a coalition
 *   that also wins the override's own vote passes a change without the consent of
 *   the veto players it `removes` (two thirds of Congress against a presidential
 *   veto). The rule's other conditions (its vote and remaining veto players) still
 *   apply.
 * - `amendment`: the rule by which the deciding body can amend the setter's
 *   proposal; the setter must then propose a point that cannot be amended (the
 *   Council amending a Commission proposal only by unanimity under the consultation
 *   procedure; Tsebelis & Garrett 2000, "Legislative politics in the European
 *   Union", European Union Politics 1; Crombez 1996, "Legislative procedures in the
 *   European Community", British Journal of Political Science 26).
 * - `note`: where the rule comes from.
 *
 * `ruleProblems` checks what the schema cannot: that every actor a rule names
 * exists and holds a stance on each issue the rule decides, that a vote can pass at
 * all, that an override removes a veto player the rule has.
 */
import { z } from "zod";
import type { Problem } from "./problems.js";

/** An actor id (same pattern as `Id` in schema.ts, which imports this file). */
const ActorRef = z
  .string()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "must start with a letter or digit and hold only letters, digits, '-', '_' and '.'",
  );

const FiniteNumber = z.number().refine(Number.isFinite, "must be a finite number (not NaN)");

const Weights = z
  .record(
    ActorRef,
    FiniteNumber.refine((w) => w >= 0, "a weight must not be negative"),
  )
  .refine((w) => Object.keys(w).length > 0, "a vote needs at least one member with a weight")
  .describe("Voting weight of each member (actor id: weight).");

/** The fields of a weighted vote, shared by vote rules, overrides and amendments. */
const voteFields = {
  weights: Weights,
  quota: FiniteNumber.refine((q) => q >= 0, "must not be negative").describe(
    "Weight a winning coalition must reach, in the units of `weights`.",
  ),
  minMembers: z
    .number()
    .int("must be a whole number")
    .min(0, "must not be negative")
    .optional()
    .describe("Fewest members a winning coalition needs (e.g. a majority of member states)."),
  minBlocking: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .optional()
    .describe(
      "A blocking minority needs at least this many members: a coalition leaving fewer outside wins whatever its weight.",
    ),
};

const VetoPlayers = z
  .array(ActorRef)
  .describe("Actors who must all agree to any change of the reference point.");

export const Override = z
  .object({
    removes: z
      .union([ActorRef, z.array(ActorRef).min(1, "name at least one veto player")])
      .describe("The veto player(s) whose consent this vote makes unnecessary."),
    ...voteFields,
    note: z.string().optional(),
  })
  .strict()
  .describe(
    "A supermajority that passes a change without the consent of the veto players it removes.",
  );

const ConsensusAmendment = z
  .object({
    type: z.literal("consensus"),
    vetoPlayers: VetoPlayers.min(1, "a consensus needs at least one veto player"),
    note: z.string().optional(),
  })
  .strict();

const VoteAmendment = z
  .object({
    type: z.literal("vote"),
    ...voteFields,
    vetoPlayers: VetoPlayers.optional(),
    note: z.string().optional(),
  })
  .strict();

const typeError = {
  error: (issue: { code: string }) =>
    issue.code === "invalid_union"
      ? "type must be 'consensus' (every veto player must agree) or 'vote' (a weighted vote)"
      : undefined,
};

export const Amendment = z
  .discriminatedUnion("type", [ConsensusAmendment, VoteAmendment], typeError)
  .describe("How the deciding body can amend the agenda setter's proposal.");

const commonFields = {
  referencePoint: FiniteNumber.optional().describe(
    "The reversion point (outcome if nothing passes); default: the issue's referencePoint.",
  ),
  agendaSetter: ActorRef.optional().describe(
    "The actor who makes a take-it-or-leave-it proposal (Romer–Rosenthal).",
  ),
  overrides: z.array(Override).optional(),
  amendment: Amendment.optional(),
  note: z.string().optional().describe("Where the rule comes from."),
};

export const ConsensusRule = z
  .object({
    type: z.literal("consensus"),
    vetoPlayers: VetoPlayers.min(1, "a consensus needs at least one veto player"),
    ...commonFields,
  })
  .strict();

export const VoteRule = z
  .object({
    type: z.literal("vote"),
    ...voteFields,
    vetoPlayers: VetoPlayers.optional(),
    ...commonFields,
  })
  .strict();

export const DecisionRule = z
  .discriminatedUnion("type", [ConsensusRule, VoteRule], typeError)
  .describe(
    "How the issue is decided: veto players, or a weighted vote, with optional setter and overrides.",
  );

export type DecisionRule = z.infer<typeof DecisionRule>;
export type ConsensusRule = z.infer<typeof ConsensusRule>;
export type VoteRule = z.infer<typeof VoteRule>;
export type Override = z.infer<typeof Override>;
export type Amendment = z.infer<typeof Amendment>;

/** The veto players an override removes, as a list. */
export function removedBy(override: Pick<Override, "removes">): string[] {
  return typeof override.removes === "string" ? [override.removes] : [...override.removes];
}

/** Every actor a rule names, in order of first mention, without repeats. */
export function ruleActors(rule: DecisionRule): string[] {
  return [...new Set(ruleReferences(rule).map((r) => r.id))];
}

// ---------------------------------------------------------------------------------
// Cross-reference checks
// ---------------------------------------------------------------------------------

type Loose = Record<string, unknown>;
type Path = (string | number)[];
const isObject = (x: unknown): x is Loose =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

interface Reference {
  id: string;
  /** Path of the reference inside the rule. */
  path: Path;
  role: string;
}

/**
 * Every actor reference in a rule (tolerant of malformed parts, which it skips),
 * with its path relative to the rule and its role in words.
 */
function ruleReferences(rule: unknown): Reference[] {
  const refs: Reference[] = [];
  if (!isObject(rule)) return refs;
  const vote = (v: Loose, path: Path, role: string) => {
    if (isObject(v.weights))
      for (const id of Object.keys(v.weights))
        refs.push({ id, path: [...path, "weights", id], role });
    asArray(v.vetoPlayers).forEach((id, j) => {
      if (typeof id === "string")
        refs.push({ id, path: [...path, "vetoPlayers", j], role: "veto player" });
    });
  };
  vote(rule, [], "voter");
  if (typeof rule.agendaSetter === "string")
    refs.push({ id: rule.agendaSetter, path: ["agendaSetter"], role: "agenda setter" });
  asArray(rule.overrides).forEach((o, k) => {
    if (!isObject(o)) return;
    vote(o, ["overrides", k], "override voter");
    if (typeof o.removes === "string")
      refs.push({
        id: o.removes,
        path: ["overrides", k, "removes"],
        role: "actor removed by an override",
      });
    asArray(o.removes).forEach((id, j) => {
      if (typeof id === "string")
        refs.push({
          id,
          path: ["overrides", k, "removes", j],
          role: "actor removed by an override",
        });
    });
  });
  if (isObject(rule.amendment)) vote(rule.amendment, ["amendment"], "amendment voter");
  return refs;
}

/**
 * The rule with every reference to actor `from` (voter, veto player, agenda setter,
 * override, amendment voter) made a reference to `to`; a weight keeps its place among
 * the weights. A copy: the rule passed in is not changed. Other fields are left as
 * they are, whatever they hold (a note may mention the old id).
 */
export function renameRuleActor<T>(rule: T, from: string, to: string): T {
  const copy = structuredClone(rule) as unknown;
  for (const ref of ruleReferences(copy)) {
    if (ref.id !== from) continue;
    const parent = ref.path.slice(0, -1).reduce<unknown>((o, k) => (o as Loose)[k], copy) as Loose;
    const last = ref.path[ref.path.length - 1];
    if (ref.path[ref.path.length - 2] === "weights") {
      // Rebuilt in order, the key renamed in its place.
      const entries = Object.entries(parent).map(([k, v]) => [k === from ? to : k, v]);
      for (const k of Object.keys(parent)) delete parent[k];
      for (const [k, v] of entries) parent[k as string] = v;
    } else (parent as Record<string | number, unknown>)[last] = to;
  }
  return copy as T;
}

/** Problems of a rule on its own (no scenario needed): duplicates, quotas that cannot be met. */
function structuralProblems(rule: Loose, at: Path): Problem[] {
  const problems: Problem[] = [];
  const vetoes = asArray(rule.vetoPlayers).filter((x): x is string => typeof x === "string");
  const seen = new Set<string>();
  vetoes.forEach((id, j) => {
    if (seen.has(id))
      problems.push({
        path: [...at, "vetoPlayers", j],
        message: `veto player '${id}' is listed twice`,
      });
    seen.add(id);
  });
  problems.push(...voteProblems(rule, at, "the rule"));
  asArray(rule.overrides).forEach((o, k) => {
    if (!isObject(o)) return;
    const path = [...at, "overrides", k];
    problems.push(...voteProblems(o, path, "the override"));
    const removes = typeof o.removes === "string" ? [o.removes] : asArray(o.removes);
    removes.forEach((id, j) => {
      if (typeof id !== "string" || vetoes.includes(id)) return;
      problems.push({
        path: typeof o.removes === "string" ? [...path, "removes"] : [...path, "removes", j],
        message:
          vetoes.length > 0
            ? `the override removes '${id}', who is not a veto player of this rule (veto players: ${vetoes.join(", ")})`
            : `the override removes '${id}', but this rule has no veto players to remove`,
      });
    });
  });
  if (isObject(rule.amendment)) {
    const a = rule.amendment;
    problems.push(...voteProblems(a, [...at, "amendment"], "the amendment rule"));
  }
  return problems;
}

function voteProblems(v: Loose, at: Path, what: string): Problem[] {
  if (!isObject(v.weights)) return [];
  const weights = Object.values(v.weights).filter((w): w is number => typeof w === "number");
  const total = weights.reduce((a, b) => a + b, 0);
  const members = Object.keys(v.weights).length;
  const problems: Problem[] = [];
  if (typeof v.quota === "number" && v.quota > total * (1 + 1e-12))
    problems.push({
      path: [...at, "quota"],
      message: `quota ${v.quota} exceeds the total weight ${total} of the members, so ${what} can never pass`,
    });
  if (typeof v.minMembers === "number" && v.minMembers > members)
    problems.push({
      path: [...at, "minMembers"],
      message: `minMembers ${v.minMembers} exceeds the ${members} member(s) with a weight, so ${what} can never pass by weight`,
    });
  if (typeof v.minBlocking === "number" && v.minBlocking > members)
    problems.push({
      path: [...at, "minBlocking"],
      message: `minBlocking ${v.minBlocking} exceeds the ${members} member(s) with a weight`,
    });
  return problems;
}

/**
 * Problems with the decision rules of a scenario (the issue rules and the
 * `defaultRule`): unknown actors; actors a rule names without a stance on an issue
 * the rule decides; a reversion point off the issue's scale; repeated veto players;
 * quotas no coalition can reach; overrides that remove no veto player. Tolerant of
 * malformed input (it checks what it can), so it can run beside the schema's checks.
 * Paths point into the document (`issues[3].rule.vetoPlayers[1]`,
 * `defaultRule.weights.x`), so the loader can name the line.
 */
export function ruleProblems(scenario: unknown): Problem[] {
  if (!isObject(scenario)) return [];
  const problems: Problem[] = [];
  const actorIds = new Set<string>();
  for (const a of asArray(scenario.actors))
    if (isObject(a) && typeof a.id === "string") actorIds.add(a.id);
  const stanceHolders = new Map<string, Set<string>>();
  for (const s of asArray(scenario.stances)) {
    if (!isObject(s) || typeof s.actor !== "string" || typeof s.issue !== "string") continue;
    let set = stanceHolders.get(s.issue);
    if (!set) stanceHolders.set(s.issue, (set = new Set()));
    set.add(s.actor);
  }
  const unknown = (rule: unknown, at: Path) => {
    for (const ref of ruleReferences(rule))
      if (!actorIds.has(ref.id))
        problems.push({
          path: [...at, ...ref.path],
          message: `unknown actor '${ref.id}' (${ref.role})${suggest(ref.id, [...actorIds])}`,
        });
  };

  const defaultRule = scenario.defaultRule;
  if (isObject(defaultRule)) {
    unknown(defaultRule, ["defaultRule"]);
    problems.push(...structuralProblems(defaultRule, ["defaultRule"]));
  }
  // Issues deciding by the default rule, gathered per reference so one problem names them all.
  const defaultMissing = new Map<string, { ref: Reference; issues: string[] }>();
  const defaultOffScale: string[] = [];

  asArray(scenario.issues).forEach((issue, k) => {
    if (!isObject(issue) || typeof issue.id !== "string") return;
    const own = isObject(issue.rule) ? issue.rule : undefined;
    const rule = own ?? (isObject(defaultRule) ? defaultRule : undefined);
    if (!rule) return;
    const at: Path = own ? ["issues", k, "rule"] : ["defaultRule"];
    if (own) {
      unknown(own, at);
      problems.push(...structuralProblems(own, at));
    }
    const holders = stanceHolders.get(issue.id) ?? new Set<string>();
    const missingHere = new Set<string>();
    for (const ref of ruleReferences(rule)) {
      if (!actorIds.has(ref.id) || holders.has(ref.id)) continue;
      if (own) {
        if (missingHere.has(ref.id)) continue;
        missingHere.add(ref.id);
        problems.push({
          path: [...at, ...ref.path],
          message: `'${ref.id}' (${ref.role}) holds no stance on issue '${issue.id}': the rule needs its position; add the stance or leave the actor out of the rule`,
        });
      } else {
        const key = ref.id;
        const entry = defaultMissing.get(key) ?? { ref, issues: [] };
        if (!entry.issues.includes(issue.id)) entry.issues.push(issue.id);
        defaultMissing.set(key, entry);
      }
    }
    const scale = isObject(issue.scale) ? issue.scale : undefined;
    const rp = rule.referencePoint;
    if (
      typeof rp === "number" &&
      scale &&
      typeof scale.low === "number" &&
      typeof scale.high === "number" &&
      (rp < scale.low || rp > scale.high)
    ) {
      if (own)
        problems.push({
          path: [...at, "referencePoint"],
          message: `reversion point ${rp} is off the scale [${scale.low}, ${scale.high}] of issue '${issue.id}'`,
        });
      else defaultOffScale.push(issue.id);
    }
  });
  // In the order the rule names the actors.
  const byRule = ruleReferences(defaultRule)
    .map((r) => defaultMissing.get(r.id))
    .filter(
      (e, i, all): e is { ref: Reference; issues: string[] } =>
        e !== undefined && all.indexOf(e) === i,
    );
  for (const { ref, issues } of byRule)
    problems.push({
      path: ["defaultRule", ...ref.path],
      message: `'${ref.id}' (${ref.role} in the default rule) holds no stance on ${plural("issue", issues)} ${issues.map((i) => `'${i}'`).join(", ")}, which ${issues.length > 1 ? "use" : "uses"} the default rule: give ${issues.length > 1 ? "them their" : "it its"} own rule or add the stance`,
    });
  if (defaultOffScale.length > 0)
    problems.push({
      path: ["defaultRule", "referencePoint"],
      message: `reversion point ${String((defaultRule as Loose).referencePoint)} is off the scale of ${plural("issue", defaultOffScale)} ${defaultOffScale.map((i) => `'${i}'`).join(", ")}`,
    });
  return problems;
}

function plural(word: string, items: unknown[]): string {
  return items.length === 1 ? word : `${word}s`;
}

function suggest(name: string, known: string[]): string {
  const lower = name.toLowerCase();
  const close = known.filter(
    (k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()),
  );
  if (close.length > 0) return `; did you mean '${close[0]}'?`;
  return known.length > 0 && known.length <= 12 ? `; known: ${known.join(", ")}` : "";
}
