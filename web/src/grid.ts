/**
 * The stakeholder grid: actors down, issues across, each cell an actor's position
 * and salience on the issue, with the capability column beside the names. Built for
 * the keyboard: arrows move between cells (left/right once the caret is at the
 * edge of the text), Enter moves down, Shift+Enter up, Escape restores the value the
 * cell had when it was entered. The bar under the grid shows the focused cell's
 * issue scale with its anchor labels, its rationale, and its problems.
 */
import { h, mount } from "./dom.js";
import { numberText, stanceKey, type Row } from "./model.js";
import type { Editor } from "./editor.js";

export function renderGrid(editor: Editor): HTMLElement {
  const { model } = editor;
  const detail = h(
    "div",
    { class: "cell-detail", id: "cell-detail" },
    h(
      "span",
      { class: "hint" },
      "Select a cell to see the issue's scale and the stance's rationale.",
    ),
  );
  let restoreValue = "";

  const issueHeader = (issue: Row) => {
    const anchors = ((issue.data.anchors as { value: number; label: string }[] | undefined) ?? [])
      .map((a) => `${a.value} = ${a.label}`)
      .join("\n");
    const scale = issue.data.scale as { low?: unknown; high?: unknown } | undefined;
    return h(
      "th",
      {
        colspan: 2,
        class: "issue-head",
        "data-path": `issues.${model.issues.indexOf(issue)}`,
        title: `${String(issue.data.name)}\nscale ${numberText(scale?.low)}–${numberText(scale?.high)}${anchors ? `\n${anchors}` : ""}`,
      },
      h("span", { class: "issue-name" }, String(issue.data.name ?? issue.data.id)),
      h("span", { class: "issue-id" }, String(issue.data.id ?? "")),
    );
  };

  const input = (
    attrs: Record<string, string | number>,
    value: string,
    onInput: (text: string) => void,
    label: string,
  ) =>
    h("input", {
      ...attrs,
      type: "text",
      autocomplete: "off",
      spellcheck: "false",
      "aria-label": label,
      value,
      oninput: (e: Event) => onInput((e.target as HTMLInputElement).value),
      onfocus: (e: Event) => {
        restoreValue = (e.target as HTMLInputElement).value;
        (e.target as HTMLInputElement).select();
      },
    });

  const rows = model.actors.map((actor, r) => {
    const cells: HTMLElement[] = [];
    let c = 0;
    const actorName = String(actor.data.name ?? actor.data.id);
    cells.push(
      h(
        "th",
        { class: "actor-cell", scope: "row" },
        input(
          {
            class: "name",
            "data-r": r,
            "data-c": c++,
            "data-path": `actors.${r}.name`,
            title: String(actor.data.name ?? ""),
          },
          String(actor.data.name ?? ""),
          (t) => {
            actor.data.name = t;
            editor.changed();
          },
          `Name of actor ${r + 1}`,
        ),
      ),
    );
    cells.push(
      h(
        "td",
        { class: "id-cell" },
        input(
          { class: "id", "data-r": r, "data-c": c++, "data-path": `actors.${r}.id` },
          String(actor.data.id ?? ""),
          (t) => {
            model.setActorId(actor, t);
            editor.changed();
          },
          `Id of ${actorName}`,
        ),
      ),
    );
    cells.push(
      h(
        "td",
        { class: "capability-cell" },
        input(
          {
            class: "num capability",
            inputmode: "decimal",
            "data-r": r,
            "data-c": c++,
            "data-path": `actors.${r}.capability`,
          },
          numberText(actor.data.capability),
          (t) => {
            setField(actor.data, "capability", t);
            editor.changed();
          },
          `Capability of ${actorName}`,
        ),
      ),
    );
    for (const issue of model.issues) {
      const key = stanceKey(actor.key, issue.key);
      const s = model.stance(actor.key, issue.key);
      const issueName = String(issue.data.name ?? issue.data.id);
      for (const field of ["position", "salience"] as const) {
        const cell = input(
          {
            class: `num stance ${field}`,
            inputmode: "decimal",
            "data-r": r,
            "data-c": c++,
            "data-path": `cell.${key}.${field}`,
            "data-actor": actor.key,
            "data-issue": issue.key,
            placeholder: field === "position" ? "pos" : "sal",
          },
          numberText(s?.[field]),
          (t) => {
            model.setStanceField(actor.key, issue.key, field, t);
            editor.changed();
            showDetail(actor, issue);
          },
          `${field} of ${actorName} on ${issueName}`,
        );
        if (s?.rationale) cell.title = String(s.rationale);
        cell.addEventListener("focus", () => showDetail(actor, issue));
        cells.push(
          h("td", { class: `stance-cell ${field}${field === "salience" ? " last" : ""}` }, cell),
        );
      }
    }
    cells.push(
      h(
        "td",
        { class: "row-actions" },
        h(
          "button",
          {
            class: "icon",
            title: `Remove ${actorName} and its stances`,
            "aria-label": `Remove ${actorName}`,
            onclick: () => editor.removeActor(actor),
          },
          "×",
        ),
      ),
    );
    return h("tr", { "data-actor": actor.key }, cells);
  });

  function showDetail(actor: Row, issue: Row): void {
    const s = model.stance(actor.key, issue.key);
    const scale = issue.data.scale as { low?: unknown; high?: unknown } | undefined;
    const anchors = (issue.data.anchors as { value: number; label: string }[] | undefined) ?? [];
    const rp = issue.data.referencePoint;
    const key = stanceKey(actor.key, issue.key);
    const rationale = h("input", {
      type: "text",
      class: "rationale",
      id: "rationale",
      "data-path": `cell.${key}.rationale`,
      value: String(s?.rationale ?? ""),
      placeholder: s
        ? "Why this position and salience (one line, with the source)"
        : "Enter a position and salience first",
      disabled: !s,
      "aria-label": "Rationale",
      oninput: (e: Event) => {
        model.setStanceField(
          actor.key,
          issue.key,
          "rationale",
          (e.target as HTMLInputElement).value,
        );
        editor.changed();
      },
    });
    mount(
      detail,
      h(
        "div",
        { class: "detail-head" },
        h("strong", {}, String(actor.data.name)),
        " on ",
        h("strong", {}, String(issue.data.name)),
      ),
      h(
        "div",
        { class: "scale" },
        `Scale ${numberText(scale?.low)}–${numberText(scale?.high)}`,
        rp !== undefined ? ` · reference point ${numberText(rp)}` : "",
        anchors.length > 0
          ? h(
              "ul",
              { class: "anchors" },
              anchors.map((a) => h("li", {}, h("b", {}, numberText(a.value)), ` ${a.label}`)),
            )
          : null,
      ),
      h("label", { class: "rationale-label" }, "Rationale ", rationale),
      h(
        "div",
        { class: "cell-problems", id: "cell-problems" },
        editor.problemsAt(`cell.${key}`).map((m) => h("div", { class: "problem" }, m)),
      ),
    );
  }

  const grid = h(
    "table",
    {
      class: "grid",
      id: "stakeholder-grid",
      "aria-label": "Stakeholder table: position and salience of each actor on each issue",
    },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { rowspan: 2, class: "text" }, "Actor"),
        h("th", { rowspan: 2 }, "id"),
        h(
          "th",
          { rowspan: 2, title: "Relative ability to sway outcomes; only ratios matter" },
          "Capability",
        ),
        model.issues.map(issueHeader),
        h("th", { rowspan: 2 }, ""),
      ),
      h(
        "tr",
        { class: "sub" },
        model.issues.map(() => [
          h("th", { title: "Position on the issue's scale" }, "pos"),
          h("th", { title: "Salience 0–100" }, "sal"),
        ]),
      ),
    ),
    h("tbody", {}, rows),
  );

  grid.addEventListener("keydown", (e) => {
    const target = e.target as HTMLInputElement;
    if (target.tagName !== "INPUT" || target.dataset.r === undefined) return;
    const r = Number(target.dataset.r);
    const c = Number(target.dataset.c);
    const move = (dr: number, dc: number) => {
      const next = grid.querySelector<HTMLInputElement>(
        `input[data-r="${r + dr}"][data-c="${c + dc}"]`,
      );
      if (next) {
        e.preventDefault();
        next.focus();
      }
    };
    const atStart = target.selectionStart === 0 && target.selectionEnd === 0;
    const atEnd =
      target.selectionStart === target.value.length && target.selectionEnd === target.value.length;
    const allSelected = target.selectionStart === 0 && target.selectionEnd === target.value.length;
    switch (e.key) {
      case "ArrowUp":
        move(-1, 0);
        break;
      case "ArrowDown":
        move(1, 0);
        break;
      case "ArrowLeft":
        if (atStart || allSelected) move(0, -1);
        break;
      case "ArrowRight":
        if (atEnd || allSelected) move(0, 1);
        break;
      case "Enter":
        move(e.shiftKey ? -1 : 1, 0);
        break;
      case "Escape":
        if (target.value !== restoreValue) {
          target.value = restoreValue;
          target.dispatchEvent(new Event("input", { bubbles: true }));
          target.select();
        }
        break;
    }
  });

  return h(
    "div",
    { class: "grid-panel" },
    h(
      "div",
      { class: "toolbar" },
      h("button", { onclick: () => editor.addActor(), id: "add-actor" }, "+ Actor"),
      h("button", { onclick: () => editor.addIssue(), id: "add-issue" }, "+ Issue"),
      h(
        "span",
        { class: "hint" },
        "Arrows move between cells · Enter moves down · Esc undoes the cell · an empty cell means no stance · Ctrl+S saves · Ctrl+Enter runs",
      ),
    ),
    h("div", { class: "grid-scroll" }, grid),
    detail,
  );
}

function setField(target: Record<string, unknown>, field: string, text: string): void {
  const t = text.trim();
  if (t === "") delete target[field];
  else {
    const n = Number(t.replace(",", "."));
    target[field] = Number.isFinite(n) ? n : t;
  }
}
