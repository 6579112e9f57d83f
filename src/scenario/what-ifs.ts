/**
 * What-ifs: named, declarative changes to a scenario (set or scale a capability,
 * position or salience; remove an actor; merge actors), applied to a copy of the
 * scenario (the comparison of forecasts with and without them: analysis/whatif.ts).
 *
 * A what-if is data (`whatIfs:` in the scenario file, see uncertainty.ts) or comes
 * from the command line (`--set gop-congress.capability=40`, `--scale …`,
 * `--remove ukraine`, `--merge gop-congress+dem-congress`). Changes apply in order,
 * each to the result of the previous one.
 *
 * Semantics, stated so a reader can check a comparison by hand:
 * - `set` writes the value; for positions also `low`/`high` (the scale's ends) or
 *   `extreme` (the end nearer the actor's current position; the high end on a tie);
 * - `scale` multiplies a capability or a salience (saliences are capped at 100), and
 *   multiplies a position's distance from the issue's reference point (the scale's
 *   middle when there is none), clipped to the scale: 0.5 moves an actor halfway
 *   towards the status quo, 2 hardens its stance;
 * - without `issue`, a position or salience change applies to every stance of the actor;
 * - a stance's own capability (the actor's capability on that issue) follows the
 *   actor's: `scale` multiplies it by the same factor (the ratios between the actor's
 *   issues are kept); `set` gives the actor the value on every issue (the stances' own
 *   capabilities are dropped);
 * - `remove` deletes the actor and its stances (an issue left without stances gets
 *   no forecast);
 * - `merge` puts one actor in place of the first member: capability `C = Σ c_i`; on
 *   each issue where a member holds a stance, the position is the mean of the
 *   members' positions weighted by `c_i s_i`, and the salience is `Σ c_i s_i / C`,
 *   so the merged actor's power `C × s` on the issue equals the members' summed
 *   power (`c_i` is the member's capability on the issue; where a member has its own
 *   there, the merged stance gets its own capability `C_k`, C with those substituted,
 *   and salience `Σ c_i s_i / C_k`). The members' own uncertainty blocks are dropped (the merged numbers get
 *   the scenario's default noise).
 */
import type { Actor, Scenario, Stance } from "./schema.js";
import { CHANGE_FIELDS, Change, type ChangeField, type WhatIf } from "./uncertainty.js";
import { InputError, type Problem } from "./problems.js";
import { NUMBER_RANGE } from "./limits.js";
import { minOf } from "../extent.js";

/** The id under which command-line changes are compared. */
export const COMMAND_LINE_WHAT_IF = "command-line";

/** Problems of a what-if's references (unknown actor or issue), located under `path`. */
export function whatIfProblems(
  scenario: Scenario,
  whatIfs: WhatIf[],
  path: (string | number)[] = ["whatIfs"],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  whatIfs.forEach((w, k) => {
    const first = seen.get(w.id);
    if (first !== undefined)
      problems.push({
        path: [...path, k, "id"],
        message: `duplicate what-if id '${w.id}' (first at ${path.join(".")}[${first}])`,
      });
    else seen.set(w.id, k);
    // References are checked against the scenario as changed so far, so a what-if
    // may refer to a merged actor created by an earlier change of its own.
    let current = scenario;
    w.changes.forEach((change, c) => {
      const where = [...path, k, "changes", c];
      const found = changeProblems(current, change, where);
      problems.push(...found);
      if (found.length === 0) current = applyChange(current, change);
    });
  });
  return problems;
}

