/**
 * The scenario page: the stakeholder grid, the issues, the description and the
 * results, as tabs over one working copy. Edits are validated by the server as
 * they are typed (debounced) and every problem is shown at its field; Save (Ctrl+S)
 * stores a new version; Run (Ctrl+Enter) saves first when needed, so every run
 * points at a stored version. Decision rules and what-ifs have their own tabs
 * (rule-form.ts, whatif-form.ts). Unsaved edits are kept in localStorage and offered
 * back after a reload (drafts.ts). A new scenario (`id` undefined) is a draft until its
 * first valid edit, which creates it on the server.
 */
import { api, ApiError, type ApiProblem, type ModelInfo, type ScenarioDetail } from "./api.js";
import { formatDate, h, mount, toast } from "./dom.js";
import { ScenarioModel, type Row } from "./model.js";
import { renderGrid } from "./grid.js";
import { renderAbout, renderIssues } from "./forms.js";
import { renderRules } from "./rule-form.js";
import { renderWhatIfs } from "./whatif-form.js";
import { clearDraft, draftDiffers, readDraft, writeDraft, type Draft } from "./drafts.js";
import { newScenarioTemplate } from "./library.js";
import { problemText } from "./problems.js";
import { createResultsPanel, type ResultsPanel } from "./results.js";
import { scenarioDownloadMenu } from "./scenario-download.js";

