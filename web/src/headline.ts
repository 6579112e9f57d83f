/**
 * What leads the results view: the headline of a run (src/analysis/headline.ts, stored
 * with every run: the compromise model with the error model fitted on DEU, its 50%
 * and 90% predictive intervals, the other models' range and the decisive actors),
 * and the advice panel (POST /api/scenarios/{id}/advise, src/analysis/advise.ts):
 * whom a client should persuade on each issue, and who blocks.
 */
import { api, ApiError, type ApiProblem } from "./api.js";
import { h, mount, scrollBox } from "./dom.js";
import type { RunOutput } from "../../src/report/views.js";
import type { Scenario } from "../../src/scenario/schema.js";
import type { HeadlineIssue } from "../../src/analysis/headline.js";
import type { Advice } from "../../src/analysis/advise.js";
import {
  decimalsForScale,
  formatDifference,
  formatNumber,
  namesOf,
} from "../../src/report/format.js";

function namer(scenario: Scenario) {
  const actors = new Map(scenario.actors.map((a) => [a.id, a.name]));
  const issues = new Map(scenario.issues.map((i) => [i.id, i.name]));
  const short = namesOf(scenario.actors);
  return {
    actor: (id: string) => actors.get(id) ?? id,
    short: (id: string) => short.short(id),
    issue: (id: string) => issues.get(id) ?? id,
  };
}

function decimalsOf(scenario: Scenario, issueId: string): number {
  const scale = scenario.issues.find((i) => i.id === issueId)?.scale;
  return scale ? decimalsForScale(scale.low, scale.high) : 1;
}

const range = (r: [number, number] | null | undefined, d: number) =>
  r ? `${formatNumber(r[0], d)}–${formatNumber(r[1], d)}` : "–";

/** The decisive actors of an issue, by name, one per line: veto players, pivots, then weight. */
function decisive(issue: HeadlineIssue, actor: (id: string) => string, d: number): string[] {
  return (issue.decisiveActors ?? []).map((a) =>
    a.role === "weight"
      ? `${actor(a.actor)} ${formatDifference(a.effect, d)}`
      : `${actor(a.actor)} (${a.role})`,
  );
}

/** The "Headline" section of a run, or a hint where the run has none. */
export function headlineSection(result: RunOutput, scenario: Scenario): HTMLElement {
  const headline = result.headline;
  const title = h("h3", {}, "Headline");
  if (!headline)
    return h(
      "section",
      { class: "result-section headline", id: "headline" },
      title,
      h(
        "p",
        { class: "hint" },
        result.headlineError
          ? `No headline for this run: ${result.headlineError}`
          : "This run was stored before runs carried a headline: press Re-run to get one.",
      ),
    );
  const names = namer(scenario);
  const { statement } = headline;
  return h(
    "section",
    { class: "result-section headline", id: "headline" },
    title,
    h(
      "p",
      { class: "hint caption", id: "headline-caption" },
      `The forecast entente vouches for: the compromise model (positions weighted by capability × salience) with its error model fitted on DEU outcomes, over ${statement.draws} draws of the uncertain inputs (seed ${statement.seed}). The other models below are single models; their range shows how much they disagree.`,
    ),
    scrollBox(
      h(
        "table",
        { class: "forecasts", id: "headline-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { class: "text" }, "Issue"),
            h("th", {}, "Forecast"),
            h("th", {}, "50% interval"),
            h("th", {}, "90% interval"),
            h("th", {}, "Other models"),
            h(
              "th",
              {
                class: "text",
                title:
                  "Veto players and pivots of the issue's decision rule, then the actors whose weight moves the forecast most (the change if its weight were removed)",
              },
              "Decisive actors (change without them)",
            ),
          ),
        ),
        h(
          "tbody",
          {},
          headline.issues.map((i) => {
            const d = decimalsOf(scenario, i.issue);
            return h(
              "tr",
              { "data-issue": i.issue },
              h("td", { class: "text" }, names.issue(i.issue)),
              h("td", { class: "headline-forecast" }, formatNumber(i.forecast, d)),
              h("td", {}, range(i.interval50, d)),
              h("td", {}, range(i.interval90, d)),
              h(
                "td",
                {},
                i.disagreement ? range([i.disagreement.min, i.disagreement.max], d) : "–",
              ),
              h(
                "td",
                { class: "text decisive" },
                i.note ?? decisive(i, names.short, d).map((line) => h("div", {}, line)),
              ),
            );
          }),
        ),
      ),
      "Headline forecasts",
    ),
  );
}

/** Problems of an advice request in the panel's terms (its fields, not the CLI's flags). */
function problemLines(problems: ApiProblem[]): HTMLElement | null {
  if (problems.length === 0) return null;
  return h(
    "ul",
    {},
    problems.map((p) => h("li", {}, p.message)),
  );
}

/**
 * What is wrong with a threshold as typed, checked here before the request (the
 * server checks again, with the scale): `ISSUE<VALUE` (or <=, >, >=) of an issue
 * of the scenario.
 */
function thresholdProblem(text: string, scenario: Scenario): string[] {
  const m = /^\s*([^<>=\s]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m)
    return [
      `“${text}” must look like ISSUE<VALUE (or <=, >, >=), e.g. ${scenario.issues[0]?.id ?? "issue"}<40`,
    ];
  if (!scenario.issues.some((i) => i.id === m[1]))
    return [
      `“${text}” names no issue of this scenario; its issues: ${scenario.issues.map((i) => i.id).join(", ")}`,
    ];
  return [];
}

