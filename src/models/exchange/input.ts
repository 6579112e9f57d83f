/**
 * The exchange model's input from a compiled scenario (exchange-model.md §3):
 *
 * - positions as their decimal text, on the issue's scale, which runs from
 *   `scale.low` to `scale.high` (for a decide file its lowest and highest `#M`);
 * - salience as the share the scenario gives (its 0–100 divided by 100: the decide
 *   file's 0–1 value again), since the preference update uses `1 − s`;
 * - power `c[k][a]` = the actor's capability on the issue (the stance's own where it
 *   has one, a decide file's per-row power; else the actor's): as it is when every capability lies in [0, 100]
 *   (the program's range; a decide file's `#D` power), otherwise divided by the
 *   largest so that it does (only ratios enter the formulas; noted);
 * - within an issue, the actors in the order of the scenario's stances (a decide
 *   file's `#D` rows), the order of every sum;
 * - a stance with salience or power 0 counts in the outcome (with weight 0) but takes
 *   part in no exchange: the program divides by both and crashes (Q15).
 */
import type { CompiledScenario } from "../../scenario/compile.js";
import type { Arithmetic, Num } from "./arithmetic.js";
import { stepOf, type ExchangeInput } from "./rounds.js";
import type { ExchangeIssue } from "./state.js";

export interface CompiledExchangeInput {
  input: ExchangeInput;
  notes: string[];
  /** Per issue: ids of actors whose stance cannot trade (salience or power 0). */
  idle: string[][];
}

export function exchangeInputFromCompiled(
  c: CompiledScenario,
  ar: Arithmetic,
): CompiledExchangeInput {
  const N = c.actorIds.length;
  let maxCapability = 0;
  for (const iss of c.issues)
    for (const x of iss.capability) maxCapability = Math.max(maxCapability, x);
  const scaleCapability = maxCapability > 100;
  const notes: string[] = [];
  if (scaleCapability)
    notes.push(
      `capabilities above 100 were divided by the largest (${maxCapability}) to give powers in [0, 1]; only their ratios enter the model`,
    );
  const positions: Num[][] = [];
  const idle: string[][] = [];
  const issues = c.issues.map((iss): ExchangeIssue => {
    const order = Array.from(iss.stanceOrder);
    const members = order.map((m) => iss.actorIndex[m]);
    const slot = new Int32Array(N).fill(-1);
    members.forEach((a, m) => (slot[a] = m));
    const salience = order.map((m) => ar.fromInput(iss.salience[m]));
    const power = order.map((m) =>
      ar.fromInput(scaleCapability ? iss.capability[m] / maxCapability : iss.capability[m]),
    );
    const trades = members.map((_, m) => salience[m].gt(ar.zero) && power[m].gt(ar.zero));
    idle.push(members.filter((_, m) => !trades[m]).map((a) => c.actorIds[a]));
    positions.push(order.map((m) => ar.fromInput(iss.position[m])));
    const lower = ar.fromInput(iss.scale.low);
    const upper = ar.fromInput(iss.scale.high);
    return {
      id: iss.id,
      ar,
      lower,
      upper,
      step: stepOf(ar, lower, upper),
      members,
      slot,
      salience,
      power,
      trades,
    };
  });
  return {
    input: { actorIds: [...c.actorIds], actorNames: [...c.actorNames], issues, positions },
    notes,
    idle,
  };
}
