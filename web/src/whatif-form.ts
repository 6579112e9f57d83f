/**
 * The what-ifs as a list editor (syntax: docs/rules-and-what-ifs.md, schema:
 * `WhatIf` in src/scenario/uncertainty.ts): each what-if has an id, a name, a
 * rationale and its changes, applied in order: set or scale an actor's capability,
 * position or salience (on one issue or every issue it has a stance on), remove an
 * actor, merge actors. The results' what-if table runs them next to the scenario.
 */
import { h } from "./dom.js";
import type { Editor } from "./editor.js";
import {
  actorChecks,
  actorOptions,
  numberField,
  selectField,
  textField,
  type ActorOption,
  type Loose,
} from "./form-fields.js";
import { numberText } from "./model.js";

type Op = "set" | "scale" | "remove" | "merge";

const OPS: { value: Op; label: string }[] = [
  { value: "set", label: "Set" },
  { value: "scale", label: "Scale" },
  { value: "remove", label: "Remove actor" },
  { value: "merge", label: "Merge actors" },
];

const FIELDS = [
  { value: "capability", label: "capability" },
  { value: "position", label: "position" },
  { value: "salience", label: "salience" },
];

/** A change of kind `op` that keeps the actor (and field) of the change it replaces. */
export function convertChange(previous: Loose, op: Op, actors: ActorOption[]): Loose {
  const first = typeof previous.actor === "string" ? previous.actor : (actors[0]?.id ?? "");
  const field = typeof previous.field === "string" ? previous.field : "capability";
  const issue = typeof previous.issue === "string" ? { issue: previous.issue } : {};
  switch (op) {
    case "set":
      return { op, actor: first, ...issue, field, value: previous.value ?? 50 };
    case "scale":
      return { op, actor: first, ...issue, field, by: previous.by ?? 2 };
    case "remove":
      return { op, actor: first };
    case "merge": {
      const members = Array.isArray(previous.actors)
        ? (previous.actors as string[])
        : [first, actors.find((a) => a.id !== first)?.id ?? ""].filter(Boolean);
      return { op, actors: members };
    }
  }
}

/** A what-if id not yet taken: what-if-1, what-if-2, … */
export function newWhatIfId(taken: string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`what-if-${n}`)) return `what-if-${n}`;
}

export function renderWhatIfs(editor: Editor): HTMLElement {
  const { model } = editor;
  const top = model.top;
  const actors: ActorOption[] = model.actors.map((r) => ({
    id: String(r.data.id ?? ""),
    name: String(r.data.name || r.data.id || "?"),
  }));
  const issues = model.issues.map((r) => ({
    value: String(r.data.id ?? ""),
    label: String(r.data.name || r.data.id || "?"),
  }));
  const list = Array.isArray(top.whatIfs) ? (top.whatIfs as Loose[]) : [];
  const changed = () => editor.changed();
  const redraw = (focus?: string) => editor.changed(true, focus);

  const cards = list.map((w, i) => {
    const path = `whatIfs.${i}`;
    const changes = Array.isArray(w.changes) ? (w.changes as Loose[]) : (w.changes = []);
    return h(
      "fieldset",
      { class: "issue-card whatif-card", "data-path": path },
      h("legend", {}, String(w.name || w.id || `what-if ${i + 1}`)),
      h(
        "div",
        { class: "row" },
        textField("Id", w, "id", `${path}.id`, changed),
        textField("Name", w, "name", `${path}.name`, changed, { class: "wide" }),
      ),
      textField("Rationale (why compare this)", w, "rationale", `${path}.rationale`, changed, {
        class: "wide",
      }),
      h(
        "div",
        { class: "whatif-changes", "data-path": `${path}.changes` },
        h("span", { class: "field-label" }, "Changes, applied in order"),
        changes.map((c, j) =>
          changeRow(c, `${path}.changes.${j}`, actors, issues, changed, redraw, (next) => {
            if (next === null) changes.splice(j, 1);
            else changes[j] = next;
            redraw(next === null ? `add-change-${i}` : `f:${path}.changes.${j}.op`);
          }),
        ),
        h(
          "button",
          {
            class: "small",
            type: "button",
            id: `add-change-${i}`,
            onclick: () => {
              changes.push(convertChange(changes[changes.length - 1] ?? {}, "scale", actors));
              redraw(`f:${path}.changes.${changes.length - 1}.op`);
            },
          },
          "+ Change",
        ),
      ),
      h(
        "div",
        { class: "card-actions" },
        h(
          "button",
          {
            class: "small danger",
            type: "button",
            onclick: () => {
              list.splice(i, 1);
              if (list.length === 0) delete top.whatIfs;
              redraw("add-what-if");
            },
          },
          "Remove what-if",
        ),
      ),
    );
  });

  return h(
    "div",
    { class: "whatifs-panel" },
    h("h2", { id: "whatifs-heading", tabindex: "-1" }, "What-ifs"),
    h(
      "datalist",
      { id: "position-keywords" },
      ["low", "high", "extreme"].map((k) => h("option", { value: k })),
    ),
    h(
      "p",
      { class: "hint" },
      "Named changes of the inputs, run next to the scenario as it is (the what-if table in the results, entente compare). " +
        "A difference is what the model does with the change, not a measured effect. The syntax is in docs/rules-and-what-ifs.md.",
    ),
    list.length === 0 ? h("p", { class: "empty" }, "No what-ifs yet.") : cards,
    h(
      "div",
      { class: "toolbar" },
      h(
        "button",
        {
          type: "button",
          id: "add-what-if",
          onclick: () => {
            const id = newWhatIfId(list.map((w) => String(w.id)));
            list.push({
              id,
              name: `What-if ${list.length + 1}`,
              changes: [convertChange({}, "scale", actors)],
            });
            top.whatIfs = list;
            redraw(`f:whatIfs.${list.length - 1}.name`);
          },
        },
        "+ What-if",
      ),
    ),
  );
}

