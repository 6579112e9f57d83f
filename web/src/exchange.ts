/**
 * The exchange model's results in the workbench (issue 15): a table of each round's
 * realized exchanges — the two partners, the issue each gave way on, its move on that
 * issue's scale (from → to), and each partner's expected gain — and a network chart of
 * who traded with whom over all rounds (actors on a circle, one edge per trading pair,
 * its width by the number of exchanges). Both read the run's `trace` (see
 * src/models/exchange/trace.ts); positions there are on the internal 0–100 scale and
 * are shown on the issue's own scale (`v / step + lower`, as the model's `toScale`).
 */
import type { ExchangeRecord, ExchangeTrace } from "../../src/models/exchange/trace.js";
import { h, scrollBox } from "./dom.js";

/** One partner of a realized exchange, as the table shows it. */
export interface ExchangeSide {
  actor: string;
  name: string;
  issue: string;
  issueName: string;
  from: number;
  to: number;
  gain: number;
}

export interface ExchangeRow {
  seq: number;
  i: ExchangeSide;
  j: ExchangeSide;
}

export interface ExchangeEdge {
  a: string;
  b: string;
  count: number;
  gain: number;
}

type Trace = Partial<ExchangeTrace>;

const SVG = "http://www.w3.org/2000/svg";

/** The exchange model's trace in a run's model runs, when it has rounds with exchanges. */
export function exchangeTrace(runs: { model: string; trace?: unknown }[]): Trace | null {
  const t = runs.find((r) => r.model === "exchange")?.trace as Trace | undefined;
  return t && Array.isArray(t.rounds) ? t : null;
}

/** The realized exchanges of round `round` (1-based), with names and scale values. */
export function exchangeRows(
  trace: Trace,
  round: number,
  names: Record<string, string>,
  issueNames: Record<string, string>,
): ExchangeRow[] {
  const issues = new Map((trace.issues ?? []).map((i) => [i.id, i]));
  const scale = (issue: string, v: string): number => {
    const iss = issues.get(issue);
    const x = Number(v);
    if (!iss) return x;
    const step = Number(iss.step_size);
    return x === 0 || step === 0 ? Number(iss.lower) : x / step + Number(iss.lower);
  };
  const side = (r: ExchangeRecord["i"]): ExchangeSide => ({
    actor: r.actor,
    name: names[r.actor] ?? r.actor,
    issue: r.supply_issue,
    issueName: issueNames[r.supply_issue] ?? r.supply_issue,
    from: scale(r.supply_issue, r.x),
    to: scale(r.supply_issue, r.y),
    gain: Number(r.eu),
  });
  const r = trace.rounds?.find((x) => x.round === round);
  return (r?.exchanges ?? []).map((e) => ({ seq: e.seq, i: side(e.i), j: side(e.j) }));
}

/** The pairs that traded over all rounds: how often, and their summed gains. */
export function exchangeEdges(trace: Trace): ExchangeEdge[] {
  const edges = new Map<string, ExchangeEdge>();
  for (const r of trace.rounds ?? [])
    for (const e of r.exchanges) {
      const [a, b] = [e.i.actor, e.j.actor].sort();
      const key = `${a}\u0000${b}`;
      const edge = edges.get(key) ?? { a, b, count: 0, gain: 0 };
      edge.count += 1;
      edge.gain += Number(e.i.eu) + Number(e.j.eu);
      edges.set(key, edge);
    }
  return [...edges.values()];
}

