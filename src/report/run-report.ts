/**
 * The standalone HTML report of a stored run: one file, no scripts, no external
 * resources (charts are inline SVG, styles inline), so it can be mailed, archived
 * or printed to PDF for a briefing. Built with linkedom's DOM and the workbench's
 * own chart functions, so the report shows the charts the web app shows; text is
 * only ever set as text nodes, never parsed as HTML.
 */
import { parseHTML } from "linkedom";
import { explainIssue } from "./explain.js";
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
  @media print { h2 { break-before: page; } figure { break-inside: avoid; } }
`;

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
  const add = (n: Node) => body.appendChild(n);

  add(h("h1", {}, scenario.metadata.title));
  add(
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
  add(h("table", {}, h("thead", {}, head), h("tbody", {}, ...rows)));
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
      {},
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
  add(h("p", { class: "note" }, `Generated by entente ${run.ententeVersion}.`));
  // The head is written here: linkedom does not escape the text of <title>.
  const headHtml = `<head><meta charset="utf-8"><title>${escapeHtml(`${scenario.metadata.title} — entente report`)}</title><style>${STYLE}</style></head>`;
  return `<!doctype html>\n${doc
    .toString()
    .replace(/^<!DOCTYPE html>/i, "")
    .replace(/<head><\/head>/, () => headHtml)}`;

  function figure(chart: Node, caption: string): Node {
    return h("figure", {}, chart, h("figcaption", {}, caption));
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}
