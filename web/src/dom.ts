/** Small DOM helpers: element builder, toasts with an action (undo), downloads. */

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h("button", { class: "x", onclick: fn }, "Text")`: attributes, `on*` listeners, children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function")
      el.addEventListener(key.slice(2), value);
    else if (key === "value" && "value" in el) (el as HTMLInputElement).value = String(value);
    else if (key === "checked" && "checked" in el)
      (el as HTMLInputElement).checked = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: Child[]): void {
  for (const c of children.flat(Infinity as 1) as Child[]) {
    if (Array.isArray(c)) continue;
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(
      typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c,
    );
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function mount(el: Element, ...children: Child[]): void {
  clear(el);
  append(el as HTMLElement, children);
}

/** A message at the bottom of the screen; with an action (e.g. Undo) it stays longer. */
export function toast(
  message: string,
  action?: { label: string; run: () => void },
  kind: "info" | "error" = "info",
): void {
  const host = document.getElementById("toasts")!;
  const item = h("div", { class: `toast ${kind}` }, h("span", {}, message));
  let timer = 0;
  const close = () => {
    window.clearTimeout(timer);
    item.remove();
  };
  if (action)
    item.appendChild(
      h(
        "button",
        {
          class: "link",
          onclick: () => {
            close();
            action.run();
          },
        },
        action.label,
      ),
    );
  item.appendChild(
    h("button", { class: "link close", "aria-label": "Dismiss", onclick: close }, "×"),
  );
  host.appendChild(item);
  timer = window.setTimeout(close, action ? 12000 : kind === "error" ? 10000 : 4000);
}

export function download(
  name: string,
  data: Blob | string,
  type = "text/plain;charset=utf-8",
): void {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, style: "display:none" });
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return `${d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })} ${d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
}

export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, "-")
      .slice(0, 60) || "entente"
  );
}

/**
 * Wraps a table so that it scrolls sideways inside its own box on a narrow screen. The
 * box takes keyboard focus (arrow keys scroll it) and is named after the table's
 * caption or `label`, so a screen reader says what the region holds.
 */
export function scrollBox(table: HTMLElement, label?: string): HTMLElement {
  const name =
    label ??
    table.querySelector("caption")?.textContent?.trim() ??
    table.getAttribute("aria-label");
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": name || "Table" },
    table,
  );
}
