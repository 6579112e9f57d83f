/**
 * The scenario page: the stakeholder grid, the issues, the description and the
 * results, as tabs over one working copy. Edits are validated by the server as
 * they are typed (debounced) and every problem is shown at its field; Save (Ctrl+S)
 * stores a new version; Run (Ctrl+Enter) saves first when needed, so every run
 * points at a stored version.
 */
import { api, ApiError, type ApiProblem, type ModelInfo, type ScenarioDetail } from "./api.js";
import { formatDate, h, mount, toast } from "./dom.js";
import { ScenarioModel, type Row } from "./model.js";
import { renderGrid } from "./grid.js";
import { renderAbout, renderIssues } from "./forms.js";
import { problemText } from "./problems.js";
import { createResultsPanel, type ResultsPanel } from "./results.js";
import { scenarioDownloadMenu } from "./scenario-download.js";

export interface Editor {
  model: ScenarioModel;
  /** After an edit; `structural` re-draws the grid and forms (rows or columns changed). */
  changed(structural?: boolean): void;
  titleChanged(): void;
  /** Re-draws the grid only (after an issue's name or id changed in the Issues tab). */
  refreshGrid(): void;
  /** Messages of the problems at a data-path and below. */
  problemsAt(prefix: string): string[];
  addActor(): void;
  addIssue(): void;
  removeActor(row: Row): void;
  removeIssue(row: Row): void;
}

export type Tab = "table" | "issues" | "about" | "results";
const TABS: { id: Tab; label: string }[] = [
  { id: "table", label: "Stakeholders" },
  { id: "issues", label: "Issues" },
  { id: "about", label: "About" },
  { id: "results", label: "Runs & results" },
];

export interface ScenarioPage {
  canLeave(): boolean;
  dispose(): void;
}

