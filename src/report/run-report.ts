/**
 * The standalone HTML report of a stored run: one file, no scripts, no external
 * resources (charts are inline SVG, styles inline), so it can be mailed, archived
 * or printed to PDF for a briefing. Built with linkedom's DOM and the workbench's
 * own chart functions, so the report shows the charts the web app shows; text is
 * only ever set as text nodes, never parsed as HTML.
 *
 * It leads with one printable page (report-brief.ts): the answer per issue, the
 * Monte Carlo intervals when the run has draws, the key actors and the what-ifs the
 * scenario names. The full detail (every model's forecasts, charts by issue, the
 * stakeholder table) follows in a closed <details>: a browser prints it only when it
 * is opened, so the printout (or PDF) of the report as sent is the one page.
 */
import { parseHTML } from "linkedom";
import { explainIssue } from "./explain.js";
import { reportBrief } from "./report-brief.js";
import {
  challengeMap,
  distribution,
  dynamicModels,
  forecastTable,
  formatValue,
  powerByPosition,
  tornadoModels,
  tornadoView,
  trajectory,
  type RunView,
} from "./views.js";
import {
  challengeMapChart,
  distributionChart,
  forecastChart,
  powerChart,
  tornadoChart,
  trajectoryChart,
  type ChartDocument,
} from "./view-charts.js";

/** The DOM surface the report uses (linkedom implements it). */
interface Node {
  appendChild(child: Node): Node;
  setAttribute(name: string, value: string): void;
  textContent: string | null;
}
interface Doc {
  createElement(tag: string): Node;
  createTextNode(text: string): Node;
  head: Node;
  body: Node;
  toString(): string;
}

export interface ReportContext {
  /** Run metadata shown in the header. */
  run: RunView & {
    id: string;
    createdAt: string;
    seed: number;
    ententeVersion: string;
    scenarioVersion: number | null;
    request: Record<string, unknown>;
  };
}

const STYLE = `
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 1000px; margin: 2em auto; padding: 0 1em; }
  h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
  h3 { margin-top: 1.5em; } .meta { color: #555; } table { border-collapse: collapse; margin: 0.8em 0; font-size: 13px; }
  th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; vertical-align: top; } th { background: #f4f4f4; }
  td.text, th.text { text-align: left; } .note { color: #666; font-size: 12px; } svg { max-width: 100%; height: auto; }
  pre { white-space: pre-wrap; font-size: 12px; background: #fafafa; padding: 0.6em; border: 1px solid #eee; }
  figure { margin: 1em 0; } figcaption { color: #555; font-size: 12px; }
  .brief h2 { font-size: 1.1em; margin: 1em 0 0.3em; } .brief table { margin: 0.3em 0; }
  .brief .answer { font-weight: 600; } .brief .label { color: #555; font-size: 11px; display: block; }
  .brief ul.note { margin: 0.3em 0; padding-left: 1.2em; }
  details.detail { margin-top: 2em; } details.detail > summary { font-weight: 600; cursor: pointer; }
  @media screen and (max-width: 700px) {
    body { margin: 1em auto; font-size: 13px; }
    table { display: block; max-width: 100%; overflow-x: auto; }
    pre { overflow-x: auto; }
  }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { font-size: 10px; line-height: 1.3; max-width: none; margin: 0; padding: 0; }
    h1 { font-size: 16px; margin: 0 0 2px; } .meta, .brief p { margin: 2px 0; }
    table { font-size: 9.5px; break-inside: avoid; } tr, figure, li { break-inside: avoid; }
    th, td { padding: 1px 4px; } .brief h2 { font-size: 12px; margin: 8px 0 2px; break-after: avoid; }
    .note, figcaption, .brief .label { font-size: 8.5px; }
    details.detail > summary { display: none; }
    details.detail h2 { break-before: page; }
  }
`;

/**
 * A table's attributes: on a narrow screen a table scrolls sideways in its own box
 * (STYLE), so it takes keyboard focus for the arrow keys to scroll it.
 */
const SCROLLS = { tabindex: "0" };

