/**
 * Runs and results of one scenario: the run panel (models from the registry,
 * rounds, draws, seed, label), the run history, and the results of the chosen run:
 * the headline and the advice panel first (headline.ts), then the forecast table beside the reference point, position trajectories by round,
 * effective power by position, the expected-utility challenge map, a comparison
 * with another run, and exports (chart SVG/PNG, table CSV, the HTML report, the
 * run as JSON). Figures come from the shared results module, the same code that
 * feeds the API and the report.
 */
import {
  api,
  ApiError,
  exportUrl,
  followJob,
  isJob,
  type JobView,
  type ModelInfo,
  type RunRecord,
  type RunSummary,
} from "./api.js";
import type { Comparison } from "../../src/report/views.js";
import { formatDate, h, mount, scrollBox, slug, toast } from "./dom.js";
import { exportCsv, exportPng, exportSvg } from "./export.js";
import { problemList } from "./problems.js";
import {
  challengeMap,
  challengeMapCsv,
  compareRuns,
  comparisonCsv,
  distribution,
  distributionCsv,
  dynamicModels,
  monteCarlo,
  tornadoCsv,
  tornadoModels,
  tornadoView,
  forecastCsv,
  forecastTable,
  formatValue,
  powerByPosition,
  powerCsv,
  trajectory,
  trajectoryCsv,
  type DrawnForecast,
  type RunOutput,
  type RunView,
} from "../../src/report/views.js";
import {
  challengeMapChart,
  comparisonChart,
  distributionChart,
  tornadoChart,
  forecastChart,
  powerChart,
  trajectoryChart,
} from "../../src/report/view-charts.js";
import { explainIssue } from "../../src/report/explain.js";
import { advicePanel, headlineSection } from "./headline.js";
import { whatIfSection } from "./whatif-table.js";
import { exchangeSection, exchangeTrace } from "./exchange.js";

export interface ResultsPanel {
  element: HTMLElement;
  load(runId?: string): Promise<void>;
  runNow(): Promise<void>;
  shownRun(): string | undefined;
}

export interface ResultsContext {
  scenarioId: string;
  models: ModelInfo[];
  analyses: string[];
  /** Saves pending edits; the version to run, or null when the scenario cannot be saved. */
  ensureSaved(): Promise<number | null>;
  onRunShown(id: string): void;
  onRunCreated(): void;
}

const view = (run: RunRecord): RunView => ({
  id: run.id,
  createdAt: run.createdAt,
  label: run.label,
  snapshot: run.snapshot,
  result: run.result as unknown as RunOutput,
});