function changeProblems(scenario: Scenario, change: Change, path: (string | number)[]): Problem[] {
  const actors = new Set(scenario.actors.map((a) => a.id));
  const issues = new Set(scenario.issues.map((i) => i.id));
  const problems: Problem[] = [];
  const unknownActor = (id: string, field: (string | number)[]): void => {
    if (!actors.has(id))
      problems.push({
        path: [...path, ...field],
        message: `unknown actor '${id}'; actors: ${[...actors].join(", ")}`,
      });
  };
  switch (change.op) {
    case "set":
    case "scale": {
      unknownActor(change.actor, ["actor"]);
      if (change.field === "capability") {
        const before = scenario.actors.find((x) => x.id === change.actor)?.capability ?? 0;
        const after = change.op === "set" ? Number(change.value) : before * change.by;
        if (!(after <= NUMBER_RANGE.capabilityMax))
          problems.push({
            path: [...path, change.op === "set" ? "value" : "by"],
            message: `the capability of '${change.actor}' would become ${after}, beyond ${NUMBER_RANGE.capabilityMax}`,
          });
      }
      if (change.issue !== undefined) {
        if (!issues.has(change.issue))
          problems.push({
            path: [...path, "issue"],
            message: `unknown issue '${change.issue}'; issues: ${[...issues].join(", ")}`,
          });
        else if (
          actors.has(change.actor) &&
          !scenario.stances.some((s) => s.actor === change.actor && s.issue === change.issue)
        )
          problems.push({
            path: [...path, "issue"],
            message: `'${change.actor}' holds no stance on '${change.issue}' (a what-if changes stances, it does not invent them)`,
          });
      } else if (
        change.field !== "capability" &&
        actors.has(change.actor) &&
        !scenario.stances.some((s) => s.actor === change.actor)
      )
        problems.push({
          path: [...path, "actor"],
          message: `'${change.actor}' holds no stance to change`,
        });
      if (change.op === "set" && change.field === "position" && typeof change.value === "number") {
        for (const s of scenario.stances) {
          if (s.actor !== change.actor || (change.issue !== undefined && s.issue !== change.issue))
            continue;
          const issue = scenario.issues.find((i) => i.id === s.issue)!;
          if (change.value < issue.scale.low || change.value > issue.scale.high)
            problems.push({
              path: [...path, "value"],
              message: `position ${change.value} is off the scale [${issue.scale.low}, ${issue.scale.high}] of issue '${issue.id}'`,
            });
        }
      }
      break;
    }
    case "remove":
      unknownActor(change.actor, ["actor"]);
      if (actors.has(change.actor) && scenario.actors.length === 1)
        problems.push({ path: [...path, "actor"], message: "cannot remove the only actor" });
      break;
    case "merge": {
      change.actors.forEach((a, i) => unknownActor(a, ["actors", i]));
      const into = change.into ?? change.actors[0];
      if (actors.has(into) && !change.actors.includes(into))
        problems.push({
          path: [...path, "into"],
          message: `'${into}' is already another actor's id; choose a new id`,
        });
      break;
    }
  }
  return problems;
}

/** Applies a what-if's changes in order; throws InputError naming the change that does not fit. */
export function applyWhatIf(
  scenario: Scenario,
  whatIf: WhatIf,
  path: (string | number)[] = ["whatIfs", whatIf.id],
): Scenario {
  let current = scenario;
  whatIf.changes.forEach((change, c) => {
    const problems = changeProblems(current, change, [...path, "changes", c]);
    if (problems.length > 0) throw new InputError(problems);
    current = applyChange(current, change);
  });
  return current;
}

/** One change on a copy of the scenario (the input is never modified). */
export function applyChange(scenario: Scenario, change: Change): Scenario {
  switch (change.op) {
    case "set":
    case "scale": {
      if (change.field === "capability")
        return {
          ...scenario,
          actors: scenario.actors.map((a) =>
            a.id === change.actor
              ? {
                  ...a,
                  capability:
                    change.op === "set" ? (change.value as number) : a.capability * change.by,
                }
              : a,
          ),
          stances: scenario.stances.map((s) => {
            if (s.actor !== change.actor || s.capability === undefined) return s;
            if (change.op === "scale") return { ...s, capability: s.capability * change.by };
            const { capability: _dropped, ...rest } = s;
            void _dropped;
            return rest;
          }),
        };
      const issues = new Map(scenario.issues.map((i) => [i.id, i]));
      return {
        ...scenario,
        stances: scenario.stances.map((s) => {
          if (s.actor !== change.actor || (change.issue !== undefined && s.issue !== change.issue))
            return s;
          const issue = issues.get(s.issue)!;
          if (change.field === "salience")
            return {
              ...s,
              salience:
                change.op === "set"
                  ? (change.value as number)
                  : Math.min(100, s.salience * change.by),
            };
          const { low, high } = issue.scale;
          let position: number;
          if (change.op === "set") {
            const v = change.value;
            position =
              v === "low"
                ? low
                : v === "high"
                  ? high
                  : v === "extreme"
                    ? s.position - low < high - s.position
                      ? low
                      : high
                    : v;
          } else {
            const centre = issue.referencePoint ?? (low + high) / 2;
            position = Math.min(high, Math.max(low, centre + (s.position - centre) * change.by));
          }
          return { ...s, position };
        }),
      };
    }
    case "remove":
      return {
        ...scenario,
        actors: scenario.actors.filter((a) => a.id !== change.actor),
        stances: scenario.stances.filter((s) => s.actor !== change.actor),
      };
    case "merge":
      return mergeActors(scenario, change.actors, change.into ?? change.actors[0], change.name);
  }
}

