/**
 * Procedural models: forecasts from who can say no (Tsebelis 2002, Veto Players),
 * who proposes (Romer & Rosenthal 1978), and which supermajority can act alone
 * (Krehbiel 1998, Pivotal Politics), for one-dimensional issues with single-peaked
 * symmetric preferences. Each reads the issue's decision rule (`rule`, else the
 * scenario's `defaultRule`) and reports, besides the forecast, the win set of the
 * reference point, the core, the pivots and blockers on each side, and the effective
 * veto players (`ProceduralDetails`), so a person sees who blocks.
 *
 * - `win-set`: the agenda setter's outcome where the rule names a setter; otherwise
 *   another model's forecast (default: compromise) moved into the win set.
 * - `veto-core`: no change when the reference point is in the core; otherwise the
 *   nearest point of the core that the rule can reach (Tsebelis's policy stability).
 * - `agenda-setter`: the Romer–Rosenthal outcome only (no forecast without a setter).
 * - `constrained`: any other model's forecast moved into the win set (the nearest
 *   point of it), so a bargaining model respects who can block.
 *
 * The models that use another model receive a lookup function (the registry's
 * `findModel`) when they are created, so this folder does not import the registry
 * (which imports it).
 */
import { z } from "zod";
import type { CompiledScenario } from "../../scenario/compile.js";
import type { IssueRun, Model, ModelRun } from "../types.js";
import { runPerIssue } from "../per-issue.js";
import type { PreparedIssue } from "./analysis.js";
import { prepareIssue } from "./analysis.js";
import { clamp, intersect, setterOutcome } from "./spatial.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

/** Finds a model by id (the registry's `findModel`). */
export type ModelLookup = (id: string) => AnyModel | undefined;

export const PROCEDURAL_MODEL_IDS = [
  "win-set",
  "veto-core",
  "agenda-setter",
  "constrained",
] as const;

const RR_REFERENCE = "Romer & Rosenthal (1978), Public Choice 33; Tsebelis (2002), Veto Players";

function issueRun(
  prepared: PreparedIssue,
  forecast: number,
  extra: Record<string, unknown> = {},
): IssueRun {
  return { issue: prepared.issue.id, forecast, ...prepared.details, ...extra };
}

/** The Romer–Rosenthal outcome of a prepared issue with the given setter. */
function agendaSetterRun(prepared: PreparedIssue, setter: string): IssueRun {
  const ideal = prepared.ideals.get(setter);
  if (ideal === undefined)
    return {
      issue: prepared.issue.id,
      forecast: null,
      note: `the agenda setter '${setter}' holds no stance on this issue`,
      ...prepared.details,
    };
  const amendmentCore = prepared.details.amendmentCore;
  const result = setterOutcome(prepared.analysis, ideal, amendmentCore);
  const run = issueRun(prepared, result.outcome, {
    agendaSetter: setter,
    setterIdeal: ideal,
    choiceSet: result.choiceSet,
    outcomeBy: "agenda-setter",
  });
  if (result.note) run.note = result.note;
  return run;
}

/** Runs another model once and returns its issue runs by id (with the parsed options). */
function runOther(
  lookup: ModelLookup,
  id: string,
  rawOptions: Record<string, unknown>,
  scenario: CompiledScenario,
): Map<string, IssueRun> {
  const model = lookup(id);
  if (!model) throw new Error(`unknown model '${id}'`);
  const run: ModelRun = model.run(scenario, model.options.parse(rawOptions));
  return new Map(run.issues.map((r) => [r.issue, r]));
}

/** Options naming another model, checked against the lookup when parsed. */
function otherModelOptions(lookup: ModelLookup, key: "base" | "fallback", description: string) {
  const optionsKey = `${key}Options` as const;
  return z
    .object({
      [key]: z.string().default("compromise").describe(description),
      [optionsKey]: z
        .record(z.string(), z.unknown())
        .default({})
        .describe(`Options of the ${key} model, as an object.`),
    })
    .strict()
    .superRefine((o, ctx) => {
      const id = o[key] as string;
      const model = lookup(id);
      if (!model) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `unknown model '${id}' (see \`entente models\`)`,
        });
        return;
      }
      const parsed = model.options.safeParse(o[optionsKey]);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          ctx.addIssue({
            code: "custom",
            path: [optionsKey, ...issue.path.map(String)],
            message: issue.message,
          });
    });
}

export interface WinSetOptions {
  fallback: string;
  fallbackOptions: Record<string, unknown>;
}

/**
 * `win-set`: where the rule names an agenda setter, the point of the win set nearest
 * the setter's ideal (Romer–Rosenthal; within the amendment rule's core where the
 * rule has one); otherwise the fallback model's forecast (default: compromise)
 * moved to the nearest point of the win set.
 */
export function createWinSetModel(lookup: ModelLookup): Model<WinSetOptions> {
  return {
    id: "win-set",
    name: "Win set (agenda setter, else compromise within the win set)",
    summary:
      "The outcome is the agenda setter's best point among those the veto players or a winning coalition prefer to the reference point; without a setter, the compromise moved into that set.",
    reference: RR_REFERENCE,
    dynamic: false,
    options: otherModelOptions(
      lookup,
      "fallback",
      "Model whose forecast is moved into the win set where the rule names no agenda setter.",
    ) as unknown as z.ZodType<WinSetOptions>,
    run: (scenario, options) => {
      let fallback: Map<string, IssueRun> | undefined;
      return runPerIssue("win-set", options, scenario, (issue) => {
        const prep = prepareIssue(issue);
        if (!prep.ok) return prep.run;
        const p = prep.prepared;
        if (p.rule.agendaSetter !== undefined) return agendaSetterRun(p, p.rule.agendaSetter);
        fallback ??= runOther(lookup, options.fallback, options.fallbackOptions, scenario);
        return moveInto(p, fallback.get(issue.id), options.fallback);
      });
    },
  };
}