export interface Editor {
  model: ScenarioModel;
  /**
   * After an edit; `structural` re-draws the grid and forms (rows or columns changed),
   * then focuses the element with id `focusId`, else the one that had focus (by id),
   * else the current tab.
   */
  changed(structural?: boolean, focusId?: string): void;
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

export type Tab = "table" | "issues" | "rules" | "whatifs" | "about" | "results";
export const TAB_IDS: Tab[] = ["table", "issues", "rules", "whatifs", "about", "results"];
const TABS: { id: Tab; label: string }[] = [
  { id: "table", label: "Stakeholders" },
  { id: "issues", label: "Issues" },
  { id: "rules", label: "Rules" },
  { id: "whatifs", label: "What-ifs" },
  { id: "about", label: "About" },
  { id: "results", label: "Runs & results" },
];

export interface ScenarioPage {
  canLeave(): boolean;
  dispose(): void;
}

export async function renderScenario(
  root: HTMLElement,
  scenarioId: string | undefined,
  tab: Tab,
  runId: string | undefined,
  navigate: (hash: string, replace?: boolean) => void,
): Promise<ScenarioPage> {
  const [initial, models, analyses] = await Promise.all([
    scenarioId === undefined ? Promise.resolve(undefined) : api.scenario(scenarioId),
    api.models(),
    api.analyses(),
  ]);
  /** The scenario's id; undefined until a new scenario is created by its first valid edit. */
  let id: string | undefined = scenarioId;
  /** The stored scenario (undefined: not created yet). */
  let detail: ScenarioDetail | undefined = initial;
  let baseVersion = detail?.currentVersion ?? 0;
  let model = new ScenarioModel(
    detail?.scenario ?? (newScenarioTemplate() as ScenarioDetail["scenario"]),
  );
  let dirty = false;
  /** Counts edits, so a save knows whether more came in while it ran. */
  let edits = 0;
  let saving: Promise<boolean> | undefined;
  let problems: ApiProblem[] = [];
  let stanceKeys: string[] = model.toScenario().stanceKeys;
  let validationSeq = 0;
  let validationTimer = 0;
  let currentTab: Tab = tab;

  const title = h("h1", { id: "scenario-heading", tabindex: "-1" });
  const draftBanner = h("div", { class: "draft-banner", id: "draft-banner", hidden: true });
  const versionBadge = h("span", { class: "badge", id: "version-badge" });
  const status = h("span", { class: "status", id: "save-status", role: "status" });
  const problemsBar = h("div", { class: "problems-bar", id: "problems-bar" });
  const versionSelect = h("select", {
    id: "versions",
    "aria-label": "Open a saved version",
    onchange: () => void openVersion(),
  });
  const exportSelect = scenarioDownloadMenu({
    id: () => id,
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
    rules: h("div", { class: "panel", "data-tab": "rules", role: "tabpanel" }),
    whatifs: h("div", { class: "panel", "data-tab": "whatifs", role: "tabpanel" }),
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
    changed(structural = false, focusId?: string) {
      edits++;
      setDirty(true);
      keepDraft();
      if (structural) redrawKeepingFocus(focusId);
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
      // On the Issues tab, focus goes to the new issue's name.
      editor.changed(
        true,
        currentTab === "issues" ? `f:issues.${model.issues.length - 1}.name` : undefined,
      );
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
    get scenarioId() {
      return id ?? "";
    },
    models,
    analyses,
    // A new scenario is created first, even when untouched.
    ensureSaved: async () => ((dirty || !id ? await save() : true) ? baseVersion : null),
    onRunShown: (shownId) => {
      if (currentTab === "results" && id) navigate(`#/scenario/${id}/results/${shownId}`, true);
    },
    onRunCreated: () => selectTab("results", false),
  });

  function setDirty(value: boolean): void {
    dirty = value;
    status.textContent = !detail
      ? "Not saved yet: saved when you first change it"
      : dirty
        ? "Unsaved changes"
        : `Saved ${formatDate(detail.versionCreatedAt)}`;
    status.classList.toggle("dirty", dirty);
  }

  /** Writes the working copy to localStorage, so a reload can offer it back. */
  function keepDraft(): void {
    writeDraft(id, {
      savedAt: new Date().toISOString(),
      baseVersion,
      scenario: model.toScenario().scenario,
    });
  }

  /** Offers back the edits a reload interrupted: restore or discard. */
  function offerDraft(draft: Draft): void {
    const stale =
      detail && draft.baseVersion !== detail.currentVersion
        ? ` (made on version ${draft.baseVersion}; the stored scenario is now at version ${detail.currentVersion})`
        : "";
    const restore = h(
      "button",
      {
        class: "small primary",
        id: "draft-restore",
        onclick: () => {
          model = new ScenarioModel(draft.scenario);
          hideDraftBanner();
          edits++;
          setDirty(true);
          redraw();
          scheduleValidation();
          toast("Restored your unsaved changes: save to keep them.");
          title.focus();
        },
      },
      "Restore",
    );
    mount(
      draftBanner,
      h("span", {}, `You have unsaved changes from ${formatDate(draft.savedAt)}${stale}: `),
      restore,
      h(
        "button",
        {
          class: "small",
          id: "draft-discard",
          onclick: () => {
            clearDraft(id);
            hideDraftBanner();
            toast("Discarded the unsaved changes.");
            title.focus();
          },
        },
        "Discard",
      ),
    );
    draftBanner.hidden = false;
    draftBanner.setAttribute("role", "region");
    draftBanner.setAttribute("aria-label", "Unsaved changes from before");
    restore.focus();
  }

  function hideDraftBanner(): void {
    mount(draftBanner);
    draftBanner.hidden = true;
  }

  function renderHeader(): void {
    title.textContent = String(model.metadata.title || "Untitled");
    versionBadge.textContent = detail ? `version ${baseVersion}` : "new, not saved";
    document.title = `${String(model.metadata.title)} — entente`;
  }

  async function refreshVersions(): Promise<void> {
    if (!id) return;
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
    if (!v || !id || !detail) return;
    if (dirty && !window.confirm("Discard unsaved changes and open version " + v + "?")) return;
    const old = await api.scenario(id, v);
    model = new ScenarioModel(old.scenario);
    redraw();
    if (v === detail.currentVersion) setDirty(false);
    else {
      setDirty(true);
      keepDraft();
      toast(
        `Opened version ${v}. Save to make it the current version (${detail.currentVersion + 1}).`,
      );
    }
    scheduleValidation();
  }

  function redraw(): void {
    mount(panels.table, renderGrid(editor));
    mount(panels.issues, renderIssues(editor));
    mount(panels.rules, renderRules(editor));
    mount(panels.whatifs, renderWhatIfs(editor));
    mount(panels.about, renderAbout(editor));
    renderHeader();
    applyProblems();
  }

  /** Re-draws, then puts focus back where it belongs (never on <body>). */
  function redrawKeepingFocus(focusId?: string): void {
    const before = document.activeElement?.id;
    redraw();
    const target =
      (focusId ? document.getElementById(focusId) : null) ??
      (before ? document.getElementById(before) : null);
    if (target) target.focus();
    else if (!root.contains(document.activeElement) || document.activeElement === root)
      tabButtons.find((b) => b.dataset.tab === currentTab)?.focus();
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
      // A new scenario is stored by its first edit that makes a valid scenario.
      if (!id && dirty && problems.length === 0) void save();
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
    for (const el of root.querySelectorAll<HTMLElement>(".field-problem")) el.remove();
    for (const el of root.querySelectorAll<HTMLElement>("[data-problem-for]")) {
      el.removeAttribute("aria-describedby");
      el.removeAttribute("aria-invalid");
      el.removeAttribute("data-problem-for");
    }
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
    let n = 0;
    for (const [el, list] of messages) {
      el.classList.add("invalid");
      el.dataset.baseTitle = el.title ?? "";
      el.title = list.join("\n");
      // Outside the grid (which has its own cell detail), the message is written beside the field.
      if (el.closest('[data-tab="table"]')) continue;
      const messageId = `field-problem-${n++}`;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", messageId);
      el.setAttribute("data-problem-for", messageId);
      el.insertAdjacentElement(
        "afterend",
        h("div", { class: "field-problem", id: messageId, role: "note" }, list.join(" · ")),
      );
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
    if (updateUrl && id)
      navigate(
        `#/scenario/${id}/${t}${t === "results" && results.shownRun() ? `/${results.shownRun()}` : ""}`,
        true,
      );
  }

  /** Saves (one save at a time); a new scenario is created by its first save. */
  async function save(): Promise<boolean> {
    while (saving) await saving.catch(() => undefined);
    if (detail && !dirty) return true;
    saving = saveNow();
    try {
      return await saving;
    } finally {
      saving = undefined;
    }
  }

  async function saveNow(): Promise<boolean> {
    window.clearTimeout(validationTimer);
    const doc = model.toScenario();
    const editsSaved = edits;
    try {
      const created = id === undefined;
      detail = created
        ? await api.createScenario(doc.scenario)
        : await api.saveScenario(id!, doc.scenario, baseVersion);
      id = detail.id;
      baseVersion = detail.currentVersion;
      stanceKeys = doc.stanceKeys;
      problems = [];
      applyProblems();
      clearDraft(created ? undefined : id);
      // Edits typed while the save ran are still unsaved (and kept as a draft).
      setDirty(edits !== editsSaved);
      if (dirty) keepDraft();
      renderHeader();
      void refreshVersions();
      if (created) {
        navigate(`#/scenario/${id}/${currentTab}`, true);
        void results.load();
        toast(`Created “${String(doc.scenario.metadata.title)}” in the library.`);
      } else toast(`Saved version ${baseVersion}.`);
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
      draftBanner,
      h("div", { class: "tabs", role: "tablist" }, tabButtons),
      problemsBar,
      Object.values(panels),
    ),
  );
  redraw();
  setDirty(false);
  selectTab(tab, false);
  void refreshVersions();
  if (id) void results.load(runId);
  const draft = readDraft(id);
  if (draft && (!detail || draftDiffers(draft, detail.scenario))) offerDraft(draft);
  else {
    if (draft) clearDraft(id);
    // Focus on the page, never left on <body>: a new scenario's title, else the heading.
    const titleField = id ? null : document.getElementById("scenario-title");
    if (titleField instanceof HTMLInputElement) {
      titleField.focus();
      titleField.select();
    } else title.focus();
  }

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
