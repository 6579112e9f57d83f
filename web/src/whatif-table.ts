/**
 * The results' "What would change it" section: each of the scenario's named what-ifs
 * (edited in the What-ifs tab) as the run compared it, per issue the forecast with the
 * change and its difference from the forecast without, under a model chosen in a list
 * (the compromise model when the run has it). The comparison is computed with the run
 * (src/server/runs.ts) and stored with it.
 */
import type { RunView } from "../../src/report/views.js";
import { whatIfCsv, whatIfTable, type WhatIfTable } from "../../src/report/views.js";
import { decimalsForScale, formatDifference, formatNumber } from "../../src/report/format.js";
import { h, mount, scrollBox } from "./dom.js";
import { exportCsv } from "./export.js";

function table(t: WhatIfTable, model: string): HTMLElement {
  return scrollBox(
    h(
      "table",
      { class: "forecasts", id: "whatif-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { class: "text" }, "Issue"),
          h("th", {}, "Forecast"),
          t.whatIfs.map((w) => h("th", { title: w.rationale ?? "" }, w.name)),
        ),
      ),
      h(
        "tbody",
        {},
        (t.byModel[model] ?? []).map((r) => {
          const d = decimalsForScale(r.scale.low, r.scale.high);
          return h(
            "tr",
            { "data-issue": r.issue },
            h("td", { class: "text" }, r.name),
            h("td", {}, formatNumber(r.baseline, d)),
            t.whatIfs.map((w) => {
              const x = r.whatIfs[w.id];
              const moved = x?.difference !== null && x?.difference !== undefined;
              return h(
                "td",
                { class: moved && Math.abs(x.difference!) >= 10 ** -d ? "moved" : "" },
                formatNumber(x?.forecast, d),
                moved
                  ? h("div", { class: "anchor" }, `Δ ${formatDifference(x.difference, d)}`)
                  : null,
              );
            }),
          );
        }),
      ),
    ),
    "What-ifs: forecasts with each change",
  );
}

/** The section, or null when the run has no what-ifs to show. */
export function whatIfSection(v: RunView, fileBase: string): HTMLElement | null {
  const t = whatIfTable(v);
  if (!t)
    return v.result.whatIfsError
      ? h(
          "section",
          { class: "result-section", id: "whatifs" },
          h("h3", {}, "What would change it"),
          h(
            "p",
            { class: "error-box" },
            `The what-ifs could not be compared: ${v.result.whatIfsError}`,
          ),
        )
      : null;
  let model = t.models.includes("compromise") ? "compromise" : t.models[0];
  const host = h("div", {});
  const select = h(
    "select",
    {
      id: "whatif-model",
      "aria-label": "Model of the what-if table",
      onchange: () => {
        model = select.value;
        mount(host, table(t, model));
      },
    },
    t.models.map((m) => h("option", { value: m, selected: m === model }, m)),
  );
  mount(host, table(t, model));
  return h(
    "section",
    { class: "result-section", id: "whatifs" },
    h("h3", {}, "What would change it"),
    h(
      "p",
      { class: "hint" },
      "Each of the scenario's what-ifs applied on its own: the forecast with the change, and below it the difference from the forecast without. What a model does with a change, not a measured effect.",
    ),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "Model"), select),
    host,
    h(
      "div",
      { class: "table-actions" },
      h(
        "button",
        { class: "small", onclick: () => exportCsv(whatIfCsv(t), `${fileBase}-what-ifs`) },
        "CSV",
      ),
    ),
  );
}
