/**
 * Multi-issue models in the DEU backtest: a model that trades across issues (the
 * exchange model) is run once per proposal, on all of the proposal's scored issues as
 * one scenario, as the DEU project compared the exchange model (Arregui, Stokman &
 * Thomson 2006). Each issue's forecast is then scored like any other model's.
 *
 * The merged scenario has every actor that holds a stance on one of the issues (in
 * the order first met), each issue with its own scale, and an actor's capability from
 * the first of the proposal's issues it holds a stance on (the capability options
 * depend on the proposal's era and procedure, which its issues share).
 */
import type { DeuIssue, DeuIssueMeta } from "../scenario/import/deu.js";
import type { Scenario } from "../scenario/schema.js";
import { compileScenario } from "../scenario/compile.js";
import type { Model } from "../models/types.js";

/** Models the backtest runs per proposal, on all its issues at once. */
export const BY_PROPOSAL_MODELS: ReadonlySet<string> = new Set(["exchange"]);

/** The scenario of one proposal's issues, with the option's capabilities. */
export function proposalScenario(
  issues: DeuIssue[],
  capability: (actor: string, meta: DeuIssueMeta) => number,
): Scenario {
  const actors = new Map<string, Scenario["actors"][number]>();
  const used = new Set<string>();
  const scenarioIssues: Scenario["issues"] = [];
  const stances: Scenario["stances"] = [];
  issues.forEach((d, k) => {
    const s = d.scenario;
    for (const a of s.actors)
      if (!actors.has(a.id)) actors.set(a.id, { ...a, capability: capability(a.id, d.meta) });
    for (const iss of s.issues) {
      let id = iss.id;
      if (used.has(id)) id = `${iss.id}-${k + 1}`;
      used.add(id);
      scenarioIssues.push({ ...iss, id, rule: undefined });
      for (const st of s.stances) if (st.issue === iss.id) stances.push({ ...st, issue: id });
    }
  });
  return {
    ...issues[0].scenario,
    actors: [...actors.values()],
    issues: scenarioIssues.map(({ rule: _rule, ...rest }) => rest),
    stances,
  };
}

/**
 * A per-proposal model's forecast (and note) for every issue, in the order of
 * `issues`: the issues are grouped by proposal and each group is run once.
 */
export function forecastByProposal(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>,
  options: object,
  issues: DeuIssue[],
  capability: (actor: string, meta: DeuIssueMeta) => number,
): { forecast: number | null; note?: string }[] {
  const out: { forecast: number | null; note?: string }[] = issues.map(() => ({
    forecast: null,
  }));
  const groups = new Map<string, number[]>();
  issues.forEach((d, k) => {
    const g = groups.get(d.meta.proposal);
    if (g) g.push(k);
    else groups.set(d.meta.proposal, [k]);
  });
  for (const members of groups.values()) {
    try {
      const run = model.run(
        compileScenario(
          proposalScenario(
            members.map((k) => issues[k]),
            capability,
          ),
        ),
        options,
      );
      members.forEach((k, n) => {
        const r = run.issues[n];
        out[k] =
          r && r.forecast !== null && Number.isFinite(r.forecast)
            ? { forecast: r.forecast, ...(r.note ? { note: r.note } : {}) }
            : { forecast: null, note: r?.note ?? "the model returned nothing" };
      });
    } catch (e) {
      for (const k of members)
        out[k] = {
          forecast: null,
          note: `the model failed: ${(e as Error)?.message ?? String(e)}`,
        };
    }
  }
  return out;
}