export async function renderScenario(
  root: HTMLElement,
  id: string,
  tab: Tab,
  runId: string | undefined,
  navigate: (hash: string, replace?: boolean) => void,
): Promise<ScenarioPage> {
  const [initial, models, analyses] = await Promise.all([
    api.scenario(id),
    api.models(),
    api.analyses(),
  ]);
  let detail: ScenarioDetail = initial;
  let baseVersion = detail.currentVersion;
  let model = new ScenarioModel(detail.scenario);
  let dirty = false;
  let problems: ApiProblem[] = [];
  let stanceKeys: string[] = model.toScenario().stanceKeys;
  let validationSeq = 0;
  let validationTimer = 0;
  let currentTab: Tab = tab;

  const title = h("h1", { id: "scenario-heading" });
  const versionBadge = h("span", { class: "badge", id: "version-badge" });
  const status = h("span", { class: "status", id: "save-status", role: "status" });
  const problemsBar = h("div", { class: "problems-bar", id: "problems-bar" });
  const versionSelect = h("select", {
    id: "versions",
    "aria-label": "Open a saved version",
    onchange: () => void openVersion(),
  });
  const exportSelect = scenarioDownloadMenu({
    id,
    version: () => baseVersion,
    issues: () => model.issues.length,
  });
  const saveButton = h(
    "button",
    {
      class: "primary",
      id: "save",
      title: "Save a new version (Ctrl+S)",
      onclick: () => void save(),
    },
    "Save",
  );
  const runButton = h(
    "button",
    {
      class: "run",
      id: "run",
      title: "Save if needed and run (Ctrl+Enter)",
      onclick: () => void results.runNow(),
    },
    "Run ▶",
  );
  const panels: Record<Tab, HTMLElement> = {
    table: h("div", { class: "panel", "data-tab": "table", role: "tabpanel" }),
    issues: h("div", { class: "panel", "data-tab": "issues", role: "tabpanel" }),
    about: h("div", { class: "panel", "data-tab": "about", role: "tabpanel" }),
    results: h("div", { class: "panel", "data-tab": "results", role: "tabpanel" }),
  };
  const tabButtons = TABS.map((t) =>
    h(
      "button",
      {
        role: "tab",
        class: "tab",
        id: `tab-${t.id}`,
        "data-tab": t.id,
        onclick: () => selectTab(t.id, true),
      },
      t.label,
    ),
  );

  const editor: Editor = {
    get model() {
      return model;
    },
    changed(structural = false) {
      setDirty(true);
      if (structural) redraw();
      scheduleValidation();
    },
    refreshGrid() {
      mount(panels.table, renderGrid(editor));
      applyProblems();
    },
    titleChanged() {
      title.textContent = String(model.metadata.title || "Untitled");
    },
    problemsAt(prefix: string) {
      return problems.filter((p) => dataPath(p).startsWith(prefix)).map((p) => p.message);
    },
    addActor() {
      model.addActor();
      editor.changed(true);
      const last = panels.table.querySelector<HTMLInputElement>(
        `input[data-r="${model.actors.length - 1}"][data-c="0"]`,
      );
      last?.focus();
    },
    addIssue() {
      const row = model.addIssue();
      editor.changed(true);
      toast(`Added issue “${String(row.data.name)}”: set its scale and anchors under Issues.`);
    },
    removeActor(row: Row) {
      const undo = model.removeActor(row.key);
      editor.changed(true);
      toast(`Removed actor “${String(row.data.name)}”.`, {
        label: "Undo",
        run: () => {
          undo();
          editor.changed(true);
        },
      });
    },
    removeIssue(row: Row) {
      const undo = model.removeIssue(row.key);
      editor.changed(true);
      toast(`Removed issue “${String(row.data.name)}”.`, {
        label: "Undo",
        run: () => {
          undo();
          editor.changed(true);
        },
      });
    },
  };

  const results: ResultsPanel = createResultsPanel({
    scenarioId: id,
    models,
    analyses,
    ensureSaved: async () => ((dirty ? await save() : true) ? baseVersion : null),
    onRunShown: (shownId) => {
      if (currentTab === "results") navigate(`#/scenario/${id}/results/${shownId}`, true);
    },
    onRunCreated: () => selectTab("results", false),
  });

  function setDirty(value: boolean): void {
    dirty = value;
    status.textContent = dirty ? "Unsaved changes" : `Saved ${formatDate(detail.versionCreatedAt)}`;
    status.classList.toggle("dirty", dirty);
  }

  function renderHeader(): void {
    title.textContent = String(model.metadata.title || "Untitled");
    versionBadge.textContent = `version ${baseVersion}`;
    document.title = `${String(model.metadata.title)} — entente`;
  }

  async function refreshVersions(): Promise<void> {
    const versions = await api.versions(id);
    mount(
      versionSelect,
      h("option", { value: "" }, `Versions (${versions.length})`),
      versions.map((v) =>
        h(
          "option",
          { value: String(v.version) },
          `v${v.version} · ${formatDate(v.createdAt)}${v.note ? ` · ${v.note}` : ""}`,
        ),
      ),
    );
  }

  async function openVersion(): Promise<void> {
    const v = Number(versionSelect.value);
    versionSelect.value = "";
    if (!v) return;
    if (dirty && !window.confirm("Discard unsaved changes and open version " + v + "?")) return;
    const old = await api.scenario(id, v);
    model = new ScenarioModel(old.scenario);
    redraw();
    if (v === detail.currentVersion) setDirty(false);
    else {
      setDirty(true);
      toast(
        `Opened version ${v}. Save to make it the current version (${detail.currentVersion + 1}).`,
      );
    }
    scheduleValidation();
  }

  function redraw(): void {
    mount(panels.table, renderGrid(editor));
    mount(panels.issues, renderIssues(editor));
    mount(panels.about, renderAbout(editor));
    renderHeader();
    applyProblems();
  }

  function scheduleValidation(): void {
    window.clearTimeout(validationTimer);
    validationTimer = window.setTimeout(() => void validateNow(), 250);
  }

  async function validateNow(): Promise<void> {
    const seq = ++validationSeq;
    const doc = model.toScenario();
    try {
      const result = await api.validate(doc.scenario);
      if (seq !== validationSeq) return;
      problems = result.problems;
      stanceKeys = doc.stanceKeys;
      applyProblems();
    } catch (e) {
      if (seq === validationSeq)
        toast(`Could not validate: ${(e as Error).message}`, undefined, "error");
    }
  }

  /** The element path of a problem: stances are addressed by their grid cell. */
  function dataPath(p: ApiProblem): string {
    const path = p.path[0] === "scenario" ? p.path.slice(1) : p.path;
    if (path[0] === "stances" && typeof path[1] === "number")
      return ["cell", stanceKeys[path[1]] ?? "?", ...path.slice(2)].join(".");
    return path.join(".");
  }

  function elementsFor(p: ApiProblem): HTMLElement[] {
    const parts = dataPath(p).split(".");
    const page = root;
    for (let n = parts.length; n > 0; n--) {
      const path = parts.slice(0, n).join(".");
      const exact = [...page.querySelectorAll<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)];
      if (exact.length > 0) return exact;
      const below = [
        ...page.querySelectorAll<HTMLElement>(`input[data-path^="${CSS.escape(path + ".")}"]`),
      ];
      if (below.length > 0) return below;
    }
    return [];
  }

  function applyProblems(): void {
    for (const el of root.querySelectorAll<HTMLElement>(".invalid")) {
      el.classList.remove("invalid");
      if (el.dataset.baseTitle !== undefined) {
        if (el.dataset.baseTitle) el.title = el.dataset.baseTitle;
        else el.removeAttribute("title");
        delete el.dataset.baseTitle;
      }
    }
    const messages = new Map<HTMLElement, string[]>();
    for (const p of problems)
      for (const el of elementsFor(p)) messages.set(el, [...(messages.get(el) ?? []), p.message]);
    for (const [el, list] of messages) {
      el.classList.add("invalid");
      el.dataset.baseTitle = el.title ?? "";
      el.title = list.join("\n");
    }
    for (const t of TABS) {
      const count = problems.filter((p) =>
        elementsFor(p).some((el) => el.closest(`[data-tab="${t.id}"]`)),
      ).length;
      const button = tabButtons.find((b) => b.dataset.tab === t.id)!;
      button.textContent = count > 0 ? `${t.label} (${count} ⚠)` : t.label;
    }
    if (problems.length === 0) {
      mount(problemsBar);
      problemsBar.hidden = true;
    } else {
      problemsBar.hidden = false;
      mount(
        problemsBar,
        h("strong", {}, `${problems.length} problem${problems.length === 1 ? "" : "s"}: `),
        h(
          "ul",
          {},
          problems
            .slice(0, 12)
            .map((p) =>
              h(
                "li",
                {},
                h("button", { class: "link", onclick: () => focusProblem(p) }, describe(p)),
              ),
            ),
          problems.length > 12 ? h("li", {}, `… and ${problems.length - 12} more`) : null,
        ),
      );
    }
    const cellProblems = document.getElementById("cell-problems");
    const focused = document.activeElement as HTMLElement | null;
    if (cellProblems && focused?.dataset.actor) {
      const key = `${focused.dataset.actor}:${focused.dataset.issue}`;
      mount(
        cellProblems,
        editor.problemsAt(`cell.${key}`).map((m) => h("div", { class: "problem" }, m)),
      );
    }
  }

  /** A problem in words that name the actor and issue, not an array index. */
  function describe(p: ApiProblem): string {
    const path = p.path[0] === "scenario" ? p.path.slice(1) : p.path;
    if (path[0] === "stances" && typeof path[1] === "number") {
      const key = stanceKeys[path[1]];
      const [a, i] = (key ?? "").split(":").map(Number);
      const actor = model.actors.find((r) => r.key === a);
      const issue = model.issues.find((r) => r.key === i);
      if (actor && issue)
        return `${String(actor.data.name)} on ${String(issue.data.name)}${path[2] ? ` (${String(path[2])})` : ""}: ${p.message}`;
    }
    return problemText({ ...p, field: path.join(".").replace(/\.(\d+)/g, "[$1]") });
  }

  function focusProblem(p: ApiProblem): void {
    const el = elementsFor(p)[0];
    if (!el) return;
    const panel = el.closest<HTMLElement>("[data-tab]");
    if (panel?.dataset.tab) selectTab(panel.dataset.tab as Tab, true);
    const target = el.matches("input, textarea, select")
      ? el
      : el.querySelector<HTMLElement>("input, textarea");
    (target ?? el).focus();
    el.scrollIntoView({ block: "nearest" });
  }

  function selectTab(t: Tab, updateUrl: boolean): void {
    currentTab = t;
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== t;
    for (const b of tabButtons) {
      const active = b.dataset.tab === t;
      b.classList.toggle("active", active);
      b.setAttribute("aria-selected", String(active));
    }
    if (updateUrl)
      navigate(
        `#/scenario/${id}/${t}${t === "results" && results.shownRun() ? `/${results.shownRun()}` : ""}`,
        true,
      );
  }

  async function save(): Promise<boolean> {
    window.clearTimeout(validationTimer);
    const doc = model.toScenario();
    try {
      detail = await api.saveScenario(id, doc.scenario, baseVersion);
      baseVersion = detail.currentVersion;
      stanceKeys = doc.stanceKeys;
      problems = [];
      applyProblems();
      setDirty(false);
      renderHeader();
      void refreshVersions();
      toast(`Saved version ${baseVersion}.`);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        problems = e.problems;
        stanceKeys = doc.stanceKeys;
        applyProblems();
        toast(
          `Not saved: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"} to fix first.`,
          undefined,
          "error",
        );
        return false;
      }
      if (e instanceof ApiError && e.status === 409) {
        toast(
          `Not saved: ${e.message}`,
          { label: "Reload", run: () => window.location.reload() },
          "error",
        );
        return false;
      }
      throw e;
    }
  }

  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      void save();
    } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      void results.runNow();
    }
  };
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (dirty) e.preventDefault();
  };
  window.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", onBeforeUnload);

  mount(panels.results, results.element);
  mount(
    root,
    h(
      "section",
      { class: "scenario-page" },
      h(
        "div",
        { class: "page-head" },
        h(
          "div",
          { class: "title-block" },
          title,
          h("div", { class: "subtitle" }, versionBadge, status),
        ),
        h("div", { class: "head-actions" }, versionSelect, exportSelect, saveButton, runButton),
      ),
      h("div", { class: "tabs", role: "tablist" }, tabButtons),
      problemsBar,
      Object.values(panels),
    ),
  );
  redraw();
  setDirty(false);
  selectTab(tab, false);
  void refreshVersions();
  void results.load(runId);

  return {
    canLeave: () => !dirty || window.confirm("You have unsaved changes. Leave without saving?"),
    dispose: () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.clearTimeout(validationTimer);
    },
  };
}

export type { ModelInfo };