/** Moves another model's forecast to the nearest point of the win set. */
function moveInto(prepared: PreparedIssue, base: IssueRun | undefined, baseId: string): IssueRun {
  if (!base || base.forecast === null)
    return {
      issue: prepared.issue.id,
      forecast: null,
      note: `the ${baseId} model gives no forecast here${base?.note ? ` (${base.note})` : ""}`,
      ...prepared.details,
    };
  const forecast = clamp(base.forecast, prepared.analysis.interval);
  return issueRun(prepared, forecast, {
    baseModel: baseId,
    baseForecast: base.forecast,
    moved: forecast !== base.forecast,
    outcomeBy: `${baseId} within the win set`,
  });
}

export interface VetoCoreOptions {
  pick: "nearest" | "middle";
}

const VetoCoreOptionsSchema = z
  .object({
    pick: z
      .enum(["nearest", "middle"])
      .default("nearest")
      .describe(
        "Where the reference point is outside the core: the reachable core point nearest it (least change), or the middle of the reachable part of the core.",
      ),
  })
  .strict();

/**
 * `veto-core`: when the reference point is in the core (the veto players' span, or
 * the pivots' interval of a vote), nothing changes; otherwise the outcome is a point
 * of the core inside the win set: by default the nearest to the reference point
 * (the least change every pivot accepts). No forecast when the core is empty.
 */
export const vetoCoreModel: Model<VetoCoreOptions> = {
  id: "veto-core",
  name: "Veto players' core",
  summary:
    "No change when the status quo is in the veto players' core (or the pivots' gridlock interval); otherwise the nearest point of the core the rule can reach.",
  reference: "Tsebelis (2002), Veto Players, ch. 1–2; Krehbiel (1998), Pivotal Politics, ch. 2",
  dynamic: false,
  options: VetoCoreOptionsSchema,
  run: (scenario, options) =>
    runPerIssue("veto-core", options, scenario, (issue) => {
      const prep = prepareIssue(issue);
      if (!prep.ok) return prep.run;
      const p = prep.prepared;
      const { core, interval, referenceInCore } = p.analysis;
      if (referenceInCore)
        return issueRun(p, p.referencePoint, { outcomeBy: "reference point in the core" });
      const reachable = core ? intersect(core, interval) : null;
      if (!reachable)
        return {
          issue: issue.id,
          forecast: null,
          note: "the rule's core is empty (two coalitions without a common member can each pass a change), so no point is stable",
          ...p.details,
        };
      const forecast =
        options.pick === "middle"
          ? (reachable.low + reachable.high) / 2
          : clamp(p.referencePoint, reachable);
      return issueRun(p, forecast, {
        reachableCore: reachable,
        outcomeBy: `core (${options.pick})`,
      });
    }),
};

export interface AgendaSetterOptions {
  setter?: string;
}

/**
 * `agenda-setter`: the Romer–Rosenthal outcome, the point of the win set nearest
 * the setter's ideal (the rule's `agendaSetter`, or the `setter` option for every
 * issue). No forecast where there is no setter.
 */
export const agendaSetterModel: Model<AgendaSetterOptions> = {
  id: "agenda-setter",
  name: "Agenda setter (Romer–Rosenthal)",
  summary:
    "The agenda setter proposes the point it likes best among those the rule lets pass against the reference point.",
  reference: RR_REFERENCE,
  dynamic: false,
  options: z
    .object({
      setter: z
        .string()
        .optional()
        .describe("Actor id of the setter on every issue (default: each rule's agendaSetter)."),
    })
    .strict(),
  run: (scenario, options) =>
    runPerIssue("agenda-setter", options, scenario, (issue) => {
      const prep = prepareIssue(issue);
      if (!prep.ok) return prep.run;
      const p = prep.prepared;
      const setter = options.setter ?? p.rule.agendaSetter;
      if (setter === undefined)
        return {
          issue: issue.id,
          forecast: null,
          note: "the rule names no agenda setter (add agendaSetter to the rule, or use the option setter=ID)",
          ...p.details,
        };
      return agendaSetterRun(p, setter);
    }),
};

export interface ConstrainedOptions {
  base: string;
  baseOptions: Record<string, unknown>;
}

/**
 * `constrained`: another model's forecast (option `base`, default compromise; its
 * options in `baseOptions`) moved to the nearest point of the win set: the base
 * model says where the bargaining tends, the rule says how far it can get.
 */
export function createConstrainedModel(lookup: ModelLookup): Model<ConstrainedOptions> {
  return {
    id: "constrained",
    name: "Any model within the win set",
    summary:
      "Another model's forecast (option base), moved to the nearest point the decision rule lets pass against the reference point.",
    reference:
      "Tsebelis (2002), Veto Players; Tsebelis & Garrett (2000), European Union Politics 1",
    dynamic: false,
    options: otherModelOptions(
      lookup,
      "base",
      "Model whose forecast is moved into the win set (any registered model).",
    ) as unknown as z.ZodType<ConstrainedOptions>,
    run: (scenario, options) => {
      const base = runOther(lookup, options.base, options.baseOptions, scenario);
      return runPerIssue("constrained", options, scenario, (issue) => {
        const prep = prepareIssue(issue);
        if (!prep.ok) return prep.run;
        return moveInto(prep.prepared, base.get(issue.id), options.base);
      });
    },
  };
}

/** The four procedural models, those that use other models bound to `lookup`. */
export function proceduralModels(lookup: ModelLookup): AnyModel[] {
  return [
    createWinSetModel(lookup),
    vetoCoreModel,
    agendaSetterModel,
    createConstrainedModel(lookup),
  ];
}
