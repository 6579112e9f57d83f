/**
 * SMP against KTAB's own runs (smp-algorithm.md §10; models.md §3): the logs of
 * `smpc` on dummyData_3Dim.csv (deterministic, KTAB's defaults) and smpExample.xml
 * (PropCbc voting, Markov-incentive PCE; stochastic, so turn 0 only) are the oracle.
 */
import { describe, expect, it } from "vitest";
import { readKtabCsv, readKtabXml } from "../../src/scenario/import/ktab.js";
import { smpInputFromKtab } from "../../src/models/smp/input.js";
import { runSmp, type SmpInput, type SmpTrace } from "../../src/models/smp/run.js";
import { SmpOptions, type SmpOptionsInput } from "../../src/models/smp/options.js";
import { createContext } from "../../src/models/smp/context.js";
import { allocateState, setupState } from "../../src/models/smp/state.js";
import { challenge } from "../../src/models/smp/challenge.js";
import { formBargains } from "../../src/models/smp/bargain.js";
import { fixture, parseKtabLog, type KtabLog, type LogStep } from "../fixtures/ktab/ktab-log.js";

/** Ours agrees with a value KTAB printed with `decimals` decimals. */
function expectPrinted(ours: number, printed: number, decimals: number, what: string): void {
  const tolerance = 0.5 * 10 ** -decimals + 1e-9;
  if (!(Math.abs(ours - printed) <= tolerance))
    expect.fail(`${what}: ours ${ours} but KTAB printed ${printed} (${decimals} decimals)`);
}

/** A state of the run rebuilt from its positions (identity accommodation). */
function stateAt(input: SmpInput, options: SmpOptionsInput, position: number[]) {
  const N = input.actorNames.length;
  const D = input.dimensionNames.length;
  const ctx = createContext(N, D, input.capability, input.salience, SmpOptions.parse(options));
  const st = allocateState(N, D);
  st.position.set(position);
  st.ideal.set(position);
  setupState(ctx, st);
  return { ctx, st, N, D };
}

function pairOf(trace: SmpTrace, step: number, actor: number, option: number): string {
  if (option < 0) return `${actor}:${actor}`;
  const b = trace.turns![step - 1].bargains[option];
  return `${b.initiator}:${b.receiver}`;
}

/** Targets, the initiator's estimates, its bargains and every queue of one step. */
function checkStep(trace: SmpTrace, log: LogStep, D: number): void {
  const t = log.step;
  const turn = trace.turns![t - 1];
  const chosen = turn.challenges.filter((c) => c.target >= 0);
  expect(chosen.map((c) => `${c.actor}>${c.target}`).sort(), `targets of step ${t}`).toEqual(
    log.targets.map((x) => `${x.actor}>${x.target}`).sort(),
  );
  for (const c of chosen) {
    const logged = log.targets.find((x) => x.actor === c.actor)!;
    expectPrinted(c.dU!, logged.worth, 3, `step ${t}: worth of ${c.actor}'s target`);
    const est = log.estimates.find((e) => e.h === c.actor && e.k === c.actor && e.i === c.actor)!;
    expectPrinted(c.phi!, est.phi, 4, `step ${t}: ${c.actor}'s estimate that it wins`);
    expectPrinted(c.dU!, est.dU, 4, `step ${t}: ${c.actor}'s expected gain`);
    const ours = turn.bargains.find((b) => b.initiator === c.actor)!;
    const theirs = log.bargains.find((b) => b.initiator === c.actor && b.perspective === c.actor)!;
    for (let d = 0; d < D; d++) {
      expectPrinted(
        ours.initiatorPosition[d] * 100,
        theirs.initiatorPosition[d],
        3,
        `step ${t} bargain ${c.actor}`,
      );
      expectPrinted(
        ours.receiverPosition[d] * 100,
        theirs.receiverPosition[d],
        3,
        `step ${t} bargain ${c.actor}`,
      );
    }
  }
  for (const q of log.queues) {
    const ours = turn.queues[q.actor];
    const pairs = ours.options.map((o) => pairOf(trace, t, q.actor, o));
    expect([...pairs].sort(), `queue of ${q.actor} in step ${t}`).toEqual([...q.entries].sort());
    q.entries.forEach((pair, e) =>
      expectPrinted(
        ours.probabilities[pairs.indexOf(pair)],
        q.probabilities[e],
        4,
        `step ${t} queue ${q.actor} ${pair}`,
      ),
    );
    expect(pairs[ours.chosen], `choice of ${q.actor} in step ${t}`).toBe(q.chosen);
  }
}

