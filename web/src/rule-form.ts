/**
 * The decision rules as forms (syntax: docs/rules-and-what-ifs.md, schema:
 * src/scenario/rules.ts): the scenario's default rule and each issue's own rule.
 * A rule is a consensus (veto players) or a weighted vote (weights, quota, fewest
 * members, blocking minority, optional veto players), with an optional reversion
 * point, agenda setter, overrides (supermajorities that remove veto players), an
 * amendment rule and a note. The forms edit the working copy in place; the server's
 * validation names the field of every problem.
 */
import { h } from "./dom.js";
import type { Editor } from "./editor.js";
import {
  actorChecks,
  actorOptions,
  numberField,
  selectField,
  textField,
  type ActorOption,
  type Loose,
} from "./form-fields.js";

type Kind = "consensus" | "vote";

const COMMON = ["referencePoint", "agendaSetter", "overrides", "amendment", "note"] as const;

/** A majority of `n` equal weights: the smallest whole quota above half. */
const majority = (total: number): number => Math.floor(total / 2) + 1;

/** Equal weights (1) for the given actors. */
function equalWeights(ids: string[]): Loose {
  return Object.fromEntries(ids.map((id) => [id, 1]));
}

/**
 * The rule `previous` turned into a rule of `kind`, keeping what both kinds have
 * (veto players, reversion point, setter, overrides, amendment, note); a new vote
 * starts with equal weights for `members` and a simple majority.
 */
export function convertRule(previous: Loose | undefined, kind: Kind, members: string[]): Loose {
  // A copy: an issue's new rule taken from the default rule must not share its lists.
  const prev = structuredClone(previous ?? {});
  const vetoes = Array.isArray(prev.vetoPlayers) ? (prev.vetoPlayers as string[]) : [];
  const rule: Loose = { type: kind };
  if (kind === "consensus") rule.vetoPlayers = vetoes;
  else {
    const weights =
      typeof prev.weights === "object" && prev.weights !== null
        ? (prev.weights as Loose)
        : equalWeights(members);
    rule.weights = weights;
    rule.quota = prev.quota ?? majority(Object.keys(weights).length);
    for (const key of ["minMembers", "minBlocking"])
      if (prev[key] !== undefined) rule[key] = prev[key];
    if (vetoes.length > 0) rule.vetoPlayers = vetoes;
  }
  for (const key of COMMON) if (prev[key] !== undefined) rule[key] = prev[key];
  return rule;
}

export function renderRules(editor: Editor): HTMLElement {
  const { model } = editor;
  const actors: ActorOption[] = model.actors.map((r) => ({
    id: String(r.data.id ?? ""),
    name: String(r.data.name || r.data.id || "?"),
  }));
  const top = model.top;
  const redraw = (focus?: string) => editor.changed(true, focus);
  const changed = () => editor.changed();
  /** Actors holding a stance on an issue (the natural members of its vote). */
  const holders = (issueKey: number) =>
    model.actors.filter((a) => model.stance(a.key, issueKey)).map((a) => String(a.data.id));

  const defaultRule = top.defaultRule as Loose | undefined;
  const defaultCard = h(
    "fieldset",
    { class: "issue-card rule-card", "data-path": "defaultRule" },
    h("legend", {}, "Default rule (issues without a rule of their own)"),
    selectField(
      "Kind",
      "defaultRule.type",
      typeof defaultRule?.type === "string" ? defaultRule.type : "",
      [
        { value: "", label: "No default rule" },
        { value: "consensus", label: "Consensus (veto players)" },
        { value: "vote", label: "Weighted vote" },
      ],
      (v) => {
        if (v === "") delete top.defaultRule;
        else
          top.defaultRule = convertRule(
            defaultRule,
            v as Kind,
            actors.map((a) => a.id),
          );
        redraw();
      },
    ),
    defaultRule ? ruleBody(defaultRule, "defaultRule", actors, changed, redraw) : null,
  );

  const issueCards = model.issues.map((issue, k) => {
    const d = issue.data;
    const rule = d.rule as Loose | undefined;
    const path = `issues.${k}.rule`;
    return h(
      "fieldset",
      { class: "issue-card rule-card", "data-path": path, "data-issue": String(d.id ?? "") },
      h("legend", {}, String(d.name || d.id || `issue ${k + 1}`)),
      selectField(
        "Decided by",
        `${path}.type`,
        typeof rule?.type === "string" ? rule.type : "",
        [
          {
            value: "",
            label: defaultRule ? "The default rule" : "No rule (procedural models print –)",
          },
          { value: "consensus", label: "Consensus (veto players)" },
          { value: "vote", label: "Weighted vote" },
        ],
        (v) => {
          if (v === "") delete d.rule;
          else d.rule = convertRule(rule ?? defaultRule, v as Kind, holders(issue.key));
          redraw();
        },
      ),
      rule ? ruleBody(rule, path, actors, changed, redraw) : null,
    );
  });

  return h(
    "div",
    { class: "rules-panel" },
    h("h2", { id: "rules-heading", tabindex: "-1" }, "Decision rules"),
    h(
      "p",
      { class: "hint" },
      "How each issue is decided: the win-set, veto-core and agenda-setter models and the headline's “who blocks” read these. " +
        "A consensus needs every veto player; a vote passes with the quota of the weights. " +
        "The syntax is in docs/rules-and-what-ifs.md.",
    ),
    defaultCard,
    issueCards,
  );
}

