/**
 * Renaming an actor's id everywhere a scenario names it: its entry, its stances, every
 * decision rule (`defaultRule`, each issue's `rule`: voters, veto players, agenda
 * setter, overrides, amendments) and every what-if change (`actor`, a merge's `actors`
 * and its `into`). The editor uses it so that a new id does not leave the rules and
 * what-ifs pointing at an actor that no longer exists.
 */
import { renameRuleActor } from "./rules.js";

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** A what-if with every change that names actor `from` naming `to` instead (a copy). */
export function renameWhatIfActor<T>(whatIf: T, from: string, to: string): T {
  const copy = structuredClone(whatIf) as unknown;
  if (!isObject(copy) || !Array.isArray(copy.changes)) return copy as T;
  for (const change of copy.changes) {
    if (!isObject(change)) continue;
    if (change.actor === from) change.actor = to;
    if (Array.isArray(change.actors))
      change.actors = change.actors.map((id: unknown) => (id === from ? to : id));
    if (change.into === from) change.into = to;
  }
  return copy as T;
}

/**
 * Renames actor `from` to `to`, in place, in the decision rules and what-ifs: the
 * document's `defaultRule` and `whatIfs` (in `top`) and each issue's `rule`.
 */
export function renameInRulesAndWhatIfs(
  top: Loose,
  issues: readonly unknown[],
  from: string,
  to: string,
): void {
  if (top.defaultRule !== undefined) top.defaultRule = renameRuleActor(top.defaultRule, from, to);
  for (const issue of issues)
    if (isObject(issue) && issue.rule !== undefined)
      issue.rule = renameRuleActor(issue.rule, from, to);
  if (Array.isArray(top.whatIfs))
    top.whatIfs = top.whatIfs.map((w: unknown) => renameWhatIfActor(w, from, to));
}

/**
 * The scenario (as a document, valid or not) with actor `from` renamed `to` in every
 * place that names it. A copy. When `to` is already another actor's id the two could
 * no longer be told apart, so nothing is renamed and the document comes back as it was.
 */
export function renameActor<T>(scenario: T, from: string, to: string): T {
  const copy = structuredClone(scenario) as unknown;
  if (!isObject(copy) || from === to) return copy as T;
  const actors = Array.isArray(copy.actors) ? copy.actors.filter(isObject) : [];
  if (actors.some((a) => a.id === to)) return copy as T;
  for (const a of actors) if (a.id === from) a.id = to;
  if (Array.isArray(copy.stances))
    for (const s of copy.stances) if (isObject(s) && s.actor === from) s.actor = to;
  renameInRulesAndWhatIfs(copy, Array.isArray(copy.issues) ? copy.issues : [], from, to);
  return copy as T;
}