export function createResultsPanel(ctx: ResultsContext): ResultsPanel {
  let runs: RunSummary[] = [];
  /** The last job followed to its end (re-runs read `reproduced` from it). */
  let lastJob: JobView | null = null;

  /**
   * Shows a job's progress with a cancel button under the run panel until it ends;
   * returns its stored run, or null when it was cancelled or failed (said in the panel).
   */
  async function watchJob(job: JobView): Promise<RunRecord | null> {
    const bar = h("progress", {
      max: 1,
      value: 0,
      "aria-label": "Run progress",
    }) as HTMLProgressElement;
    const text = h("span", { class: "hint", "aria-live": "polite" }, "Queued…");
    const cancel = h(
      "button",
      {
        type: "button",
        onclick: async () => {
          cancel.setAttribute("disabled", "");
          await api.cancelJob(job).catch(() => undefined);
        },
      },
      "Cancel",
    );
    mount(runMessages, h("div", { class: "job-progress" }, bar, text, cancel));
    // The disabled Run button cannot hold focus: Cancel takes it.
    if (document.activeElement === runButton || document.activeElement === document.body)
      cancel.focus();
    const end = await followJob(job, (now) => {
      bar.value = now.progress.share;
      text.textContent =
        now.status === "queued"
          ? "Queued behind other runs…"
          : `Running: ${Math.round(now.progress.share * 100)}% (${now.progress.done} of ${now.progress.total} model evaluations)`;
    });
    lastJob = end;
    const hadFocus = runMessages.contains(document.activeElement);
    if (end.status === "succeeded" && end.run) {
      mount(runMessages);
      return api.run(end.run);
    }
    mount(
      runMessages,
      h(
        "div",
        {
          class: end.status === "cancelled" ? "hint" : "error-box",
          tabindex: "-1",
          id: "run-outcome",
        },
        end.status === "cancelled"
          ? `Run cancelled (${end.error ?? "by you"}).`
          : `The run failed: ${end.error ?? "unknown error"}`,
      ),
    );
    if (hadFocus || document.activeElement === document.body)
      document.getElementById("run-outcome")?.focus();
    return null;
  }
  let current: RunRecord | undefined;
  let running = false;
  /** What the person picked, kept across runs of the same scenario. */
  const picked = { issue: "", model: "", actor: "", round: 1, compareWith: "", tornadoModel: "" };
  const monteCarloAvailable = ctx.analyses.includes("montecarlo");

  // --- the run panel -------------------------------------------------------------------
  const modelBoxes = ctx.models.map((m) =>
    h(
      "label",
      { class: "check", title: `${m.summary}\n${m.reference}` },
      h("input", { type: "checkbox", name: "model", value: m.id, checked: m.default }),
      ` ${m.name}`,
      m.dynamic ? h("span", { class: "tag" }, "rounds") : null,
    ),
  );
  const rounds = h("input", {
    type: "number",
    id: "run-rounds",
    min: 1,
    max: 1000,
    value: 10,
    class: "num",
  });
  const draws = h("input", {
    type: "number",
    id: "run-draws",
    min: 0,
    max: 20000,
    value: 0,
    class: "num",
    disabled: !monteCarloAvailable,
  });
  const tornadoAvailable = ctx.analyses.includes("tornado");
  const tornadoBox = h("input", {
    type: "checkbox",
    id: "run-tornado",
    disabled: !tornadoAvailable,
  });
  const swing = h("input", {
    type: "text",
    id: "run-swing",
    value: "10",
    class: "num",
    title: "Percent swing of each input, or 'uncertainty'",
  });
  const seed = h("input", {
    type: "text",
    id: "run-seed",
    inputmode: "numeric",
    placeholder: "random",
    class: "num",
  });
  const label = h("input", {
    type: "text",
    id: "run-label",
    placeholder: "e.g. baseline",
    maxlength: 200,
  });
  const runMessages = h("div", { class: "messages" });
  const runButton = h(
    "button",
    { class: "run wide", id: "run-panel-button", onclick: () => void runNow() },
    "Run ▶",
  );
  const history = h("ol", { class: "history", id: "run-history" });
  const main = h(
    "div",
    { class: "results-main", id: "results" },
    h("p", { class: "empty" }, "No run yet: choose models and press Run."),
  );

  const sidebar = h(
    "aside",
    { class: "run-panel" },
    h("h2", {}, "Run"),
    h("fieldset", { class: "models" }, h("legend", {}, "Models"), modelBoxes),
    h("label", { class: "field inline" }, h("span", { class: "field-label" }, "Rounds"), rounds),
    h(
      "label",
      {
        class: "field inline",
        title: monteCarloAvailable
          ? "Monte Carlo draws over the stances' uncertainty"
          : "The Monte Carlo analysis is not part of this entente yet; draws are recorded only",
      },
      h("span", { class: "field-label" }, "Draws"),
      draws,
    ),
    h(
      "label",
      {
        class: "field inline",
        title:
          "One-at-a-time sensitivity: which inputs move each forecast most (about a second on the flagship)",
      },
      h("span", { class: "field-label" }, tornadoBox, " Tornado ±%"),
      swing,
    ),
    h(
      "label",
      {
        class: "field inline",
        title: "Recorded with the run; the same seed reproduces random draws",
      },
      h("span", { class: "field-label" }, "Seed"),
      seed,
    ),
    h("label", { class: "field" }, h("span", { class: "field-label" }, "Label"), label),
    runButton,
    runMessages,
    h("h2", {}, "History"),
    history,
  );

  async function runNow(): Promise<void> {
    if (running) return;
    const models = modelBoxes
      .map((l) => l.querySelector("input")!)
      .filter((i) => i.checked)
      .map((i) => i.value);
    mount(runMessages);
    if (models.length === 0) {
      mount(runMessages, h("div", { class: "error-box" }, "Choose at least one model."));
      return;
    }
    const seedText = seed.value.trim();
    if (seedText !== "" && !/^\d+$/.test(seedText)) {
      mount(
        runMessages,
        h(
          "div",
          { class: "error-box" },
          "The seed must be a whole number (or empty for a random one).",
        ),
      );
      return;
    }
    const swingText = swing.value.trim();
    const swingValue = swingText === "uncertainty" ? "uncertainty" : Number(swingText);
    if (
      tornadoBox.checked &&
      swingValue !== "uncertainty" &&
      !(swingValue > 0 && swingValue <= 100)
    ) {
      mount(
        runMessages,
        h(
          "div",
          { class: "error-box" },
          "The tornado's swing must be a percentage from 0 to 100, or 'uncertainty'.",
        ),
      );
      return;
    }
    running = true;
    runButton.disabled = true;
    runButton.textContent = "Running…";
    try {
      const version = await ctx.ensureSaved();
      if (version === null) return;
      const answer = await api.createRun({
        scenarioId: ctx.scenarioId,
        version,
        models,
        rounds: Number(rounds.value) || undefined,
        ...(monteCarloAvailable && Number(draws.value) > 0 ? { draws: Number(draws.value) } : {}),
        ...(seedText !== "" ? { seed: Number(seedText) } : {}),
        ...(tornadoBox.checked ? { tornado: { swing: swingValue } } : {}),
        ...(label.value.trim() ? { label: label.value.trim() } : {}),
      });
      const run = isJob(answer) ? await watchJob(answer) : answer;
      if (!run) return;
      ctx.onRunCreated();
      await refreshHistory();
      show(run);
      // Focus follows the run to its results (the cell or button it came from may be hidden now).
      document.getElementById("run-heading")?.focus();
      toast("Run finished.");
    } catch (e) {
      if (e instanceof ApiError)
        mount(
          runMessages,
          h("div", { class: "error-box" }, h("strong", {}, e.message), problemList(e.problems)),
        );
      else throw e;
    } finally {
      running = false;
      runButton.disabled = false;
      runButton.textContent = "Run ▶";
      if (document.activeElement === document.body) runButton.focus();
    }
  }

  async function refreshHistory(): Promise<void> {
    runs = await api.runs(ctx.scenarioId);
    mount(
      history,
      runs.length === 0
        ? h("li", { class: "empty" }, "No runs yet.")
        : runs.map((r, i) =>
            h(
              "li",
              { class: current?.id === r.id ? "active" : "", "data-run": r.id },
              h(
                "button",
                { class: "link", onclick: () => void open(r.id) },
                `#${runs.length - i} · ${formatDate(r.createdAt)}`,
              ),
              h(
                "div",
                { class: "hint" },
                [
                  r.label,
                  `v${r.scenarioVersion ?? "–"}`,
                  `${(r.request.models as string[] | undefined)?.length ?? 0} models`,
                  r.rerunOf ? "re-run" : null,
                ]
                  .filter(Boolean)
                  .join(" · "),
              ),
            ),
          ),
    );
  }

  async function open(id: string): Promise<void> {
    show(await api.run(id));
  }

  // --- results of one run -----------------------------------------------------------------
  function show(run: RunRecord): void {
    current = run;
    for (const li of history.querySelectorAll<HTMLElement>("li[data-run]"))
      li.classList.toggle("active", li.dataset.run === run.id);
    ctx.onRunShown(run.id);
    const v = view(run);
    const scenario = run.snapshot;
    const names = scenario.actors.map((a) => a.name);
    const base = slug(scenario.metadata.title);
    const table = forecastTable(v);
    const dynamic = dynamicModels(v);
    const mc = monteCarlo(v);
    if (!scenario.issues.some((i) => i.id === picked.issue))
      picked.issue = scenario.issues[0]?.id ?? "";
    if (!dynamic.includes(picked.model))
      picked.model = dynamic.includes("expected-utility") ? "expected-utility" : (dynamic[0] ?? "");

    const header = h(
      "div",
      { class: "run-head" },
      h(
        "div",
        {},
        h(
          "h2",
          { id: "run-heading", tabindex: "-1" },
          run.label ? `Run “${run.label}”` : "Run",
          h("span", { class: "hint" }, ` ${formatDate(run.createdAt)}`),
        ),
        h(
          "div",
          { class: "hint" },
          `scenario version ${run.scenarioVersion ?? "–"} · entente ${run.ententeVersion} · seed ${run.seed}${mc ? ` · ${mc.draws} Monte Carlo draws` : ""}`,
          run.rerunOf ? ` · re-run of ${run.rerunOf.slice(0, 8)}` : "",
        ),
      ),
      h(
        "div",
        { class: "head-actions" },
        h(
          "a",
          {
            class: "button primary",
            id: "export-report",
            href: exportUrl.run(run.id, "html"),
            download: `${base}-report.html`,
          },
          "Report (HTML)",
        ),
        h(
          "a",
          {
            class: "button",
            href: exportUrl.run(run.id, "csv"),
            download: `${base}-forecasts.csv`,
          },
          "Forecasts (CSV)",
        ),
        h(
          "a",
          { class: "button", href: exportUrl.run(run.id, "json"), download: `${base}-run.json` },
          "Run (JSON)",
        ),
        h(
          "button",
          {
            title: "Run again from the stored snapshot, options and seed",
            onclick: async () => {
              const answer = await api.rerun(run.id);
              let again: RunRecord | null;
              let reproduced: boolean | undefined;
              let differences: number | undefined;
              if (isJob(answer)) {
                again = await watchJob(answer);
                const job = lastJob;
                reproduced = job?.reproduced;
                differences = job?.differenceCount;
              } else {
                again = answer.run;
                reproduced = answer.reproduced;
                differences = answer.differenceCount;
              }
              if (!again) return;
              await refreshHistory();
              show(again);
              toast(
                reproduced
                  ? "Re-run reproduced everything the run stored."
                  : `Re-run differs from the stored run in ${differences ?? "some"} value(s): the models changed since.`,
                undefined,
                reproduced ? "info" : "error",
              );
            },
          },
          "Re-run",
        ),
      ),
    );

    // Forecast table beside the reference point.
    const forecastSection = h(
      "section",
      { class: "result-section" },
      h("h3", {}, "Forecasts by model"),
      scrollBox(
        h(
          "table",
          { class: "forecasts", id: "forecast-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { class: "text" }, "Issue"),
              h("th", {}, "Reference point"),
              table.models.map((m) => h("th", {}, m)),
            ),
          ),
          h(
            "tbody",
            {},
            table.rows.map((r) =>
              h(
                "tr",
                { "data-issue": r.issue },
                h("td", { class: "text" }, r.name),
                h(
                  "td",
                  { class: "ref" },
                  formatValue(r.referencePoint),
                  r.referenceLabel ? h("div", { class: "anchor" }, r.referenceLabel) : null,
                ),
                table.models.map((m) =>
                  h(
                    "td",
                    {
                      title: r.notes[m] ?? "",
                      class:
                        r.forecasts[m] !== null &&
                        r.referencePoint !== null &&
                        Math.abs((r.forecasts[m] as number) - r.referencePoint) > 1e-9
                          ? "moved"
                          : "",
                    },
                    formatValue(r.forecasts[m]),
                    r.labels[m] ? h("div", { class: "anchor" }, r.labels[m]) : null,
                    drawnCell(r.drawn?.[m]),
                  ),
                ),
              ),
            ),
          ),
        ),
        "Forecasts by model",
      ),
      table.draws !== null
        ? h(
            "p",
            { class: "hint", id: "forecast-draws-note" },
            `Each cell: the forecast on the point estimates; below it, the median and the 5–95 % interval of the forecasts over ${table.draws} Monte Carlo draws.`,
          )
        : null,
      h(
        "div",
        { class: "table-actions" },
        h(
          "button",
          { class: "small", onclick: () => exportCsv(forecastCsv(v), `${base}-forecasts`) },
          "CSV",
        ),
      ),
      chartCard(
        "forecasts",
        "Forecasts by model",
        `${base}-forecasts`,
        () => forecastChart(table, { tips: true, width: chartWidth() }) as unknown as SVGSVGElement,
        () => forecastCsv(v),
      ),
    );

    // Per issue.
    const issueSelect = h(
      "select",
      {
        id: "issue-select",
        "aria-label": "Issue",
        onchange: () => {
          picked.issue = issueSelect.value;
          drawIssue();
        },
      },
      scenario.issues.map((i) =>
        h("option", { value: i.id, selected: i.id === picked.issue }, i.name),
      ),
    );
    const modelSelect = h(
      "select",
      {
        id: "trajectory-model",
        "aria-label": "Model",
        onchange: () => {
          picked.model = modelSelect.value;
          drawIssue();
        },
      },
      dynamic.map((m) => h("option", { value: m, selected: m === picked.model }, m)),
    );
    const issueBody = h("div", { class: "issue-body" });
    const issueSection = h(
      "section",
      { class: "result-section" },
      h(
        "div",
        { class: "section-head" },
        h("h3", {}, "By issue"),
        h("label", {}, "Issue ", issueSelect),
        dynamic.length > 1 ? h("label", {}, "Model ", modelSelect) : null,
      ),
      issueBody,
    );

    function drawIssue(): void {
      const issueId = picked.issue;
      const cards: HTMLElement[] = [];
      const t = picked.model ? trajectory(v, picked.model, issueId) : null;
      if (t)
        cards.push(
          chartCard(
            "trajectory",
            `Positions by round (${picked.model}) — ${t.issueName}`,
            `${base}-${issueId}-trajectory`,
            () =>
              trajectoryChart(t, names, {
                tips: true,
                width: chartWidth(),
              }) as unknown as SVGSVGElement,
            () => trajectoryCsv(t),
          ),
        );
      else
        cards.push(
          h(
            "p",
            { class: "hint" },
            "No dynamic model in this run: position trajectories need a model that moves actors over rounds (e.g. expected-utility).",
          ),
        );
      const d = distribution(v, issueId);
      if (d && d.bins.length > 0)
        cards.push(
          chartCard(
            "distribution",
            `Forecast distributions over ${d.draws} draws — ${d.issueName}`,
            `${base}-${issueId}-distribution`,
            () =>
              distributionChart(d, { tips: true, width: chartWidth() }) as unknown as SVGSVGElement,
            () => distributionCsv(d),
          ),
        );
      else if (!mc)
        cards.push(
          h(
            "p",
            { class: "hint" },
            "Forecast distributions: run with Monte Carlo draws (Draws > 0) to see how sure each forecast is.",
          ),
        );
      const p = powerByPosition(scenario, issueId);
      if (p && p.rows.length > 0)
        cards.push(
          chartCard(
            "power",
            `Effective power by position — ${p.issueName}`,
            `${base}-${issueId}-power`,
            () =>
              powerChart(p, names, { tips: true, width: chartWidth() }) as unknown as SVGSVGElement,
            () => powerCsv(p),
          ),
        );
      if (dynamic.includes("expected-utility")) cards.push(challengeSection(issueId));
      cards.push(tornadoSection(issueId));
      const explanation = explainIssue({ scenario, issue: issueId, runs: v.result.runs });
      cards.push(
        h(
          "details",
          { class: "explain" },
          h("summary", {}, "Explanation in words, round by round"),
          h("pre", {}, explanation.join("\n")),
        ),
      );
      mount(issueBody, cards);
    }

    function tornadoSection(issueId: string): HTMLElement {
      const models = tornadoModels(v);
      if (models.length === 0)
        return h(
          "p",
          { class: "hint" },
          "Tornado: tick “Tornado” in the run panel to see which inputs move each forecast most.",
        );
      if (!models.includes(picked.tornadoModel))
        picked.tornadoModel = models.includes("expected-utility") ? "expected-utility" : models[0];
      const select = h(
        "select",
        {
          id: "tornado-model",
          "aria-label": "Model",
          onchange: () => {
            picked.tornadoModel = select.value;
            draw();
          },
        },
        models.map((m) => h("option", { value: m, selected: m === picked.tornadoModel }, m)),
      );
      const host = h("div", {});
      const draw = () => {
        const t = tornadoView(v, picked.tornadoModel, issueId);
        mount(
          host,
          !t || t.bars.length === 0
            ? h("p", { class: "hint" }, "No input moves this forecast.")
            : chartCard(
                "tornado",
                `Tornado (${t.model}) — ${t.issueName}`,
                `${base}-${issueId}-${t.model}-tornado`,
                () =>
                  tornadoChart(t, { tips: true, width: chartWidth() }) as unknown as SVGSVGElement,
                () => tornadoCsv(t),
              ),
          t
            ? h(
                "p",
                { class: "hint" },
                `Swing: ${t.swing}. The ${t.bars.length} inputs that move the forecast most.`,
              )
            : null,
        );
      };
      draw();
      return h(
        "div",
        { class: "tornado" },
        h(
          "div",
          { class: "section-head" },
          h("h4", {}, "Tornado: which inputs move the forecast"),
          h("label", {}, "Model ", select),
        ),
        host,
      );
    }

    function challengeSection(issueId: string): HTMLElement {
      const eu = v.result.runs
        .find((r) => r.model === "expected-utility")
        ?.issues.find((i) => i.issue === issueId);
      const actors = (eu?.actors as string[] | undefined) ?? [];
      const roundCount = eu?.rounds?.length ?? 0;
      if (actors.length < 2 || roundCount === 0)
        return h("p", { class: "hint" }, "No challenge map: fewer than two actors on this issue.");
      if (!actors.includes(picked.actor)) {
        // Default: the actor with the most effective power on the issue.
        const p = powerByPosition(scenario, issueId);
        picked.actor = p?.rows.slice().sort((a, b) => b.power - a.power)[0]?.actor ?? actors[0];
      }
      picked.round = Math.min(Math.max(1, picked.round), roundCount);
      const actorSelect = h(
        "select",
        {
          id: "challenge-actor",
          "aria-label": "Actor",
          onchange: () => {
            picked.actor = actorSelect.value;
            draw();
          },
        },
        actors.map((a) =>
          h(
            "option",
            { value: a, selected: a === picked.actor },
            scenario.actors.find((x) => x.id === a)?.name ?? a,
          ),
        ),
      );
      const roundInput = h("input", {
        type: "number",
        id: "challenge-round",
        class: "num",
        min: 1,
        max: roundCount,
        value: picked.round,
        "aria-label": "Round",
        onchange: () => {
          picked.round = Math.min(Math.max(1, Number(roundInput.value) || 1), roundCount);
          draw();
        },
      });
      const host = h("div", {});
      const draw = () => {
        const m = challengeMap(v, issueId, picked.actor, picked.round);
        mount(
          host,
          m
            ? chartCard(
                "challenge",
                `Challenge map of ${m.actorName} before round ${m.round} — ${m.issueName}`,
                `${base}-${issueId}-${picked.actor}-challenge-map`,
                () =>
                  challengeMapChart(m, names, {
                    tips: true,
                    width: Math.min(chartWidth(), 720),
                  }) as unknown as SVGSVGElement,
                () => challengeMapCsv(m),
              )
            : h(
                "p",
                { class: "hint" },
                "No challenge map for this actor and round (all actors at the same position).",
              ),
          m && m.samePosition.length > 0
            ? h(
                "p",
                { class: "hint" },
                `At the same position (no challenge): ${m.samePosition.join(", ")}.`,
              )
            : null,
        );
      };
      draw();
      return h(
        "div",
        { class: "challenge" },
        h(
          "div",
          { class: "section-head" },
          h("h4", {}, "Expected-utility challenge map"),
          h("label", {}, "Actor ", actorSelect),
          h("label", {}, "Before round ", roundInput, ` of ${roundCount}`),
        ),
        h(
          "p",
          { class: "hint" },
          "Each other actor at the two expected utilities the chosen actor sees: from challenging it (x) and from being challenged by it (y).",
        ),
        host,
      );
    }

    // Compare with another run.
    const others = runs.filter((r) => r.id !== run.id);
    const compareSelect = h(
      "select",
      {
        id: "compare-select",
        "aria-label": "Compare with run",
        onchange: () => {
          picked.compareWith = compareSelect.value;
          void drawComparison();
        },
      },
      h("option", { value: "" }, others.length === 0 ? "no other run yet" : "Compare with…"),
      others.map((r) =>
        h(
          "option",
          { value: r.id, selected: r.id === picked.compareWith },
          `${formatDate(r.createdAt)}${r.label ? ` · ${r.label}` : ""} · v${r.scenarioVersion ?? "–"}`,
        ),
      ),
    );
    const compareBody = h("div", {});
    const compareSection = h(
      "section",
      { class: "result-section" },
      h(
        "div",
        { class: "section-head" },
        h("h3", {}, "Compare runs"),
        h("label", {}, "This run (B) against (A) ", compareSelect),
      ),
      compareBody,
    );

    async function drawComparison(): Promise<void> {
      if (!picked.compareWith || !others.some((r) => r.id === picked.compareWith)) {
        mount(
          compareBody,
          h(
            "p",
            { class: "hint" },
            "Pick another run of this scenario to see how the forecasts and inputs differ.",
          ),
        );
        return;
      }
      const other = await api.run(picked.compareWith);
      const c = compareRuns(view(other), v);
      const changed = c.rows.filter((r) => r.delta !== null && Math.abs(r.delta) > 1e-9);
      mount(
        compareBody,
        h(
          "div",
          { class: "changes" },
          h("h4", {}, "What changed in the inputs"),
          c.changes.length === 0
            ? h("p", { class: "hint" }, "Same inputs (the runs differ in models or options only).")
            : h(
                "ul",
                {},
                c.changes.map((ch) =>
                  h("li", {}, `${ch.what} ${ch.id}: ${ch.field} ${fmt(ch.a)} → ${fmt(ch.b)}`),
                ),
              ),
        ),
        h("p", {}, `${changed.length} of ${c.rows.length} forecasts changed.`),
        changed.length > 0 ? comparisonTable(changed, "comparison-table") : null,
        h(
          "details",
          {},
          h("summary", {}, `All ${c.rows.length} forecasts of the models both runs share`),
          comparisonTable(c.rows, "comparison-all"),
        ),
        h(
          "div",
          { class: "table-actions" },
          h(
            "button",
            { class: "small", onclick: () => exportCsv(comparisonCsv(c), `${base}-comparison`) },
            "CSV",
          ),
        ),
        changed.length > 0
          ? chartCard(
              "compare",
              "Changed forecasts: run A → run B",
              `${base}-comparison`,
              () =>
                comparisonChart(
                  { ...c, rows: changed },
                  { tips: true, width: chartWidth() },
                ) as unknown as SVGSVGElement,
              () => comparisonCsv(c),
            )
          : null,
      );
    }

    const exchanges = exchangeTrace(v.result.runs);
    mount(
      main,
      header,
      headlineSection(v.result, scenario),
      advicePanel(ctx.scenarioId, run.scenarioVersion ?? undefined, scenario),
      forecastSection,
      whatIfSection(v, base),
      issueSection,
      exchanges ? exchangeSection(exchanges, scenario) : null,
      compareSection,
    );
    drawIssue();
    void drawComparison();
  }

  function chartWidth(): number {
    // Never narrower than 480 px, where the labels still leave room for the data: on a
    // phone the chart scrolls sideways in its own box at full size (styles.css) rather
    // than shrinking its text.
    return Math.max(480, Math.min(980, main.clientWidth - 40 || 900));
  }

  return {
    element: h("div", { class: "results-layout" }, sidebar, main),
    async load(runId?: string) {
      await refreshHistory();
      const id = runId && runs.some((r) => r.id === runId) ? runId : runs[0]?.id;
      if (id) await open(id);
    },
    runNow,
    shownRun: () => current?.id,
  };
}