/** One change: its kind, then the fields of that kind; `replace(null)` removes it. */
function changeRow(
  c: Loose,
  path: string,
  actors: ActorOption[],
  issues: { value: string; label: string }[],
  changed: () => void,
  redraw: (focus?: string) => void,
  replace: (next: Loose | null) => void,
): HTMLElement {
  const op = (typeof c.op === "string" ? c.op : "set") as Op;
  const actorSelect = () =>
    selectField(
      "Actor",
      `${path}.actor`,
      String(c.actor ?? ""),
      actorOptions(actors, c.actor),
      (v) => {
        c.actor = v;
        changed();
      },
    );
  const fields: (HTMLElement | null)[] = [];
  if (op === "set" || op === "scale") {
    const capability = c.field === "capability";
    fields.push(
      actorSelect(),
      selectField("Field", `${path}.field`, String(c.field ?? ""), FIELDS, (v) => {
        c.field = v;
        if (v === "capability") delete c.issue;
        redraw(`f:${path}.field`);
      }),
      capability
        ? null
        : selectField(
            "Issue",
            `${path}.issue`,
            typeof c.issue === "string" ? c.issue : "",
            [{ value: "", label: "Every issue it has a stance on" }, ...issues],
            (v) => {
              if (v === "") delete c.issue;
              else c.issue = v;
              changed();
            },
          ),
      op === "set"
        ? h(
            "label",
            { class: "field" },
            h("span", { class: "field-label" }, "Value"),
            h("input", {
              type: "text",
              class: "num",
              id: `f:${path}.value`,
              "data-path": `${path}.value`,
              value: numberText(c.value),
              list: c.field === "position" ? "position-keywords" : null,
              title:
                c.field === "position"
                  ? "A number on the issue's scale, or low, high, extreme (the end nearer the position)"
                  : null,
              oninput: (e: Event) => {
                const t = (e.target as HTMLInputElement).value.trim();
                if (t === "") delete c.value;
                else {
                  const n = Number(t.replace(",", "."));
                  c.value = Number.isFinite(n) ? n : t;
                }
                changed();
              },
            }),
          )
        : numberField("By (factor)", c, "by", `${path}.by`, changed),
    );
  } else if (op === "remove") fields.push(actorSelect());
  else
    fields.push(
      actorChecks("Actors to merge", c, "actors", path, actors, () => redraw(), false),
      textField("Into (id, optional)", c, "into", `${path}.into`, changed),
      textField("Name (optional)", c, "name", `${path}.name`, changed),
    );
  return h(
    "div",
    { class: "change-row", "data-path": path },
    selectField("Change", `${path}.op`, op, OPS, (v) => replace(convertChange(c, v as Op, actors))),
    fields,
    h(
      "button",
      {
        class: "icon",
        type: "button",
        title: "Remove this change",
        "aria-label": "Remove this change",
        onclick: () => replace(null),
      },
      "×",
    ),
  );
}
