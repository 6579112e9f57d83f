/**
 * The scenario library: every stored scenario, with create, import (any format the
 * server reads, the .xlsx workbook included; picked with the file input or dropped
 * anywhere on the page), duplicate, and delete with undo (deletion is soft on the
 * server, so undo is a restore; deleted scenarios stay listed under "Recently
 * deleted"). Import errors are shown in the web app's terms (web-terms.ts).
 */
import { api, ApiError, exportUrl, type ScenarioSummary } from "./api.js";
import { formatDate, h, mount, scrollBox, toast } from "./dom.js";
import { problemList } from "./problems.js";
import { importBody, importSizeProblem } from "./import-file.js";
import { errorInWebTerms, inWebTerms } from "./web-terms.js";

/** The formats the import reads, as the "Format" list offers them ("" : told from the file). */
export const IMPORT_FORMATS: [string, string][] = [
  ["", "Format: from the file"],
  ["xlsx", "Excel workbook (.xlsx)"],
  ["yaml", "YAML scenario"],
  ["json", "JSON scenario"],
  ["stakeholder-csv", "Stakeholder CSV"],
  ["scenario-csv", "Scenario CSV"],
  ["ktab-csv", "KTAB CSV"],
  ["ktab-xml", "KTAB XML"],
  ["decide", "decide"],
];

/** What the file input accepts (the server tells the rest by content). */
export const IMPORT_ACCEPT = ".yaml,.yml,.json,.csv,.xlsx,.xlsm,.xml,.txt,.tsv,.dat";

/** A table that scrolls sideways inside its own box on a narrow screen. */
const scrollTable = (...args: Parameters<typeof h<"table">>): HTMLElement =>
  scrollBox(h(...args), "Scenarios");

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
    {
      id: "import-salience",
      "aria-label": "Salience scale of a CSV file",
      title: "Stakeholder and scenario CSV files: the scale salience is written on",
    },
    h("option", { value: "" }, "CSV salience: detect"),
    h("option", { value: "1" }, "CSV salience 0–1"),
    h("option", { value: "100" }, "CSV salience 0–100"),
  );
  const format = h(
    "select",
    { id: "import-format", "aria-label": "Format of the imported file" },
    IMPORT_FORMATS.map(([value, label]) => h("option", { value }, label)),
  );
  const fileInput = h("input", {
    type: "file",
    id: "import-file",
    accept: IMPORT_ACCEPT,
    class: "visually-hidden",
    onchange: () => {
      const file = fileInput.files?.[0];
      if (file) void importFile(file).finally(() => (fileInput.value = ""));
    },
  });
  const importing = h("span", { class: "hint", role: "status", id: "import-status" });

  async function importFile(file: File): Promise<void> {
    mount(messages);
    mount(importing, `Importing ${file.name}…`);
    try {
      // Said before the file is read, in the page's terms (not as the server's 413).
      const tooBig = importSizeProblem(file.size);
      if (tooBig) throw new ApiError(413, tooBig, [{ path: [], field: "", message: tooBig }]);
      const created = await api.importScenario({
        ...(await importBody(file, format.value || undefined)),
        ...(format.value ? { format: format.value } : {}),
        ...(salience.value ? { salienceScale: salience.value === "100" ? 100 : 1 } : {}),
      });
      // What the reader decided (the salience scale, ignored columns), in web terms.
      const notes = (created.notes ?? []).map(inWebTerms);
      toast(
        `Imported “${created.title}”.${notes.length > 0 ? ` ${notes.join(" · ")}` : ""}`,
        undefined,
        notes.some((n) => n.startsWith("warning")) ? "error" : "info",
      );
      navigate(`#/scenario/${created.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const shown = errorInWebTerms(e);
      // One problem at the file itself says it all: no "invalid input" before it.
      const only = shown.problems.length === 1 && shown.problems[0].path.length === 0;
      const box = h(
        "div",
        { class: "error-box", role: "alert", id: "import-error", tabindex: "-1" },
        h(
          "strong",
          {},
          `Could not import ${file.name}: ${only ? shown.problems[0].message : shown.message}`,
        ),
        only ? null : problemList(shown.problems),
      );
      mount(messages, box);
      box.focus();
    } finally {
      mount(importing);
    }
  }

  /** The page takes a file dropped anywhere on it; the zone shows while one is dragged over. */
  function acceptDrops(page: HTMLElement): void {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
    let depth = 0;
    page.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      page.classList.add("dragging");
    });
    page.addEventListener("dragover", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    });
    page.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) page.classList.remove("dragging");
    });
    page.addEventListener("drop", (e) => {
      const file = e.dataTransfer?.files?.[0];
      depth = 0;
      page.classList.remove("dragging");
      if (!file) return;
      e.preventDefault();
      void importFile(file);
    });
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

  const page = h(
    "section",
    { class: "library-page", id: "library-page" },
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
      format,
      salience,
      importing,
    ),
    h(
      "div",
      { class: "drop-zone", id: "drop-zone", "aria-hidden": "true" },
      "Drop a file anywhere on this page to import it: Excel workbook (.xlsx), YAML, JSON, stakeholder or scenario CSV (comma, semicolon or tab), KTAB CSV/XML, decide.",
    ),
    messages,
    listHost,
    deletedHost,
  );
  acceptDrops(page);
  mount(root, page);
  await refresh();
  if (document.activeElement === document.body || !document.activeElement?.isConnected)
    heading.focus();
}
