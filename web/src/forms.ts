/**
 * The issue definitions (name, scale, reference point, anchor labels) and the
 * scenario's description, as forms. Every field carries its document path
 * (`data-path`), which is how validation problems find their field.
 */
import { h } from "./dom.js";
import { numberText, setNumber } from "./model.js";
import type { Editor } from "./editor.js";
import { labelledInput, type Loose } from "./form-fields.js";

export function renderIssues(editor: Editor): HTMLElement {
  const { model } = editor;
  const cards = model.issues.map((issue, k) => {
    const d = issue.data;
    const scale = (d.scale ??= {}) as Loose;
    const anchors = (d.anchors as Loose[] | undefined) ?? [];
    const anchorRows = anchors.map((a, j) =>
      h(
        "div",
        { class: "anchor-row" },
        h("input", {
          type: "text",
          class: "num",
          inputmode: "decimal",
          "aria-label": "Anchor value",
          "data-path": `issues.${k}.anchors.${j}.value`,
          value: numberText(a.value),
          oninput: (e: Event) => {
            setNumber(a, "value", (e.target as HTMLInputElement).value);
            editor.changed();
          },
        }),
        h("input", {
          type: "text",
          class: "anchor-label",
          "aria-label": "Anchor label",
          "data-path": `issues.${k}.anchors.${j}.label`,
          id: `f:issues.${k}.anchors.${j}.label`,
          value: String(a.label ?? ""),
          placeholder: "what this point of the scale means",
          oninput: (e: Event) => {
            a.label = (e.target as HTMLInputElement).value;
            editor.changed();
          },
        }),
        h(
          "button",
          {
            class: "icon",
            title: "Remove this anchor",
            onclick: () => {
              anchors.splice(j, 1);
              if (anchors.length === 0) delete d.anchors;
              editor.changed(true, `add-anchor-${k}`);
            },
          },
          "×",
        ),
      ),
    );
    return h(
      "fieldset",
      { class: "issue-card", "data-path": `issues.${k}` },
      h("legend", {}, String(d.name || d.id || `issue ${k + 1}`)),
      h(
        "div",
        { class: "row" },
        labelledInput(
          "Name",
          `issues.${k}.name`,
          String(d.name ?? ""),
          (t) => {
            d.name = t;
            editor.changed();
          },
          { class: "wide", id: `f:issues.${k}.name`, onchange: () => editor.refreshGrid() },
        ),
        labelledInput(
          "Id",
          `issues.${k}.id`,
          String(d.id ?? ""),
          (t) => {
            d.id = t;
            editor.changed();
          },
          { onchange: () => editor.refreshGrid() },
        ),
      ),
      h(
        "div",
        { class: "row" },
        labelledInput(
          "Scale low",
          `issues.${k}.scale.low`,
          numberText(scale.low),
          (t) => {
            setNumber(scale, "low", t);
            editor.changed();
          },
          { inputmode: "decimal", class: "num" },
        ),
        labelledInput(
          "Scale high",
          `issues.${k}.scale.high`,
          numberText(scale.high),
          (t) => {
            setNumber(scale, "high", t);
            editor.changed();
          },
          { inputmode: "decimal", class: "num" },
        ),
        labelledInput(
          "Reference point (status quo)",
          `issues.${k}.referencePoint`,
          numberText(d.referencePoint),
          (t) => {
            setNumber(d, "referencePoint", t);
            editor.changed();
          },
          { inputmode: "decimal", class: "num" },
        ),
      ),
      h(
        "div",
        { class: "anchors-editor", "data-path": `issues.${k}.anchors` },
        h("span", { class: "field-label" }, "Anchor labels"),
        anchorRows,
        h(
          "button",
          {
            class: "small",
            id: `add-anchor-${k}`,
            onclick: () => {
              const list = ((d.anchors as Loose[] | undefined) ?? []) as Loose[];
              list.push({ value: scale.low ?? 0, label: "" });
              d.anchors = list;
              editor.changed(true, `f:issues.${k}.anchors.${list.length - 1}.label`);
            },
          },
          "+ Anchor",
        ),
      ),
      h(
        "label",
        { class: "field" },
        h("span", { class: "field-label" }, "Description"),
        h(
          "textarea",
          {
            rows: 2,
            "data-path": `issues.${k}.description`,
            oninput: (e: Event) => {
              const t = (e.target as HTMLTextAreaElement).value;
              if (t.trim() === "") delete d.description;
              else d.description = t;
              editor.changed();
            },
          },
          String(d.description ?? ""),
        ),
      ),
      h(
        "div",
        { class: "card-actions" },
        h(
          "button",
          { class: "small danger", onclick: () => editor.removeIssue(issue) },
          "Remove issue",
        ),
      ),
    );
  });
  return h(
    "div",
    { class: "issues-panel" },
    h(
      "div",
      { class: "toolbar" },
      h("button", { id: "add-issue-form", onclick: () => editor.addIssue() }, "+ Issue"),
    ),
    cards,
  );
}

export function renderAbout(editor: Editor): HTMLElement {
  const meta = editor.model.metadata;
  const text = (label: string, key: string, rows: number) =>
    h(
      "label",
      { class: "field" },
      h("span", { class: "field-label" }, label),
      h(
        "textarea",
        {
          rows,
          "data-path": `metadata.${key}`,
          oninput: (e: Event) => {
            const t = (e.target as HTMLTextAreaElement).value;
            if (t.trim() === "") delete meta[key];
            else meta[key] = t;
            editor.changed();
          },
        },
        String(meta[key] ?? ""),
      ),
    );
  const sources =
    (meta.sources as (string | { title: string; url?: string; note?: string })[] | undefined) ?? [];
  return h(
    "div",
    { class: "about-panel" },
    h(
      "div",
      { class: "row" },
      labelledInput(
        "Title",
        "metadata.title",
        String(meta.title ?? ""),
        (t) => {
          meta.title = t;
          editor.changed();
          editor.titleChanged();
        },
        { class: "wide", id: "scenario-title" },
      ),
      labelledInput(
        "As of (YYYY-MM-DD)",
        "metadata.asOf",
        String(meta.asOf ?? ""),
        (t) => {
          if (t.trim() === "") delete meta.asOf;
          else meta.asOf = t.trim();
          editor.changed();
        },
        { placeholder: "2016-11-20" },
      ),
    ),
    text("Description: the question the scenario answers", "description", 4),
    text("Notes: how capabilities and saliences were set, caveats", "notes", 6),
    sources.length > 0
      ? h(
          "div",
          { class: "sources" },
          h("span", { class: "field-label" }, "Sources (edit in the YAML file)"),
          h(
            "ul",
            {},
            sources.map((s) =>
              h(
                "li",
                {},
                typeof s === "string" ? s : [s.title, s.note].filter(Boolean).join(" — "),
              ),
            ),
          ),
        )
      : null,
  );
}