/** The views KTAB logs but does not use by default: all four challenge estimates and the other bargain models. */
function checkOtherViews(
  input: SmpInput,
  options: SmpOptionsInput,
  position: number[],
  log: LogStep,
): void {
  const { ctx, st, D } = stateAt(input, options, position);
  for (const e of log.estimates) {
    const c = challenge(ctx, st, e.h, e.k, e.i, e.j);
    expectPrinted(c.phi, e.phi, 4, `step ${log.step}: ${e.h}'s estimate that ${e.i} beats ${e.j}`);
    expectPrinted(
      c.dU,
      e.dU,
      4,
      `step ${log.step}: ${e.h}'s estimate of ${e.k}'s gain from ${e.i}>${e.j}`,
    );
  }
  for (const model of ["init-rcvr", "pw-comp"] as const) {
    const view = stateAt(input, { ...options, bargainModel: model }, position);
    for (const target of log.targets) {
      const phi = log.estimates.find(
        (e) => e.h === target.actor && e.k === target.actor && e.i === target.actor,
      )!;
      const own = challenge(
        view.ctx,
        view.st,
        target.actor,
        target.actor,
        target.actor,
        target.target,
      );
      expectPrinted(own.phi, phi.phi, 4, "phi");
      const made = formBargains(view.ctx, view.st, target.actor, target.target, own.phi);
      const wanted =
        model === "init-rcvr"
          ? log.bargains.filter(
              (b) => b.initiator === target.actor && b.perspective !== "compromise",
            )
          : log.bargains.filter(
              (b) => b.initiator === target.actor && b.perspective === "compromise",
            );
      expect(made.length).toBe(wanted.length);
      made.forEach((b, k) => {
        const w = wanted[k];
        for (let d = 0; d < D; d++) {
          expectPrinted(
            b.initiatorPosition[d] * 100,
            w.initiatorPosition[d],
            3,
            `${model} bargain ${target.actor}`,
          );
          expectPrinted(
            b.receiverPosition[d] * 100,
            w.receiverPosition[d],
            3,
            `${model} bargain ${target.actor}`,
          );
        }
      });
    }
  }
}

describe("SMP reproduces KTAB's run of dummyData_3Dim.csv (default parameters)", () => {
  const log: KtabLog = parseKtabLog(fixture("20170530_ref-dummyData_3Dim.txt"));
  const k = readKtabCsv(fixture("dummyData_3Dim.csv"), "dummyData_3Dim.csv");
  const input = smpInputFromKtab(k);
  const trace = runSmp(input, { trace: "full" });
  const N = k.actors.length;
  const D = k.dimensions.length;

  it("has the log's number of states (11) and stop-rule ratios", () => {
    expect(log.states).toBe(11);
    expect(trace.states).toBe(11);
    expect(trace.stopReason).toBe("converged");
    expect(log.steps.length).toBe(10);
    log.steps.forEach((s) =>
      expectPrinted(trace.ratios[s.step - 1], s.ratio!, 4, `ratio of step ${s.step}`),
    );
  });

  it("reproduces the whole history of positions to the printed decimal", () => {
    let compared = 0;
    for (let i = 0; i < N; i++)
      for (let d = 0; d < D; d++) {
        const printed = log.positions.get(`${k.actors[i].name}, ${k.dimensions[d]}`)!;
        expect(printed).toHaveLength(11);
        const ours = trace.positions.map((p) => (p[i * D + d] * 100.0).toFixed(1));
        expect(ours, `${k.actors[i].name} on ${k.dimensions[d]}`).toEqual(printed);
        compared += printed.length;
      }
    expect(compared).toBe(7 * 3 * 11);
  });

  it("reproduces the history of win probabilities to 4 decimals", () => {
    for (let i = 0; i < N; i++) {
      const printed = log.winProbabilities.get(k.actors[i].name)!;
      expect(printed).toHaveLength(11);
      expect(
        trace.winProbabilities!.map((p) => p[i].toFixed(4)),
        k.actors[i].name,
      ).toEqual(printed);
    }
  });

  it("reproduces every state's risk-neutral utilities and risk attitudes", () => {
    expect(log.riskAttitudes).toHaveLength(11);
    log.riskAttitudes.forEach((rs, s) =>
      rs.forEach((R, i) =>
        expectPrinted(trace.riskAttitudes![s][i], R, 3, `R of ${i} in state ${s}`),
      ),
    );
    log.neutralUtilities.forEach((rows, s) => {
      const { st } = stateAt(input, {}, trace.positions[s]);
      rows.forEach((row, i) =>
        row.forEach((u, j) => expectPrinted(1 - st.vd[i * N + j], u, 3, `u0[${i}][${j}]`)),
      );
    });
  });

  it("makes KTAB's choices in every step: targets, estimates, bargains, queue probabilities, picks", () => {
    for (const s of log.steps) checkStep(trace, s, D);
  });

  it("computes the views KTAB logs beside the run: Chal(h,k,i,j), init-rcvr and pw-comp bargains", () => {
    for (const s of log.steps) checkOtherViews(input, {}, trace.positions[s.step - 1], s);
  });

  it("gives the same run through the scenario format (ktabToScenario → compile → SMP input)", async () => {
    const { ktabToScenario } = await import("../../src/scenario/import/ktab.js");
    const { compileScenario } = await import("../../src/scenario/compile.js");
    const { smpInputFromCompiled } = await import("../../src/models/smp/input.js");
    const viaScenario = smpInputFromCompiled(compileScenario(ktabToScenario(k))).input;
    expect(Array.from(viaScenario.position)).toEqual(Array.from(input.position));
    expect(Array.from(viaScenario.salience)).toEqual(Array.from(input.salience));
    expect(runSmp(viaScenario, {}).positions).toEqual(trace.positions);
  });
});