function comparisonTable(rows: Comparison["rows"], id: string): HTMLElement {
  return scrollBox(
    h(
      "table",
      { class: "forecasts", id },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { class: "text" }, "Issue"),
          h("th", { class: "text" }, "Model"),
          h("th", {}, "A"),
          h("th", {}, "B"),
          h("th", {}, "Change"),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { class: r.delta !== null && Math.abs(r.delta) > 1e-9 ? "changed" : "" },
            h("td", { class: "text" }, r.name),
            h("td", { class: "text" }, r.model),
            h("td", {}, formatValue(r.a)),
            h("td", {}, formatValue(r.b)),
            h("td", {}, r.delta === null ? "–" : `${r.delta > 0 ? "+" : ""}${r.delta.toFixed(1)}`),
          ),
        ),
      ),
    ),
    "Comparison of the two runs",
  );
}

/** A forecast's median and 5–95 % interval over the draws, under the point forecast. */
function drawnCell(d: DrawnForecast | undefined): HTMLElement | null {
  if (!d) return null;
  if (d.median === null)
    return h("div", { class: "drawn" }, `no forecast in ${d.noForecast} draws`);
  return h(
    "div",
    { class: "drawn", "data-median": String(d.median) },
    `median ${formatValue(d.median)}`,
    h("br", {}),
    d.interval90 ? `5–95 %: ${formatValue(d.interval90[0])}–${formatValue(d.interval90[1])}` : "",
    d.noForecast > 0 ? h("br", {}) : null,
    d.noForecast > 0 ? `(none in ${d.noForecast} draws)` : null,
  );
}