/** The fields of one rule (or of an amendment: `amendment` false leaves out what it cannot hold). */
function ruleBody(
  rule: Loose,
  path: string,
  actors: ActorOption[],
  changed: () => void,
  redraw: (focus?: string) => void,
  amendment = false,
): HTMLElement {
  const vote = rule.type === "vote";
  const overrides = Array.isArray(rule.overrides) ? (rule.overrides as Loose[]) : [];
  const vetoes = Array.isArray(rule.vetoPlayers) ? (rule.vetoPlayers as string[]) : [];
  return h(
    "div",
    { class: "rule-body" },
    vote ? voteFields(rule, path, actors, changed) : null,
    actorChecks(
      vote
        ? "Veto players (optional: each must also agree)"
        : "Veto players (every one must agree)",
      rule,
      "vetoPlayers",
      path,
      actors,
      () => redraw(),
      vote,
    ),
    amendment
      ? null
      : h(
          "div",
          { class: "row" },
          numberField(
            "Reversion point (if nothing passes)",
            rule,
            "referencePoint",
            `${path}.referencePoint`,
            changed,
            "Empty: the issue's reference point",
          ),
          selectField(
            "Agenda setter",
            `${path}.agendaSetter`,
            typeof rule.agendaSetter === "string" ? rule.agendaSetter : "",
            [{ value: "", label: "None" }, ...actorOptions(actors, rule.agendaSetter)],
            (v) => {
              if (v === "") delete rule.agendaSetter;
              else rule.agendaSetter = v;
              changed();
            },
          ),
        ),
    textField("Note (where the rule comes from)", rule, "note", `${path}.note`, changed, {
      class: "wide",
    }),
    amendment
      ? null
      : h(
          "div",
          { class: "overrides", "data-path": `${path}.overrides` },
          h("span", { class: "field-label" }, "Overrides (a supermajority that needs no veto)"),
          overrides.map((o, j) =>
            h(
              "fieldset",
              { class: "override", "data-path": `${path}.overrides.${j}` },
              h("legend", {}, `Override ${j + 1}`),
              actorChecks(
                "Removes the veto of",
                o,
                "removes",
                `${path}.overrides.${j}`,
                actors.filter((a) => vetoes.includes(a.id)),
                () => redraw(),
                false,
                "not a veto player of this rule",
              ),
              voteFields(o, `${path}.overrides.${j}`, actors, changed),
              textField("Note", o, "note", `${path}.overrides.${j}.note`, changed, {
                class: "wide",
              }),
              h(
                "button",
                {
                  class: "small danger",
                  type: "button",
                  id: `remove-override-${path}-${j}`,
                  onclick: () => {
                    overrides.splice(j, 1);
                    if (overrides.length === 0) delete rule.overrides;
                    redraw(`add-override-${path}`);
                  },
                },
                "Remove override",
              ),
            ),
          ),
          h(
            "button",
            {
              class: "small",
              type: "button",
              id: `add-override-${path}`,
              onclick: () => {
                const weights = { ...((rule.weights as Loose | undefined) ?? {}) };
                const members = Object.keys(weights).length
                  ? weights
                  : Object.fromEntries(
                      actors.filter((a) => !vetoes.includes(a.id)).map((a) => [a.id, 1]),
                    );
                const total = Object.values(members).reduce<number>(
                  (s, w) => s + (typeof w === "number" ? w : 0),
                  0,
                );
                overrides.push({
                  removes: vetoes.slice(0, 1),
                  weights: members,
                  quota: Math.ceil((total * 2) / 3),
                });
                rule.overrides = overrides;
                redraw(`f:${path}.overrides.${overrides.length - 1}.quota`);
              },
            },
            "+ Override",
          ),
        ),
    amendment ? null : amendmentField(rule, path, actors, changed, redraw),
  );
}

