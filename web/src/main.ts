/**
 * The workbench's entry: a hash router over two pages, the scenario library
 * (`#/`) and a scenario (`#/scenario/ID[/TAB[/RUN]]`, or `#/new` for a new scenario
 * not stored until its first edit).
 */
import "./zod-config.js";
import "./styles.css";
import { api } from "./api.js";
import { h, mount, toast } from "./dom.js";
import { renderLibrary } from "./library.js";
import { renderScenario, TAB_IDS, type ScenarioPage, type Tab } from "./editor.js";

const root = document.getElementById("app")!;
const crumbs = document.getElementById("crumbs")!;
let page: ScenarioPage | undefined;
let currentHash = "";
/** Set while the app itself rewrites the hash (tab changes), so no re-render happens. */
let quiet = false;

function navigate(hash: string, replace = false): void {
  if (replace) {
    quiet = true;
    history.replaceState(null, "", hash);
    currentHash = hash;
    quiet = false;
  } else window.location.hash = hash;
}

async function route(): Promise<void> {
  if (quiet) return;
  const hash = window.location.hash || "#/";
  if (page && !page.canLeave()) {
    history.replaceState(null, "", currentHash);
    return;
  }
  page?.dispose();
  page = undefined;
  currentHash = hash;
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  try {
    if (parts[0] === "new") {
      mount(crumbs, h("a", { href: "#/" }, "Library"), h("span", {}, " / new scenario"));
      page = await renderScenario(root, undefined, "about", undefined, navigate);
    } else if (parts[0] === "scenario" && parts[1]) {
      const tab = TAB_IDS.includes(parts[2] as Tab) ? (parts[2] as Tab) : "table";
      mount(crumbs, h("a", { href: "#/" }, "Library"), h("span", {}, " / scenario"));
      page = await renderScenario(root, parts[1], tab, parts[3], navigate);
    } else {
      mount(crumbs, h("span", {}, "Library"));
      document.title = "entente workbench";
      await renderLibrary(root, navigate);
    }
  } catch (e) {
    mount(
      root,
      h(
        "div",
        { class: "error-box" },
        h("strong", {}, "Could not open this page: "),
        (e as Error).message,
        " ",
        h("a", { href: "#/" }, "Back to the library"),
      ),
    );
  }
}

window.addEventListener("hashchange", () => void route());
// A file dropped where nothing takes it would make the browser open it and leave the
// app (and any unsaved edits): only the library imports dropped files (library.ts).
const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
window.addEventListener("dragover", (e) => {
  if (carriesFiles(e) && !e.defaultPrevented) {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "none";
  }
});
window.addEventListener("drop", (e) => {
  if (!carriesFiles(e) || e.defaultPrevented) return;
  e.preventDefault();
  toast("To import a file, drop it on the scenario library (Library, at the top).");
});
window.addEventListener("unhandledrejection", (e) =>
  toast(`Error: ${(e.reason as Error)?.message ?? String(e.reason)}`, undefined, "error"),
);
void api.health().then((r) => {
  document
    .querySelector(".brand")
    ?.setAttribute("title", `entente ${r.entente} — scenario library`);
});
void route();