function mergeActors(scenario: Scenario, ids: string[], into: string, name?: string): Scenario {
  const members = ids.map((id) => scenario.actors.find((a) => a.id === id)!);
  const capability = members.reduce((sum, a) => sum + a.capability, 0);
  const merged: Actor = {
    id: into,
    name: name ?? members.map((a) => a.name).join(" + "),
    capability,
    description: `Merged from ${ids.join(", ")}.`,
  };
  const memberSet = new Set(ids);
  const firstIndex = minOf(ids.map((id) => scenario.actors.findIndex((a) => a.id === id)));
  const actors: Actor[] = [];
  scenario.actors.forEach((a, i) => {
    if (i === firstIndex) actors.push(merged);
    else if (!memberSet.has(a.id)) actors.push(a);
  });
  const stances: Stance[] = [];
  const done = new Set<string>();
  for (const s of scenario.stances) {
    if (!memberSet.has(s.actor)) {
      stances.push(s);
      continue;
    }
    if (done.has(s.issue)) continue;
    done.add(s.issue);
    const held = scenario.stances.filter((t) => t.issue === s.issue && memberSet.has(t.actor));
    let power = 0;
    let weighted = 0;
    let onIssue = capability;
    let own = false;
    for (const t of held) {
      const base = members.find((a) => a.id === t.actor)!.capability;
      const c = t.capability ?? base;
      if (t.capability !== undefined && t.capability !== base) {
        own = true;
        onIssue += t.capability - base;
      }
      power += c * t.salience;
      weighted += c * t.salience * t.position;
    }
    // Without any power (all zero), fall back to the plain mean position.
    const position =
      power > 0 ? weighted / power : held.reduce((sum, t) => sum + t.position, 0) / held.length;
    const divisor = own ? onIssue : capability;
    const salience = divisor > 0 ? Math.min(100, power / divisor) : 0;
    stances.push({
      actor: into,
      issue: s.issue,
      position,
      salience,
      ...(own ? { capability: Math.max(0, onIssue) } : {}),
      rationale: `Merged: ${held.map((t) => `${t.actor} ${t.position}/${t.salience}`).join(", ")}.`,
    });
  }
  return { ...scenario, actors, stances };
}

// ---------------------------------------------------------------------------------
// The command-line forms

/**
 * Parses `ACTOR.capability=V`, `ACTOR.FIELD=V` or `ACTOR.ISSUE.FIELD=V` (FIELD one of
 * position, salience) for `--set`/`--scale`. Ids may hold dots, so the split is
 * resolved against the scenario's actor and issue ids.
 */