function fmt(x: unknown): string {
  return x === null || x === undefined ? "–" : String(x);
}

/** A chart with its title and export buttons (SVG, PNG, CSV of the rows behind it). */
function chartCard(
  id: string,
  title: string,
  fileName: string,
  draw: () => SVGSVGElement,
  csv?: () => string,
): HTMLElement {
  // A region of its own that takes focus, since on a phone it scrolls sideways.
  const holder = h("div", {
    class: "chart",
    id: `chart-${id}`,
    role: "region",
    tabindex: "0",
    "aria-label": title,
  });
  let svg: SVGSVGElement;
  try {
    svg = draw();
    holder.appendChild(svg);
  } catch (e) {
    holder.appendChild(
      h("p", { class: "error-box" }, `Could not draw this chart: ${(e as Error).message}`),
    );
    return h("figure", { class: "chart-card" }, h("figcaption", {}, title), holder);
  }
  return h(
    "figure",
    { class: "chart-card" },
    h(
      "figcaption",
      {},
      h("span", {}, title),
      h(
        "span",
        { class: "chart-actions" },
        h(
          "button",
          { class: "small", "data-export": "svg", onclick: () => exportSvg(svg, title, fileName) },
          "SVG",
        ),
        h(
          "button",
          {
            class: "small",
            "data-export": "png",
            onclick: () => void exportPng(svg, title, fileName),
          },
          "PNG",
        ),
        csv
          ? h(
              "button",
              { class: "small", "data-export": "csv", onclick: () => exportCsv(csv(), fileName) },
              "CSV",
            )
          : null,
      ),
    ),
    holder,
  );
}