/** The report as one HTML document (a string). */
export function renderReport({ run }: ReportContext): string {
  const window = parseHTML('<!doctype html><html lang="en"><head></head><body></body></html>');
  const doc = window.document as unknown as Doc;
  const chartDoc = window.document as unknown as ChartDocument;
  const h = (
    tag: string,
    attrs: Record<string, string> = {},
    ...children: (Node | string | null)[]
  ): Node => {
    const el = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    for (const c of children)
      if (c !== null) el.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
    return el;
  };
  const scenario = run.snapshot;
  const names = scenario.actors.map((a) => a.name);
  const body = doc.body;
  body.appendChild(h("h1", {}, scenario.metadata.title));
  body.appendChild(
    h(
      "p",
      { class: "meta" },
      [
        scenario.metadata.asOf ? `As of ${scenario.metadata.asOf}.` : null,
        `Run ${run.id} of ${run.createdAt.replace("T", " ").slice(0, 19)} UTC`,
        run.scenarioVersion !== null
          ? `(scenario version ${run.scenarioVersion})`
          : "(ad-hoc scenario)",
        `with entente ${run.ententeVersion}, seed ${run.seed}.`,
        run.label ? `Label: ${run.label}.` : null,
      ]
        .filter((s) => s !== null)
        .join(" "),
    ),
  );
  body.appendChild(briefSection(run));
  const detail = h(
    "details",
    { class: "detail" },
    h(
      "summary",
      {},
      "Full detail: every model's forecasts, models and options, charts by issue, stakeholder table (printed when opened)",
    ),
  );
  body.appendChild(detail);
  const add = (n: Node) => detail.appendChild(n);
  if (scenario.metadata.description) add(h("p", {}, scenario.metadata.description));

  // Forecasts.
  const table = forecastTable(run);
  add(h("h2", {}, "Forecasts"));
  add(
    h(
      "p",
      {},
      "Each model's forecast per issue beside the reference point (the status quo), on the issue's own scale.",
    ),
  );
  const head = h(
    "tr",
    {},
    h("th", { class: "text" }, "issue"),
    h("th", {}, "reference point"),
    ...table.models.map((m) => h("th", {}, m)),
  );
  const rows = table.rows.map((r) =>
    h(
      "tr",
      {},
      h("td", { class: "text" }, r.name),
      h("td", {}, formatValue(r.referencePoint)),
      ...table.models.map((m) =>
        h("td", r.notes[m] ? { title: r.notes[m] } : {}, formatValue(r.forecasts[m])),
      ),
    ),
  );
  add(h("table", SCROLLS, h("thead", {}, head), h("tbody", {}, ...rows)));
  add(
    figure(
      forecastChart(table, { document: chartDoc }) as unknown as Node,
      "Forecasts by model; dashed tick: reference point.",
    ),
  );
  const notes = table.rows.flatMap((r) =>
    Object.entries(r.notes).map(([m, n]) => `${r.name}, ${m}: ${n}`),
  );
  if (notes.length > 0) add(h("ul", { class: "note" }, ...notes.map((n) => h("li", {}, n))));

  // Models and options.
  add(h("h2", {}, "Models and options"));
  add(
    h(
      "ul",
      {},
      ...run.result.runs.map((r) =>
        h(
          "li",
          {},
          h("strong", {}, r.model),
          `: ${
            Object.entries(r.options)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join(", ") || "no options"
          }`,
        ),
      ),
    ),
  );

  // Per issue.
  const dynamic = dynamicModels(run);
  const trajectoryModel = dynamic.includes("expected-utility") ? "expected-utility" : dynamic[0];
  for (const issue of scenario.issues) {
    add(h("h2", {}, issue.name));
    const anchors = (issue.anchors ?? []).map((a) => `${a.value} = ${a.label}`).join("; ");
    add(
      h(
        "p",
        { class: "meta" },
        `Scale ${issue.scale.low}–${issue.scale.high}${anchors ? `: ${anchors}` : ""}.`,
      ),
    );
    if (trajectoryModel) {
      const t = trajectory(run, trajectoryModel, issue.id);
      if (t)
        add(
          figure(
            trajectoryChart(t, names, { document: chartDoc }) as unknown as Node,
            `Positions by round (${trajectoryModel}); thick line: forecast.`,
          ),
        );
    }
    const dist = distribution(run, issue.id);
    if (dist && dist.bins.length > 0)
      add(
        figure(
          distributionChart(dist, { document: chartDoc }) as unknown as Node,
          `Forecast distributions over ${dist.draws} Monte Carlo draws (seed ${run.seed}): bars, share of draws; line, 90% interval; black tick, median; hollow dot, forecast on the point estimates.`,
        ),
      );
    const power = powerByPosition(scenario, issue.id);
    if (power && power.rows.length > 0)
      add(
        figure(
          powerChart(power, names, { document: chartDoc }) as unknown as Node,
          "Effective power (capability × salience) by position.",
        ),
      );
    if (dynamic.includes("expected-utility")) {
      const strongest = power?.rows.slice().sort((a, b) => b.power - a.power)[0];
      const map = strongest ? challengeMap(run, issue.id, strongest.actor, 1) : null;
      if (map && map.points.length > 0)
        add(
          figure(
            challengeMapChart(map, names, { document: chartDoc }) as unknown as Node,
            `Expected-utility challenge map of ${map.actorName} (the actor with most effective power) before round 1.`,
          ),
        );
    }
    const tornadoes = tornadoModels(run);
    const tornadoModel = tornadoes.includes("expected-utility") ? "expected-utility" : tornadoes[0];
    const t = tornadoModel ? tornadoView(run, tornadoModel, issue.id) : null;
    if (t && t.bars.length > 0)
      add(
        figure(
          tornadoChart(t, { document: chartDoc }) as unknown as Node,
          `Tornado (${t.model}): the inputs that move the forecast most. Swing: ${t.swing}.`,
        ),
      );
    const explanation = explainIssue({ scenario, issue: issue.id, runs: run.result.runs });
    if (explanation.length > 0)
      add(
        h(
          "details",
          {},
          h("summary", {}, "Explanation, round by round"),
          h("pre", {}, explanation.join("\n")),
        ),
      );
  }

  // Stakeholder table.
  add(h("h2", {}, "Stakeholder table"));
  add(
    h(
      "p",
      { class: "note" },
      "Position / salience (0–100) of each actor on each issue; capability in the second column.",
    ),
  );
  const stance = new Map(scenario.stances.map((s) => [`${s.actor}\u0000${s.issue}`, s]));
  add(
    h(
      "table",
      SCROLLS,
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { class: "text" }, "actor"),
          h("th", {}, "capability"),
          ...scenario.issues.map((i) => h("th", { title: i.name }, i.id)),
        ),
      ),
      h(
        "tbody",
        {},
        ...scenario.actors.map((a) =>
          h(
            "tr",
            {},
            h("td", { class: "text" }, a.name),
            h("td", {}, String(a.capability)),
            ...scenario.issues.map((i) => {
              const s = stance.get(`${a.id}\u0000${i.id}`);
              return h(
                "td",
                s?.rationale ? { title: s.rationale } : {},
                s ? `${s.position} / ${s.salience}` : "",
              );
            }),
          ),
        ),
      ),
    ),
  );
  const sources = scenario.metadata.sources ?? [];
  if (sources.length > 0 || scenario.metadata.notes) {
    add(h("h2", {}, "Sources and notes"));
    if (sources.length > 0)
      add(
        h(
          "ul",
          {},
          ...sources.map((s) =>
            h("li", {}, typeof s === "string" ? s : [s.title, s.note].filter(Boolean).join(" — ")),
          ),
        ),
      );
    if (scenario.metadata.notes) add(h("p", {}, scenario.metadata.notes));
  }
  body.appendChild(h("p", { class: "note" }, `Generated by entente ${run.ententeVersion}.`));
  // The head is written here: linkedom does not escape the text of <title>.
  const headHtml = `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(`${scenario.metadata.title} — entente report`)}</title><style>${STYLE}</style></head>`;
  return `<!doctype html>\n${doc
    .toString()
    .replace(/^<!DOCTYPE html>/i, "")
    .replace(/<head><\/head>/, () => headHtml)}`;

  function figure(chart: Node, caption: string): Node {
    return h("figure", {}, chart, h("figcaption", {}, caption));
  }

  /** The one page: the answer per issue, intervals, key actors, what-ifs (report-brief.ts). */
  function briefSection(view: RunView): Node {
    const brief = reportBrief(view);
    const section = h("section", { class: "brief" });
    const put = (n: Node | null) => {
      if (n) section.appendChild(n);
    };
    const table = (
      head: (string | [string, string])[],
      rows: (Node | string)[][],
      textColumns: number[] = [],
    ) =>
      h(
        "table",
        SCROLLS,
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...head.map((c) =>
              typeof c === "string" ? h("th", {}, c) : h("th", { class: c[1] }, c[0]),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...rows.map((r) =>
            h(
              "tr",
              {},
              ...r.map((c, k) =>
                h("td", k === 0 || textColumns.includes(k) ? { class: "text" } : {}, c),
              ),
            ),
          ),
        ),
      );
    put(h("h2", {}, "Forecast per issue"));
    const labelled = brief.headline.some((r) => r.label);
    put(
      table(
        [
          ["issue", "text"],
          "forecast",
          ...(labelled ? [["reads as", "text"] as [string, string]] : []),
          "50% interval",
          "90% interval",
          "other models",
        ],
        brief.headline.map((r) => [
          r.name,
          r.forecast,
          ...(labelled ? [r.label ?? ""] : []),
          r.interval50,
          r.interval90,
          r.others,
        ]),
        labelled ? [2] : [],
      ),
    );
    put(h("p", { class: "note" }, brief.statement));
    const notes = brief.headline.filter((r) => r.note).map((r) => `${r.name}: ${r.note}`);
    if (notes.length > 0) put(h("ul", { class: "note" }, ...notes.map((x) => h("li", {}, x))));
    if (brief.intervals) {
      put(
        h(
          "h2",
          {},
          `Monte Carlo intervals: median (5–95 %) over ${brief.intervals.draws} draws, seed ${run.seed}`,
        ),
      );
      put(
        table(
          [["issue", "text"], ...brief.intervals.models],
          brief.intervals.rows.map((r) => [
            r.name,
            ...brief.intervals!.models.map((m) => r.cells[m]),
          ]),
        ),
      );
    }
    if (brief.keyActors.length > 0) {
      put(h("h2", {}, "Key actors"));
      put(
        h(
          "p",
          { class: "note" },
          "Veto players and pivots of an issue's decision rule; otherwise the actors whose weight moves the headline forecast most (the change without them).",
        ),
      );
      put(
        table(
          [
            ["actor", "text"],
            ["where and why", "text"],
          ],
          brief.keyActors.map((a) => [a.name, a.roles.join("; ")]),
          [1],
        ),
      );
    }
    if (brief.whatIfs) {
      const w = brief.whatIfs;
      put(h("h2", {}, `What-ifs: the ${w.model} forecast under each (change from the scenario)`));
      put(
        table(
          [["issue", "text"], "scenario", ...w.whatIfs.map((x) => x.name)],
          w.rows.map((r) => [r.name, r.baseline, ...w.whatIfs.map((x) => r.changes[x.id])]),
        ),
      );
      const why = w.whatIfs.filter((x) => x.rationale);
      if (why.length > 0)
        put(
          h(
            "ul",
            { class: "note" },
            ...why.map((x) => h("li", {}, `${x.name}: ${clip(x.rationale!, 160)}`)),
          ),
        );
    } else if (brief.whatIfError)
      put(h("p", { class: "note" }, `The what-ifs could not be applied: ${brief.whatIfError}`));
    return section;
  }
}

/** A text cut at a word to at most `width` characters, with "…" when cut. */
function clip(text: string, width: number): string {
  if (text.length <= width) return text;
  const cut = text.slice(0, width - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), width / 2))}…`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}