/** Weights (one input per actor; empty: not a member), quota, fewest members, blocking minority. */
function voteFields(
  v: Loose,
  path: string,
  actors: ActorOption[],
  changed: () => void,
): HTMLElement {
  const weights = (
    typeof v.weights === "object" && v.weights !== null ? v.weights : (v.weights = {})
  ) as Loose;
  const extra = Object.keys(weights).filter((id) => !actors.some((a) => a.id === id));
  const total = () =>
    Object.values(weights).reduce<number>((s, w) => s + (typeof w === "number" ? w : 0), 0);
  const totalText = h("span", { class: "hint" }, `total ${total()}`);
  const rows = [...actors, ...extra.map((id) => ({ id, name: `${id} (no such actor)` }))].map((a) =>
    h(
      "label",
      { class: "weight" },
      h("span", {}, a.name),
      h("input", {
        type: "text",
        class: "num",
        inputmode: "decimal",
        id: `f:${path}.weights.@${a.id}`,
        "data-path": `${path}.weights.${a.id}`,
        "aria-label": `Voting weight of ${a.name}`,
        placeholder: "–",
        value: weights[a.id] === undefined ? "" : String(weights[a.id]),
        oninput: (e: Event) => {
          const t = (e.target as HTMLInputElement).value.trim();
          if (t === "") delete weights[a.id];
          else {
            const n = Number(t.replace(",", "."));
            weights[a.id] = Number.isFinite(n) ? n : t;
          }
          totalText.textContent = `total ${total()}`;
          changed();
        },
      }),
    ),
  );
  return h(
    "div",
    { class: "vote-fields" },
    h(
      "fieldset",
      { class: "weights", "data-path": `${path}.weights` },
      h("legend", { class: "field-label" }, "Voting weights (empty: not a member) ", totalText),
      h("div", { class: "weight-grid" }, rows),
    ),
    h(
      "div",
      { class: "row" },
      numberField("Quota (weight to pass)", v, "quota", `${path}.quota`, changed),
      numberField("Fewest members", v, "minMembers", `${path}.minMembers`, changed),
      numberField("Blocking minority (members)", v, "minBlocking", `${path}.minBlocking`, changed),
    ),
  );
}

/** How the deciding body can amend the setter's proposal: none, a consensus or a vote. */
function amendmentField(
  rule: Loose,
  path: string,
  actors: ActorOption[],
  changed: () => void,
  redraw: (focus?: string) => void,
): HTMLElement {
  const a = rule.amendment as Loose | undefined;
  const at = `${path}.amendment`;
  return h(
    "div",
    { class: "amendment", "data-path": at },
    selectField(
      "Amendment of the setter's proposal",
      `${at}.type`,
      typeof a?.type === "string" ? a.type : "",
      [
        { value: "", label: "No amendment rule" },
        { value: "consensus", label: "By consensus" },
        { value: "vote", label: "By a weighted vote" },
      ],
      (v) => {
        if (v === "") delete rule.amendment;
        else {
          const next = convertRule(
            a,
            v as Kind,
            actors.map((x) => x.id),
          );
          for (const key of COMMON) if (key !== "note") delete next[key];
          rule.amendment = next;
        }
        redraw();
      },
    ),
    a ? ruleBody(a, at, actors, changed, redraw, true) : null,
  );
}