/** The advice panel: pick a client, optional thresholds, Advise → levers and blockers per issue. */
export function advicePanel(
  scenarioId: string,
  version: number | undefined,
  scenario: Scenario,
): HTMLElement {
  const names = namer(scenario);
  const holders = scenario.actors.filter((a) => scenario.stances.some((s) => s.actor === a.id));
  const actor = h(
    "select",
    { id: "advice-actor", "aria-label": "Client" },
    holders.map((a) => h("option", { value: a.id }, a.name)),
  );
  const first = scenario.issues[0];
  const threshold = h("input", {
    type: "text",
    id: "advice-threshold",
    placeholder: first
      ? `e.g. ${first.id}<${formatNumber((first.scale.low + first.scale.high) / 2, 0)}`
      : "",
    "aria-label": "Thresholds (optional)",
    title:
      "Optional: the outcome the client wants, as ISSUE<VALUE (or <=, >, >=); several separated by commas. The panel then shows how each lever shifts its probability.",
  });
  const out = h("div", { class: "advice-out", id: "advice-out", "aria-live": "polite" });
  const button = h(
    "button",
    { type: "button", id: "advice-button", onclick: () => void run() },
    "Advise",
  );

  async function run(): Promise<void> {
    const thresholds = threshold.value
      .split(/[,;]/)
      .map((t) => t.trim())
      .filter(Boolean);
    const wrong = thresholds.flatMap((t) => thresholdProblem(t, scenario));
    if (wrong.length > 0) {
      mount(
        out,
        h(
          "div",
          { class: "error-box" },
          h("strong", {}, "Check the threshold."),
          h(
            "ul",
            {},
            wrong.map((m) => h("li", {}, m)),
          ),
        ),
      );
      threshold.focus();
      return;
    }
    button.disabled = true;
    mount(out, h("p", { class: "hint" }, "Working out the levers…"));
    try {
      const advice = (await api.advise(scenarioId, {
        actor: actor.value,
        ...(thresholds.length > 0 ? { thresholds } : {}),
        ...(version !== undefined ? { version } : {}),
      })) as Advice;
      mount(out, adviceView(advice, scenario, names));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      mount(
        out,
        h(
          "div",
          { class: "error-box" },
          h("strong", {}, "The advice could not be worked out."),
          problemLines(e.problems) ?? h("div", {}, e.message),
        ),
      );
    } finally {
      button.disabled = false;
    }
  }

  return h(
    "section",
    { class: "result-section advice", id: "advice" },
    h("h3", {}, "Advice: whom to persuade"),
    h(
      "p",
      { class: "hint" },
      "For a client: each other actor moved 10 points towards the client's position, one at a time, and the headline forecast recomputed. The levers that bring the forecast nearest the client come first.",
    ),
    h(
      "div",
      { class: "section-head" },
      h("label", {}, "Client ", actor),
      h("label", {}, "Threshold ", threshold),
      button,
    ),
    out,
  );
}

function adviceView(
  advice: Advice,
  scenario: Scenario,
  names: ReturnType<typeof namer>,
): HTMLElement[] {
  const withShift = advice.issues.some((i) => i.levers.some((l) => l.probabilityShift?.length));
  return advice.issues.map((issue) => {
    const d = decimalsOf(scenario, issue.issue);
    const levers = issue.levers.slice(0, 5);
    return h(
      "div",
      { class: "advice-issue", "data-issue": issue.issue },
      h("h4", {}, names.issue(issue.issue)),
      h(
        "p",
        { class: "hint" },
        `${names.actor(advice.client)} at ${formatNumber(issue.clientPosition, d)}; headline ${formatNumber(issue.forecast, d)} (90% ${range(issue.interval90, d)}).`,
      ),
      levers.length === 0
        ? h("p", { class: "hint" }, "No other actor's move changes this forecast.")
        : scrollBox(
            h(
              "table",
              { class: "forecasts advice-table" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  h("th", { class: "text" }, "Persuade"),
                  h("th", {}, "Move"),
                  h("th", {}, "Effect (points)"),
                  withShift ? h("th", {}, "Probability shift") : null,
                ),
              ),
              h(
                "tbody",
                {},
                levers.map((l) =>
                  h(
                    "tr",
                    {},
                    h("td", { class: "text" }, names.actor(l.actor)),
                    h("td", {}, `${formatNumber(l.from, d)} → ${formatNumber(l.to, d)}`),
                    h("td", {}, formatDifference(l.effect, d)),
                    withShift
                      ? h(
                          "td",
                          {},
                          (l.probabilityShift ?? [])
                            .map(
                              (p) =>
                                `${p.threshold.slice(issue.issue.length)}: ${formatDifference(100 * p.shift, 1)} pts (${(100 * p.before).toFixed(0)}% → ${(100 * p.after).toFixed(0)}%)`,
                            )
                            .join("; ") || "–",
                        )
                      : null,
                  ),
                ),
              ),
            ),
            "Advice: who to persuade",
          ),
      issue.levers.length > levers.length
        ? h(
            "p",
            { class: "hint" },
            `${issue.levers.length - levers.length} smaller levers not shown.`,
          )
        : null,
      h(
        "p",
        { class: "blockers" },
        issue.blockers
          ? `Who blocks: ${issue.blockers.actors.map(names.actor).join(", ") || "no one"} — ${issue.blockers.reason}`
          : issue.rule
            ? `Decision rule: ${issue.rule}.`
            : "Who blocks: not modelled (the issue has no decision rule).",
      ),
    );
  });
}
