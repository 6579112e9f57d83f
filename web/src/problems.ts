/** Validation problems as people read them: the field, the message, the line when known. */
import type { ApiProblem } from "./api.js";
import { h } from "./dom.js";

export function problemText(p: ApiProblem): string {
  const where = [p.line !== undefined ? `line ${p.line}` : null, p.field || null]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${p.message}` : p.message;
}

export function problemList(
  problems: ApiProblem[],
  onSelect?: (p: ApiProblem) => void,
): HTMLElement {
  return h(
    "ul",
    { class: "problems" },
    problems.map((p) =>
      h(
        "li",
        {},
        onSelect
          ? h("button", { class: "link", onclick: () => onSelect(p) }, problemText(p))
          : problemText(p),
      ),
    ),
  );
}