describe("SMP on smpExample.xml (corrected copy) matches KTAB's turn 0", () => {
  const log = parseKtabLog(fixture("20170530_ref-smpExample.txt"));
  const k = readKtabXml(fixture("smpExample-corrected.xml"), "smpExample-corrected.xml");
  const input = smpInputFromKtab(k);
  const options: SmpOptionsInput = { ...k.parameters, trace: "full", maxTurns: 1 };
  const trace = runSmp(input, options);
  const N = k.actors.length;
  const first = log.steps[0];

  it("uses the file's parameters", () => {
    expect(SmpOptions.parse(options)).toMatchObject({
      votingRule: "prop-cbc",
      pce: "markov-incentive",
      stateTransitions: "stochastic",
    });
  });

  it("has KTAB's risk-neutral utilities, risk attitudes and win probabilities in state 0", () => {
    const { st } = stateAt(input, options, trace.positions[0]);
    log.neutralUtilities[0].forEach((row, i) =>
      row.forEach((u, j) => expectPrinted(1 - st.vd[i * N + j], u, 3, `u0[${i}][${j}]`)),
    );
    log.riskAttitudes[0].forEach((R, i) =>
      expectPrinted(trace.riskAttitudes![0][i], R, 3, `R of ${i}`),
    );
    k.actors.forEach((a, i) =>
      expectPrinted(
        trace.winProbabilities![0][i],
        Number(log.winProbabilities.get(a.name)![0]),
        4,
        a.name,
      ),
    );
  });

  it("has KTAB's targets, estimates, bargains and queue probabilities in turn 0", () => {
    const turn = trace.turns![0];
    for (const target of first.targets) {
      const c = turn.challenges[target.actor];
      expect(c.target).toBe(target.target);
      expectPrinted(c.dU!, target.worth, 3, `worth of ${target.actor}'s target`);
    }
    expect(turn.challenges.filter((c) => c.target >= 0)).toHaveLength(first.targets.length);
    // Queue probabilities (the pick itself is stochastic in KTAB's run).
    for (const q of first.queues) {
      const ours = turn.queues[q.actor];
      const pairs = ours.options.map((o) => pairOf(trace, 1, q.actor, o));
      expect([...pairs].sort()).toEqual([...q.entries].sort());
      q.entries.forEach((pair, e) =>
        expectPrinted(
          ours.probabilities[pairs.indexOf(pair)],
          q.probabilities[e],
          4,
          `queue ${q.actor} ${pair}`,
        ),
      );
    }
    checkOtherViews(input, options, trace.positions[0], first);
  });
});
