/**
 * The scenario's "Download…" menu: the scenario in every format the server writes,
 * the Excel workbook included. The file is fetched first and saved from a Blob, so
 * a format that cannot hold the scenario never leaves the app for the server's raw
 * JSON error: its message is shown in the app (in web terms), and a one-issue
 * format is disabled, with the reason, on a scenario of several issues.
 */
import { ApiError, exportUrl, responseError } from "./api.js";
import { download, h, toast } from "./dom.js";
import { inWebTerms } from "./web-terms.js";
import { attachmentName } from "./attachment.js";

/** The menu's entries: [format, label]; `oneIssue` formats hold a single issue. */
export const DOWNLOAD_FORMATS: { format: string; label: string; oneIssue?: boolean }[] = [
  { format: "xlsx", label: "Excel workbook (.xlsx)" },
  { format: "yaml", label: "YAML" },
  { format: "json", label: "JSON" },
  { format: "scenario-csv", label: "Scenario CSV (all issues)" },
  { format: "stakeholder-csv", label: "Stakeholder CSV (one issue)", oneIssue: true },
  { format: "ktab-csv", label: "KTAB CSV" },
  { format: "decide", label: "decide" },
];

/** Fetches the scenario in `format` and saves it; an error is thrown as an ApiError. */
export async function downloadScenario(
  id: string,
  format: string,
  version?: number,
): Promise<string> {
  const response = await fetch(exportUrl.scenario(id, format, version));
  if (!response.ok) throw await responseError(response);
  const name = attachmentName(response.headers.get("content-disposition"), `scenario.${format}`);
  download(name, await response.blob());
  return name;
}

export interface DownloadMenuOptions {
  /** The stored scenario's id; undefined while a new scenario is not stored yet. */
  id: () => string | undefined;
  /** The stored version to download (the editor's base version). */
  version: () => number | undefined;
  /** How many issues the scenario has (one-issue formats are disabled above one). */
  issues: () => number;
}

/** The "Download…" select: choosing an entry downloads the scenario in that format. */
export function scenarioDownloadMenu(options: DownloadMenuOptions): HTMLSelectElement {
  const entries = DOWNLOAD_FORMATS.map((f) =>
    h("option", { value: f.format, "data-format": f.format }, f.label),
  );
  const refresh = () => {
    const several = options.issues() > 1;
    DOWNLOAD_FORMATS.forEach((f, k) => {
      if (!f.oneIssue) return;
      entries[k].disabled = several;
      entries[k].textContent = several
        ? `${f.label}: this scenario has ${options.issues()}`
        : f.label;
      entries[k].title = several
        ? "A stakeholder CSV holds one issue: download Scenario CSV (all issues) or the Excel workbook to keep them all"
        : "";
    });
  };
  const select: HTMLSelectElement = h(
    "select",
    {
      id: "download-scenario",
      "aria-label": "Download the scenario",
      onfocus: refresh,
      onpointerdown: refresh,
      onchange: () => {
        const format = select.value;
        select.value = "";
        if (!format) return;
        const id = options.id();
        if (!id) {
          toast(
            "Change something first: a new scenario is stored on its first edit.",
            undefined,
            "error",
          );
          return;
        }
        const label = DOWNLOAD_FORMATS.find((f) => f.format === format)?.label ?? format;
        downloadScenario(id, format, options.version()).then(
          (name) => toast(`Downloaded ${name}.`),
          (e: unknown) =>
            toast(
              `Could not download as ${label}: ${
                e instanceof ApiError
                  ? inWebTerms(e.problems[0]?.message ?? e.message)
                  : (e as Error).message
              }`,
              undefined,
              "error",
            ),
        );
      },
    },
    h("option", { value: "" }, "Download…"),
    entries,
  );
  refresh();
  return select;
}