export function parseFieldChange(op: "set" | "scale", spec: string, scenario: Scenario): Change {
  const flag = `--${op}`;
  const eq = spec.lastIndexOf("=");
  if (eq < 0)
    throw usage(flag, spec, `must look like actor.capability=VALUE or actor.issue.position=VALUE`);
  const target = spec.slice(0, eq).trim();
  const valueText = spec.slice(eq + 1).trim();
  const dot = target.lastIndexOf(".");
  const field = target.slice(dot + 1) as ChangeField;
  if (dot < 0 || !CHANGE_FIELDS.includes(field))
    throw usage(flag, spec, `must end in .capability, .position or .salience before '='`);
  const head = target.slice(0, dot);
  const actors = new Set(scenario.actors.map((a) => a.id));
  const issues = new Set(scenario.issues.map((i) => i.id));
  let actor: string | undefined;
  let issue: string | undefined;
  if (actors.has(head)) actor = head;
  else
    for (let k = head.indexOf("."); k >= 0; k = head.indexOf(".", k + 1)) {
      if (actors.has(head.slice(0, k)) && issues.has(head.slice(k + 1))) {
        actor = head.slice(0, k);
        issue = head.slice(k + 1);
        break;
      }
    }
  if (actor === undefined)
    throw usage(
      flag,
      spec,
      `'${head}' is neither an actor nor actor.issue; actors: ${[...actors].join(", ")}; issues: ${[...issues].join(", ")}`,
    );
  let value: number | "low" | "high" | "extreme";
  if (
    op === "set" &&
    field === "position" &&
    (valueText === "low" || valueText === "high" || valueText === "extreme")
  )
    value = valueText;
  else {
    value = Number(valueText);
    if (valueText === "" || !Number.isFinite(value))
      throw usage(flag, spec, `'${valueText}' is not a number`);
  }
  const raw =
    op === "set"
      ? { op, actor, ...(issue !== undefined ? { issue } : {}), field, value }
      : { op, actor, ...(issue !== undefined ? { issue } : {}), field, by: value };
  return checkChange(raw, flag, spec);
}

/** `--merge a+b[+c][=into]`. */
export function parseMerge(spec: string): Change {
  const [list, into] = spec.split("=", 2);
  const actors = list.split("+").map((a) => a.trim());
  return checkChange(
    { op: "merge", actors, ...(into !== undefined ? { into: into.trim() } : {}) },
    "--merge",
    spec,
  );
}

/** `--remove actor`. */
export function parseRemove(spec: string): Change {
  return checkChange({ op: "remove", actor: spec.trim() }, "--remove", spec);
}

function checkChange(raw: unknown, flag: string, spec: string): Change {
  const parsed = Change.safeParse(raw);
  if (!parsed.success)
    throw usage(flag, spec, parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

function usage(flag: string, spec: string, message: string): InputError {
  return new InputError([{ path: [flag], message: `'${spec}' ${message}` }]);
}

/** Command-line change flags, as commander collects them. */
export interface ChangeFlags {
  set?: string[];
  scale?: string[];
  remove?: string[];
  merge?: string[];
}

/**
 * The command line's changes, as one what-if (`command-line`), or undefined when
 * there are none. Order: sets, scales, removals, merges (each in the given order).
 */
export function whatIfFromFlags(flags: ChangeFlags, scenario: Scenario): WhatIf | undefined {
  const changes: Change[] = [
    ...(flags.set ?? []).map((s) => parseFieldChange("set", s, scenario)),
    ...(flags.scale ?? []).map((s) => parseFieldChange("scale", s, scenario)),
    ...(flags.remove ?? []).map(parseRemove),
    ...(flags.merge ?? []).map(parseMerge),
  ];
  if (changes.length === 0) return undefined;
  return { id: COMMAND_LINE_WHAT_IF, name: "Changes given on the command line", changes };
}

/** Looks what-ifs up by id in the scenario file; unknown ids are input problems. */
export function findWhatIfs(scenario: Scenario, ids: string[]): WhatIf[] {
  const known = scenario.whatIfs ?? [];
  const problems: Problem[] = [];
  const found: WhatIf[] = [];
  for (const id of ids) {
    const w = known.find((x) => x.id === id);
    if (w) found.push(w);
    else
      problems.push({
        path: ["--what-if"],
        message:
          known.length > 0
            ? `unknown what-if '${id}'; the file's what-ifs: ${known.map((x) => x.id).join(", ")}`
            : `unknown what-if '${id}'; the file defines no what-ifs (whatIfs:)`,
      });
  }
  if (problems.length > 0) throw new InputError(problems);
  return found;
}
