/**
 * Small form controls shared by the rule and what-if editors. Each writes into a
 * plain object of the working copy and tells the editor; each carries its document
 * path (`data-path`, which is how validation problems find it) and an id made from
 * that path, so focus can come back to it after the form is drawn again.
 */
import { h } from "./dom.js";
import { numberText, setNumber } from "./model.js";

export type Loose = Record<string, unknown>;

/** An actor as the forms offer it: its id (what files hold) and its name. */
export interface ActorOption {
  id: string;
  name: string;
}

/** The element id of the control at a document path (stable across redraws). */
export const fieldId = (path: string): string => `f:${path}`;

/** A labelled text input at a document path; `onInput` gets the text as typed. */
export function labelledInput(
  label: string,
  path: string,
  value: string,
  onInput: (text: string) => void,
  attrs: Record<string, string | number | boolean | EventListener | undefined> = {},
): HTMLElement {
  return h(
    "label",
    { class: "field" },
    h("span", { class: "field-label" }, label),
    h("input", {
      type: "text",
      value,
      "data-path": path,
      oninput: (e: Event) => onInput((e.target as HTMLInputElement).value),
      ...attrs,
    }),
  );
}

/** A labelled number input: typed text is kept until it is a number; empty removes the field. */
export function numberField(
  label: string,
  target: Loose,
  key: string,
  path: string,
  changed: () => void,
  hint?: string,
): HTMLElement {
  return labelledInput(
    label,
    path,
    numberText(target[key]),
    (text) => {
      setNumber(target, key, text);
      changed();
    },
    { class: "num", inputmode: "decimal", id: fieldId(path), title: hint },
  );
}

/** A labelled text input; empty removes the field. */
export function textField(
  label: string,
  target: Loose,
  key: string,
  path: string,
  changed: () => void,
  attrs: Record<string, string> = {},
): HTMLElement {
  return labelledInput(
    label,
    path,
    target[key] === undefined ? "" : String(target[key]),
    (text) => {
      if (text.trim() === "") delete target[key];
      else target[key] = text;
      changed();
    },
    { id: fieldId(path), ...attrs },
  );
}

/** A labelled select; `onPick` gets the chosen value. */
export function selectField(
  label: string,
  path: string,
  value: string,
  options: { value: string; label: string }[],
  onPick: (value: string) => void,
): HTMLElement {
  return h(
    "label",
    { class: "field" },
    h("span", { class: "field-label" }, label),
    h(
      "select",
      {
        id: fieldId(path),
        "data-path": path,
        onchange: (e: Event) => onPick((e.target as HTMLSelectElement).value),
      },
      options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)),
    ),
  );
}

/** Actor options for a select, with any id the data names that is not an actor (to be fixed). */
export function actorOptions(
  actors: ActorOption[],
  current: unknown,
): { value: string; label: string }[] {
  const options = actors.map((a) => ({ value: a.id, label: a.name }));
  if (typeof current === "string" && current !== "" && !actors.some((a) => a.id === current))
    options.push({ value: current, label: `${current} (no such actor)` });
  return options;
}

/**
 * A set of actors as checkboxes, written as a list of ids (`target[key]`); an empty
 * list is removed when `dropEmpty`. Ids in the list that are not actors stay listed,
 * checked, so they can be unticked. Each ticked box carries the path of its list entry.
 */
export function actorChecks(
  label: string,
  target: Loose,
  key: string,
  path: string,
  actors: ActorOption[],
  changed: () => void,
  dropEmpty = true,
  unknownNote = "no such actor",
): HTMLElement {
  const raw = target[key];
  const list = typeof raw === "string" ? [raw] : Array.isArray(raw) ? (raw as string[]) : [];
  const single = typeof raw === "string";
  const extra = list.filter((id) => !actors.some((a) => a.id === id));
  const all = [...actors, ...extra.map((id) => ({ id, name: `${id} (${unknownNote})` }))];
  return h(
    "fieldset",
    { class: "actor-checks", "data-path": `${path}.${key}` },
    h("legend", { class: "field-label" }, label),
    all.map((a) => {
      const index = list.indexOf(a.id);
      return h(
        "label",
        { class: "check" },
        h("input", {
          type: "checkbox",
          id: fieldId(`${path}.${key}.@${a.id}`),
          "data-path": index < 0 ? null : single ? `${path}.${key}` : `${path}.${key}.${index}`,
          checked: index >= 0,
          onchange: (e: Event) => {
            const on = (e.target as HTMLInputElement).checked;
            const next = on ? [...list, a.id] : list.filter((id) => id !== a.id);
            if (next.length === 0 && dropEmpty) delete target[key];
            else target[key] = next;
            changed();
          },
        }),
        ` ${a.name}`,
      );
    }),
  );
}
