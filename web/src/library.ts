/**
 * The scenario library: every stored scenario, with create, import (any format the
 * server reads), duplicate, and delete with undo (deletion is soft on the server,
 * so undo is a restore; deleted scenarios stay listed under "Recently deleted").
 */
import { api, ApiError, exportUrl, type ScenarioSummary } from "./api.js";
import { formatDate, h, mount, toast } from "./dom.js";
import { problemList } from "./problems.js";

/** A table that scrolls sideways inside its own box on a narrow screen. */
const scrollTable = (...args: Parameters<typeof h<"table">>): HTMLElement =>
  h("div", { class: "table-scroll" }, h(...args));

export function newScenarioTemplate(): unknown {
  const today = new Date().toISOString().slice(0, 10);
  return {
    entente: 1,
    metadata: { title: "Untitled scenario", asOf: today },
    actors: [
      { id: "actor-1", name: "Actor 1", capability: 50 },
      { id: "actor-2", name: "Actor 2", capability: 50 },
    ],
    issues: [{ id: "issue-1", name: "Issue 1", scale: { low: 0, high: 100 }, referencePoint: 50 }],
    stances: [
      { actor: "actor-1", issue: "issue-1", position: 20, salience: 50 },
      { actor: "actor-2", issue: "issue-1", position: 80, salience: 50 },
    ],
  };
}

export async function renderLibrary(
  root: HTMLElement,
  navigate: (hash: string) => void,
): Promise<void> {
  const messages = h("div", { class: "messages" });
  const heading = h("h1", { id: "library-heading", tabindex: "-1" }, "Scenario library");
  const listHost = h("div", {});
  const deletedHost = h("div", {});
  const salience = h(
    "select",
    { id: "import-salience", title: "Stakeholder CSV files: the scale salience is written on" },
    h("option", { value: "1" }, "CSV salience 0–1"),
    h("option", { value: "100" }, "CSV salience 0–100"),
  );
  const fileInput = h("input", {
    type: "file",
    id: "import-file",
    accept: ".yaml,.yml,.json,.csv,.xml,.txt,.tsv,.dat",
    class: "visually-hidden",
    onchange: () => void importFile(),
  });

  async function importFile(): Promise<void> {
    const file = fileInput.files?.[0];
    if (!file) return;
    mount(messages);
    try {
      const text = await file.text();
      const created = await api.importScenario({
        fileName: file.name,
        text,
        salienceScale: salience.value === "100" ? 100 : 1,
      });
      toast(`Imported “${created.title}”.`);
      navigate(`#/scenario/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError)
        mount(
          messages,
          h(
            "div",
            { class: "error-box" },
            h("strong", {}, `Could not import ${file.name}: ${e.message}`),
            problemList(e.problems),
          ),
        );
      else throw e;
    } finally {
      fileInput.value = "";
    }
  }

  async function refresh(): Promise<void> {
    const all = await api.scenarios(true);
    const live = all.filter((s) => s.deletedAt === null);
    const deleted = all.filter((s) => s.deletedAt !== null);
    mount(
      listHost,
      live.length === 0
        ? h("p", { class: "empty" }, "No scenarios yet: create one or import a file.")
        : table(live),
    );
    mount(
      deletedHost,
      deleted.length === 0
        ? null
        : h(
            "details",
            { class: "deleted" },
            h("summary", {}, `Recently deleted (${deleted.length})`),
            h(
              "ul",
              {},
              deleted.map((s) =>
                h(
                  "li",
                  {},
                  `${s.title} — deleted ${formatDate(s.deletedAt)} `,
                  h("button", { class: "small", onclick: () => void restore(s) }, "Restore"),
                ),
              ),
            ),
          ),
    );
  }

  /** Focus after a list change: the scenario's link, else the row at `index`, else the heading. */
  function focusRow(id: string | undefined, index = -1): void {
    const links = [...listHost.querySelectorAll<HTMLElement>(".scenario-link")];
    const target =
      links.find((a) => a.closest("tr")?.dataset.id === id) ??
      links[Math.min(index, links.length - 1)] ??
      heading;
    target.focus();
  }

  async function restore(s: ScenarioSummary): Promise<void> {
    await api.restoreScenario(s.id);
    toast(`Restored “${s.title}”.`);
    await refresh();
    focusRow(s.id);
  }

  async function remove(s: ScenarioSummary): Promise<void> {
    const index = [...listHost.querySelectorAll("tr[data-id]")].findIndex(
      (tr) => (tr as HTMLElement).dataset.id === s.id,
    );
    await api.deleteScenario(s.id);
    toast(`Deleted “${s.title}”.`, { label: "Undo", run: () => void restore(s) });
    await refresh();
    focusRow(undefined, Math.max(index, 0));
  }

  async function duplicate(s: ScenarioSummary): Promise<void> {
    const copy = await api.duplicateScenario(s.id);
    toast(`Duplicated as “${copy.title}”.`);
    await refresh();
    focusRow(copy.id);
  }

  function table(rows: ScenarioSummary[]): HTMLElement {
    return scrollTable(
      "table",
      { class: "library", "aria-label": "Scenarios" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { class: "text" }, "Scenario"),
          h("th", {}, "Actors"),
          h("th", {}, "Issues"),
          h("th", {}, "Version"),
          h("th", {}, "Runs"),
          h("th", {}, "Last saved"),
          h("th", {}, ""),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((s) =>
          h(
            "tr",
            { "data-id": s.id },
            h(
              "td",
              { class: "text" },
              h("a", { href: `#/scenario/${s.id}`, class: "scenario-link" }, s.title),
            ),
            h("td", {}, s.actors),
            h("td", {}, s.issues),
            h("td", {}, s.currentVersion),
            h("td", {}, s.runs),
            h("td", {}, formatDate(s.updatedAt)),
            h(
              "td",
              { class: "actions" },
              h(
                "a",
                {
                  class: "button small",
                  href: exportUrl.scenario(s.id, "yaml"),
                  download: "",
                  title: "Download as YAML",
                },
                "YAML",
              ),
              h(
                "button",
                { class: "small", onclick: () => void duplicate(s), title: "Make a copy" },
                "Duplicate",
              ),
              h(
                "button",
                {
                  class: "small danger",
                  onclick: () => void remove(s),
                  title: "Delete (you can undo)",
                },
                "Delete",
              ),
            ),
          ),
        ),
      ),
    );
  }

  mount(
    root,
    h(
      "section",
      { class: "library-page" },
      h("div", { class: "page-head" }, heading),
      h(
        "div",
        { class: "toolbar" },
        h(
          "button",
          {
            class: "primary",
            id: "new-scenario",
            title: "A new scenario, stored in the library when you first change it",
            // Not stored yet: the editor creates it on its first edit (editor.ts).
            onclick: () => navigate("#/new"),
          },
          "New scenario",
        ),
        h(
          "label",
          {
            class: "button",
            for: "import-file",
            tabindex: "0",
            onkeydown: (e: Event) => {
              if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") {
                e.preventDefault();
                fileInput.click();
              }
            },
          },
          "Import file…",
        ),
        fileInput,
        salience,
        h("span", { class: "hint" }, "YAML, JSON, stakeholder CSV, KTAB CSV/XML, decide"),
      ),
      messages,
      listHost,
      deletedHost,
    ),
  );
  await refresh();
  if (document.activeElement === document.body || !document.activeElement?.isConnected)
    heading.focus();
}
