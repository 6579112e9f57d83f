/**
 * Unsaved edits kept across reloads: the working copy of a scenario is written to
 * localStorage (one entry per scenario id, `new` for a scenario not yet created) on
 * every edit, offered back when the scenario is opened again, and cleared on save.
 */
import type { Scenario } from "./api.js";

export interface Draft {
  /** When the draft was written (ISO time). */
  savedAt: string;
  /** The stored version the edits started from (0: not yet created). */
  baseVersion: number;
  scenario: Scenario;
}

const PREFIX = "entente:draft:";

/** The storage key of a scenario's draft; `undefined` is a new, not yet created scenario. */
export const draftKey = (id: string | undefined): string => PREFIX + (id ?? "new");

/** The minimal storage the drafts need (window.localStorage, or a stand-in in tests). */
export type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function storage(): DraftStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: drafts are simply not kept
  }
}

export function readDraft(id: string | undefined, store = storage()): Draft | undefined {
  const text = store?.getItem(draftKey(id));
  if (!text) return undefined;
  try {
    const d = JSON.parse(text) as Partial<Draft>;
    if (typeof d.savedAt !== "string" || typeof d.scenario !== "object" || d.scenario === null)
      return undefined;
    return { savedAt: d.savedAt, baseVersion: Number(d.baseVersion) || 0, scenario: d.scenario };
  } catch {
    return undefined;
  }
}

export function writeDraft(id: string | undefined, draft: Draft, store = storage()): void {
  try {
    store?.setItem(draftKey(id), JSON.stringify(draft));
  } catch {
    // quota exceeded: the draft is not kept; the edits are still on the page
  }
}

export function clearDraft(id: string | undefined, store = storage()): void {
  store?.removeItem(draftKey(id));
}

/** Whether a draft holds anything the stored scenario does not (same document: nothing to offer). */
export function draftDiffers(draft: Draft, stored: Scenario): boolean {
  return JSON.stringify(draft.scenario) !== JSON.stringify(stored);
}
