/**
 * The Spatial Model of Politics of KTAB (KAPSARC Toolkit for Behavioral Analysis;
 * Wise et al., KAPSARC 2015–2017) as an entente `Model` (models.md §3; the rule in
 * smp-algorithm.md): all issues of a scenario are SMP's dimensions, moved together.
 *
 * Mapping (see input.ts): positions from each issue's scale to [0, 1] and back;
 * saliences as shares, divided by their sum for an actor whose saliences sum to more
 * than 1; an actor without a stance gets salience 0 and the reference point (else the
 * capability × salience weighted mean of the others).
 *
 * Forecast. KTAB itself reports every actor's final position and, per state, the
 * probability that each distinct position would prevail in a probabilistic Condorcet
 * election among the actors (smp-algorithm.md §7); it names no single outcome. The
 * capability-weighted mean of the final positions would ignore that election. We
 * report, per issue, the expected outcome under KTAB's own distribution: the
 * win-probability-weighted mean of the distinct positions of the state. It equals the
 * common position when the actors converge, and weighs a split by how likely each
 * side is to prevail. The position of the most probable option is given beside it
 * (`mostLikely`).
 */
import { z } from "zod";
import type { CompiledScenario } from "../../scenario/compile.js";
import type { IssueRun, Model, ModelRun, Move, Round } from "../types.js";
import { smpInputFromCompiled } from "./input.js";
import { SmpOptions } from "./options.js";
import { runSmp, type SmpTrace } from "./run.js";
import { InputError } from "../../scenario/problems.js";

/** SMP's options for the model registry: as `SmpOptions`, but the full trace by default (moves with reasons). */
/** The default limit on actors of the SMP model (the option `maxActors`). */
export const SMP_MAX_ACTORS = 1000;

export const SmpModelOptions = SmpOptions.extend({
  trace: z
    .enum(["positions", "full"])
    .default("full")
    .describe(
      "full (default here): rounds list every move with its reasons; positions: positions and forecasts only.",
    ),
  maxActors: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe(
      `The most actors (default ${SMP_MAX_ACTORS}): SMP keeps several n × n tables per turn and its turns take ` +
        "time growing with n³; raise it on a machine with the memory and time.",
    ),
});
export type SmpModelOptions = z.infer<typeof SmpModelOptions>;

/** A move of SMP: the actor took its side of a bargain. */
export interface SmpMove extends Move {
  type: "bargain";
  /** Whether the mover proposed the bargain or received it. */
  role: "initiator" | "receiver";
  initiator: string;
  receiver: string;
  /** Whose estimate of the contest the bargain interpolates with. */
  view: "initiator" | "receiver" | "compromise";
  /** The PCE probability of this bargain in the mover's queue (§5.3). */
  probability: number;
  /** The mover's position before the round. */
  from: number;
  /** For the initiator: its expected gain from challenging and its estimate that it wins (§4). */
  dU?: number;
  phi?: number;
}

export interface SmpRound extends Round {
  /** Per actor, the probability KTAB reports that its position prevails (§7). */
  winProbabilities: number[];
}

/** The expected outcome of a state on dimension k: Σ_g p_g x_g over distinct positions (internal scale). */
function expectedOutcome(
  trace: SmpTrace,
  state: number,
  k: number,
): { mean: number; mostLikely: number } {
  const D = trace.dimensionNames.length;
  const o = trace.outcomes![state];
  const pos = trace.positions[state];
  let num = 0;
  let den = 0;
  let top = 0;
  o.representatives.forEach((rep, g) => {
    num += o.probabilities[g] * pos[rep * D + k];
    den += o.probabilities[g];
    if (o.probabilities[g] > o.probabilities[top]) top = g;
  });
  return { mean: den > 0 ? num / den : pos[k], mostLikely: pos[o.representatives[top] * D + k] };
}

