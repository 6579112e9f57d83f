/**
 * The editor's working copy of a scenario. Actors and issues carry a stable key
 * each, and stances are kept by (actor key, issue key), so renaming an actor's id
 * or reordering never confuses whose stance is whose. `toScenario()` writes the
 * document back in the file format (stances in their original order, new ones
 * last), keeping every field the editor does not know (uncertainty, rules, …).
 *
 * While a person types, a field may hold text that is not a number yet; it is kept
 * as typed, and the server's validation names the field.
 */
import type { Scenario } from "./api.js";
import { renameInRulesAndWhatIfs } from "../../src/scenario/rename-actor.js";

type Loose = Record<string, unknown>;

export interface Row {
  key: number;
  data: Loose;
}

export class ScenarioModel {
  top: Loose;
  actors: Row[];
  issues: Row[];
  /** Stances by `actorKey:issueKey`, without the actor and issue fields. */
  stances = new Map<string, Loose>();
  /** Stance keys in document order. */
  order: string[] = [];
  private nextKey = 1;

  constructor(scenario: Scenario) {
    const { actors, issues, stances, ...top } = structuredClone(scenario) as unknown as Loose & {
      actors: Loose[];
      issues: Loose[];
      stances: Loose[];
    };
    this.top = top;
    this.actors = actors.map((data) => ({ key: this.nextKey++, data }));
    this.issues = issues.map((data) => ({ key: this.nextKey++, data }));
    for (const s of stances) {
      const a = this.actors.find((r) => r.data.id === s.actor);
      const i = this.issues.find((r) => r.data.id === s.issue);
      if (!a || !i) continue;
      const { actor: _a, issue: _i, ...rest } = s;
      const key = stanceKey(a.key, i.key);
      if (this.stances.has(key)) continue;
      this.stances.set(key, rest);
      this.order.push(key);
    }
  }

  get metadata(): Loose {
    return (this.top.metadata ??= {}) as Loose;
  }

  /** The document, and the stance key of each `stances[i]` (to place validation problems). */
  toScenario(): { scenario: Scenario; stanceKeys: string[] } {
    const byKey = new Map<number, Row>();
    for (const r of [...this.actors, ...this.issues]) byKey.set(r.key, r);
    const stances: Loose[] = [];
    const stanceKeys: string[] = [];
    for (const key of this.order) {
      const s = this.stances.get(key);
      const [a, i] = key.split(":").map(Number);
      const actor = byKey.get(a);
      const issue = byKey.get(i);
      if (!s || !actor || !issue) continue;
      stances.push({ actor: actor.data.id, issue: issue.data.id, ...s });
      stanceKeys.push(key);
    }
    const scenario = {
      ...this.top,
      actors: this.actors.map((r) => r.data),
      issues: this.issues.map((r) => r.data),
      stances,
    } as unknown as Scenario;
    return { scenario: structuredClone(scenario), stanceKeys };
  }

  /** Per actor row: the id the rules and what-ifs name it by (see `setActorId`). */
  private referredAs = new Map<number, string>();

  /**
   * Gives an actor a new id as it is typed, and has the decision rules and what-ifs
   * follow it (stances are kept by row, so they follow anyway). While the typed id is
   * another actor's, or the id they name it by has been taken by another actor since,
   * they are left alone, so two actors' references never mix; they follow again once
   * the id is the actor's own.
   */
  setActorId(row: Row, id: string): void {
    const referred = this.referredAs.get(row.key) ?? String(row.data.id ?? "");
    row.data.id = id;
    const others = new Set(this.actors.filter((r) => r !== row).map((r) => String(r.data.id)));
    if (others.has(id) || others.has(referred) || referred === id || referred === "") {
      if (!this.referredAs.has(row.key)) this.referredAs.set(row.key, referred);
      return;
    }
    renameInRulesAndWhatIfs(
      this.top,
      this.issues.map((r) => r.data),
      referred,
      id,
    );
    this.referredAs.set(row.key, id);
  }

  stance(actorKey: number, issueKey: number): Loose | undefined {
    return this.stances.get(stanceKey(actorKey, issueKey));
  }

  /** Sets a stance field from typed text; an empty stance (no position, salience or rationale) is removed. */
  setStanceField(
    actorKey: number,
    issueKey: number,
    field: "position" | "salience" | "rationale",
    text: string,
  ): void {
    const key = stanceKey(actorKey, issueKey);
    let s = this.stances.get(key);
    if (!s) {
      if (text.trim() === "") return;
      s = {};
      this.stances.set(key, s);
      this.order.push(key);
    }
    if (field === "rationale") {
      if (text.trim() === "") delete s.rationale;
      else s.rationale = text;
    } else setNumber(s, field, text);
    if (
      s.position === undefined &&
      s.salience === undefined &&
      s.rationale === undefined &&
      Object.keys(s).length === 0
    ) {
      this.stances.delete(key);
      this.order = this.order.filter((k) => k !== key);
    }
  }

  addActor(): Row {
    const id = uniqueId(
      "actor",
      this.actors.map((r) => String(r.data.id)),
    );
    const row = {
      key: this.nextKey++,
      data: { id, name: `New actor ${this.actors.length + 1}`, capability: 10 },
    };
    this.actors.push(row);
    return row;
  }

  addIssue(): Row {
    const id = uniqueId(
      "issue",
      this.issues.map((r) => String(r.data.id)),
    );
    const row = {
      key: this.nextKey++,
      data: {
        id,
        name: `New issue ${this.issues.length + 1}`,
        scale: { low: 0, high: 100 },
        referencePoint: 50,
      } as Loose,
    };
    this.issues.push(row);
    return row;
  }

  /** Removes an actor and its stances; returns what is needed to put them back. */
  removeActor(key: number): () => void {
    return this.removeRow("actors", key);
  }

  removeIssue(key: number): () => void {
    return this.removeRow("issues", key);
  }

  private removeRow(list: "actors" | "issues", key: number): () => void {
    const index = this[list].findIndex((r) => r.key === key);
    if (index < 0) return () => undefined;
    const [row] = this[list].splice(index, 1);
    const removed = this.order
      .map((k, position) => ({ k, position, s: this.stances.get(k)! }))
      .filter(({ k }) => k.split(":").map(Number).includes(key));
    for (const { k } of removed) this.stances.delete(k);
    this.order = this.order.filter((k) => !removed.some((r) => r.k === k));
    return () => {
      this[list].splice(index, 0, row);
      for (const { k, position, s } of removed) {
        this.stances.set(k, s);
        this.order.splice(Math.min(position, this.order.length), 0, k);
      }
    };
  }
}

export function stanceKey(actorKey: number, issueKey: number): string {
  return `${actorKey}:${issueKey}`;
}

/** Parses typed text as a number (a decimal comma is accepted); empty removes the field; other text is kept as typed. */
export function setNumber(target: Loose, field: string, text: string): void {
  const t = text.trim();
  if (t === "") {
    delete target[field];
    return;
  }
  const n = Number(t.replace(",", "."));
  target[field] = Number.isFinite(n) ? n : t;
}

export function numberText(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

function uniqueId(prefix: string, taken: string[]): string {
  for (let n = taken.length + 1; ; n++) {
    const id = `${prefix}-${n}`;
    if (!taken.includes(id)) return id;
  }
}