const fmt = (x: number): string =>
  Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3)) : "–";

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** Who traded with whom: actors on a circle, an edge per pair, its width by count. */
export function exchangeNetwork(
  actors: { id: string; name: string }[],
  edges: ExchangeEdge[],
  size = 480,
): SVGSVGElement {
  const names = Object.fromEntries(actors.map((a) => [a.id, a.name]));
  const c = size / 2;
  const radius = size / 2 - 90;
  const at = new Map(
    actors.map((a, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / Math.max(1, actors.length);
      return [a.id, { x: c + radius * Math.cos(angle), y: c + radius * Math.sin(angle), angle }];
    }),
  );
  const most = Math.max(1, ...edges.map((e) => e.count));
  const alt =
    edges.length === 0
      ? "No exchanges were realized."
      : `Exchanges between ${edges.length} pair${edges.length === 1 ? "" : "s"}: ` +
        edges
          .map(
            (e) =>
              `${names[e.a] ?? e.a} and ${names[e.b] ?? e.b} ${e.count} time${e.count === 1 ? "" : "s"}`,
          )
          .join("; ") +
        ".";
  const root = svg("svg", {
    viewBox: `0 0 ${size} ${size}`,
    width: size,
    height: size,
    role: "img",
    "aria-label": alt,
    class: "exchange-network",
  });
  root.append(svg("title", {}, `Who trades with whom. ${alt}`));
  for (const e of edges) {
    const p = at.get(e.a);
    const q = at.get(e.b);
    if (!p || !q) continue;
    const line = svg("line", {
      x1: p.x,
      y1: p.y,
      x2: q.x,
      y2: q.y,
      stroke: "#3b6ea8",
      "stroke-opacity": 0.7,
      "stroke-width": 1.5 + (6.5 * e.count) / most,
      "stroke-linecap": "round",
      class: "edge",
      "data-pair": `${e.a}|${e.b}`,
    });
    line.append(
      svg(
        "title",
        {},
        `${names[e.a] ?? e.a} – ${names[e.b] ?? e.b}: ${e.count} exchange${e.count === 1 ? "" : "s"}, summed gain ${fmt(e.gain)}`,
      ),
    );
    root.append(line);
  }
  for (const a of actors) {
    const p = at.get(a.id)!;
    const right = Math.cos(p.angle) >= -1e-9;
    root.append(
      svg("circle", { cx: p.x, cy: p.y, r: 6, fill: "#1d3557", class: "node" }),
      svg(
        "text",
        {
          x: p.x + (right ? 10 : -10) * (Math.abs(Math.cos(p.angle)) > 0.2 ? 1 : 0),
          y: p.y + (Math.sin(p.angle) > 0.9 ? 18 : Math.sin(p.angle) < -0.9 ? -10 : 4),
          "text-anchor": Math.abs(Math.cos(p.angle)) <= 0.2 ? "middle" : right ? "start" : "end",
          "font-size": 13,
          fill: "#222",
        },
        a.name,
      ),
    );
  }
  return root;
}

const roundLabel = (r: number, n: number): string =>
  `Round ${r} (${n} exchange${n === 1 ? "" : "s"})`;

/** The "Exchanges" section: a round selector, that round's table, and the network. */
export function exchangeSection(
  trace: Trace,
  scenario: { actors: { id: string; name: string }[]; issues: { id: string; name: string }[] },
): HTMLElement {
  const names = Object.fromEntries(scenario.actors.map((a) => [a.id, a.name]));
  const issueNames = Object.fromEntries(scenario.issues.map((i) => [i.id, i.name]));
  const rounds = (trace.rounds ?? []).map((r) => r.round);
  const body = h("div", { id: "exchange-round" });
  const select = h(
    "select",
    { id: "exchange-round-select", "aria-label": "Round", onchange: () => draw() },
    rounds.map((r) =>
      h(
        "option",
        { value: r },
        roundLabel(r, trace.rounds!.find((x) => x.round === r)!.exchanges.length),
      ),
    ),
  );
  const draw = () => {
    const rows = exchangeRows(trace, Number(select.value), names, issueNames);
    body.replaceChildren(
      rows.length === 0
        ? h("p", { class: "hint" }, "No exchange was realized in this round.")
        : scrollBox(
            h(
              "table",
              { class: "forecasts", id: "exchange-table" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  h("th", {}, "#"),
                  h("th", { class: "text" }, "Actor"),
                  h("th", { class: "text" }, "Gives way on"),
                  h("th", {}, "Move"),
                  h("th", {}, "Gain"),
                  h("th", { class: "text" }, "Partner"),
                  h("th", { class: "text" }, "Gives way on"),
                  h("th", {}, "Move"),
                  h("th", {}, "Gain"),
                ),
              ),
              h(
                "tbody",
                {},
                rows.map((r) =>
                  h(
                    "tr",
                    { "data-pair": `${r.i.actor}|${r.j.actor}` },
                    h("td", {}, String(r.seq)),
                    ...[r.i, r.j].flatMap((s) => [
                      h("td", { class: "text" }, s.name),
                      h("td", { class: "text" }, s.issueName),
                      h("td", {}, `${fmt(s.from)} → ${fmt(s.to)}`),
                      h("td", {}, fmt(s.gain)),
                    ]),
                  ),
                ),
              ),
            ),
            "Exchanges",
          ),
    );
  };
  draw();
  const edges = exchangeEdges(trace);
  return h(
    "section",
    { class: "result-section", id: "exchanges" },
    h(
      "div",
      { class: "section-head" },
      h("h3", {}, "Exchanges"),
      rounds.length > 0 ? h("label", {}, "Round ", select) : null,
    ),
    h(
      "p",
      { class: "hint" },
      "Each row is one realized exchange: each partner gives way on the issue it cares less about (its move on that issue's scale) in return for the other's move on the issue it cares more about; the gain is each partner's expected utility from the exchange.",
    ),
    rounds.length > 0 ? body : h("p", { class: "hint" }, "The run has no rounds."),
    h(
      "figure",
      { class: "chart-card" },
      h("figcaption", {}, "Who trades with whom (all rounds; line width: number of exchanges)"),
      h(
        "div",
        { class: "chart", id: "chart-exchange-network" },
        exchangeNetwork(scenario.actors, edges),
      ),
    ),
  );
}