function runModel(scenario: CompiledScenario, options: SmpModelOptions): ModelRun {
  const parsed = SmpModelOptions.parse(options);
  const D = scenario.issues.length;
  const N = scenario.actorIds.length;
  const maxActors = parsed.maxActors ?? SMP_MAX_ACTORS;
  // Refused before the n × n tables are allocated.
  if (N > maxActors)
    throw new InputError([
      {
        path: ["options", "smp", "maxActors"],
        message:
          `SMP takes at most ${maxActors.toLocaleString("en")} actors, and this scenario has ${N.toLocaleString("en")}; ` +
          "raise the limit with -o smp.maxActors=N if the machine has the memory and time",
      },
    ]);
  const { input, imputed, salienceScaled } = smpInputFromCompiled(scenario);
  const { maxActors: _limit, ...smpOptions } = parsed;
  void _limit;
  const trace = runSmp(input, { ...smpOptions, winProbabilities: true });
  const ids = scenario.actorIds;
  const scaledNames = ids.filter((_, i) => salienceScaled[i]);

  const issues = scenario.issues.map((iss, k): IssueRun => {
    if (iss.actorIds.length === 0)
      return { issue: iss.id, forecast: null, note: "no actor holds a stance on this issue" };
    const { low, high } = iss.scale;
    const toScale = (x: number): number => low + x * (high - low);
    // An actor still at its initial point is reported at its stance's exact value
    // (mapping to [0, 1] and back can change the last digit).
    const positionsAt = (s: number): number[] =>
      ids.map((_, i) => {
        const cell = i * D + k;
        const x = trace.positions[s][cell];
        return x === trace.positions[0][cell] && scenario.hasStance[cell]
          ? scenario.position[cell]
          : toScale(x);
      });
    const rounds: SmpRound[] = [];
    for (let s = 1; s < trace.states; s++) {
      const before = positionsAt(s - 1);
      const after = positionsAt(s);
      const moves: SmpMove[] = [];
      const turn = trace.turns?.[s - 1];
      if (turn)
        for (const q of turn.queues) {
          if (q.chosen === 0) continue;
          const i = q.actor;
          if (after[i] === before[i]) continue; // the bargain left this issue unchanged
          const b = turn.bargains[q.options[q.chosen]];
          const role = i === b.initiator ? "initiator" : "receiver";
          const move: SmpMove = {
            actor: ids[i],
            type: "bargain",
            with: ids[role === "initiator" ? b.receiver : b.initiator],
            position: after[i],
            role,
            initiator: ids[b.initiator],
            receiver: ids[b.receiver],
            view: b.view,
            probability: q.probabilities[q.chosen],
            from: before[i],
          };
          const c = turn.challenges[i];
          if (role === "initiator" && c.target === b.receiver) {
            move.dU = c.dU!;
            move.phi = c.phi!;
          }
          moves.push(move);
        }
      rounds.push({
        round: s,
        positions: after,
        forecast: toScale(expectedOutcome(trace, s, k).mean),
        moves,
        winProbabilities: trace.winProbabilities![s],
      });
    }
    const last = expectedOutcome(trace, trace.states - 1, k);
    const notes: string[] = [];
    const filled = ids.filter((_, i) => imputed[i * D + k]);
    if (filled.length > 0)
      notes.push(
        `${filled.length} actor(s) without a stance (${filled.join(", ")}) take part with salience 0 at ` +
          (iss.referencePoint !== undefined
            ? "the reference point"
            : "the capability × salience weighted mean"),
      );
    const run: IssueRun = {
      issue: iss.id,
      forecast: toScale(last.mean),
      actors: [...ids],
      initial: positionsAt(0),
      rounds,
      mostLikely: toScale(last.mostLikely),
      finalPositions: positionsAt(trace.states - 1),
      winProbabilities: trace.winProbabilities![trace.states - 1],
    };
    if (notes.length > 0) run.note = notes.join("; ");
    return run;
  });
  const runNotes =
    scaledNames.length > 0
      ? [
          `saliences of ${scaledNames.join(", ")} summed to more than 100 over the issues and were scaled to sum to 100 (KTAB requires it)`,
        ]
      : [];
  // KTAB's bargain point weighs each side by salience² × probability² (§5.1): with
  // salience 0 an actor takes its partner's position on that issue (KTAB does the same).
  // KTAB's SMP gives each actor one capability (one vector of saliences over the
  // dimensions): a stance's own capability on an issue cannot enter it.
  const own = new Set<string>();
  for (const iss of scenario.issues)
    iss.actorIndex.forEach((a, m) => {
      if (iss.capability[m] !== scenario.capability[a]) own.add(scenario.actorIds[a]);
    });
  if (own.size > 0)
    runNotes.push(
      `SMP gives each actor one capability (KTAB's model): the capabilities of ${[...own].join(", ")} on single issues are not used, their actor's capability is`,
    );
  if (imputed.some((x) => x === 1))
    runNotes.push(
      "actors without a stake on an issue take part with salience 0 there; under KTAB's rules (bargains weighted by salience² × probability²) they adopt the positions of those they bargain with there, and those count in the issue's expected outcome",
    );
  return {
    model: "smp",
    options: { ...parsed },
    issues,
    ...(runNotes.length > 0 ? { notes: runNotes } : {}),
    trace,
  };
}

/** KTAB's SMP under the id `smp` (models.md §3; smp-algorithm.md). */
export const smpModel: Model<SmpModelOptions> = {
  id: "smp",
  name: "Spatial model of politics (KTAB SMP)",
  summary:
    "On all issues at once, each actor challenges the rival it most profits from and proposes a bargain; " +
    "each accepts the bargain a probabilistic Condorcet election favours, until positions settle.",
  reference:
    "Wise et al., KTAB — KAPSARC Toolkit for Behavioral Analysis, Spatial Model of Politics (KAPSARC, 2015–2017); " +
    "rules in docs/design/smp-algorithm.md",
  dynamic: true,
  options: SmpModelOptions,
  run: runModel,
};
