/**
 * KTAB's input files for the Spatial Model of Politics (KAPSARC Toolkit for
 * Behavioral Analysis; Wise et al., KAPSARC), read into a neutral `KtabScenario`,
 * and the bridge to and from entente's scenario format.
 *
 * - CSV (smp-algorithm.md §1): line 1 `name, description, numActors, numDims`; line 2
 *   headers (the dimension names are the position columns' headers); then per actor
 *   `name, description, capability, (position, salience) × numDims`, all on 0–100.
 *   Trailing commas are normal.
 * - XML (KTAB's smpSchema.xsd): `name`, `desc`, `prngSeed`, optional `ModelParameters`
 *   (mapped to SMP options), `Dimensions`, `Actors`, optional `IdealAdjustment`. KTAB's
 *   current reader rejects both shipped examples; we accept a missing
 *   `IdealAdjustment` (identity) and report an empty `<dCoord>` naming actor and
 *   dimension (models.md §3).
 *
 * Validation follows KTAB's (smp-algorithm.md §1.2): 0 <= position <= 100,
 * 0 <= salience <= 100, an actor's saliences sum to at most 100, 0 <= capability <=
 * 1e8, 3 <= actors <= 250. Every problem is reported at once, with file, line and
 * field.
 */
import { readCsvRecords } from "./csv-records.js";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { SmpOptions } from "../../models/smp/options.js";
import type { KtabActor, KtabIdealAdjustment, KtabScenario } from "./ktab-scenario.js";
import { accommodationMatrix, smpInputFromCompiled } from "../../models/smp/input.js";
import { compileScenario } from "../compile.js";
import { uniqueIds } from "../ids.js";
import { InputError, type Problem } from "../problems.js";
import type { Scenario, Stance } from "../schema.js";
import { readDecimal } from "./decimal.js";
import { excerpt, limitText, MAX_PROBLEMS, resolveLimits, type Limits } from "../limits.js";
import { xmlDepthExcess } from "../nesting.js";

/** Options of the KTAB readers. */
export interface KtabReadOptions {
  /** Limits on rows, actors, dimensions, nesting (defaults: limits.ts). */
  limits?: Partial<Limits>;
}

/** KTAB's limits (smp-algorithm.md §1.2). */
export const KTAB_LIMITS = { minActors: 3, maxActors: 250, maxCapability: 1e8 } as const;

// ---------------------------------------------------------------------------
// Shared checks

interface ActorDraft {
  name: string;
  description: string;
  capability: number | undefined;
  position: (number | undefined)[];
  salience: (number | undefined)[];
}

/** Range checks common to both formats; `where(field, d?)` locates a field. */
function checkActor(
  a: ActorDraft,
  index: number,
  dimensions: string[],
  at: (
    path: (string | number)[],
    message: string,
    field: "capability" | "position" | "salience" | "name",
    d?: number,
  ) => void,
): void {
  const who = `actor ${index + 1} (${a.name || "unnamed"})`;
  if (a.name.length === 0) at(["actors", index, "name"], `${who}: the name is empty`, "name");
  if (
    a.capability !== undefined &&
    !(a.capability >= 0 && a.capability <= KTAB_LIMITS.maxCapability)
  )
    at(
      ["actors", index, "capability"],
      `${who}: capability must be between 0 and 1e8, found ${a.capability}`,
      "capability",
    );
  let sum = 0;
  let complete = true;
  dimensions.forEach((dim, d) => {
    const p = a.position[d];
    const s = a.salience[d];
    if (p !== undefined && !(p >= 0 && p <= 100))
      at(
        ["actors", index, "position", d],
        `${who}: position on '${dim}' must be between 0 and 100, found ${p}`,
        "position",
        d,
      );
    if (s !== undefined && !(s >= 0 && s <= 100))
      at(
        ["actors", index, "salience", d],
        `${who}: salience on '${dim}' must be between 0 and 100, found ${s}`,
        "salience",
        d,
      );
    if (s === undefined) complete = false;
    else sum += s;
  });
  // A hair of tolerance for decimal sums such as 33.3 + 33.3 + 33.4.
  if (complete && sum > 100 + 1e-9)
    at(
      ["actors", index, "salience"],
      `${who}: saliences sum to ${+sum.toFixed(6)}, more than 100; KTAB needs each actor's saliences to sum to at most 100`,
      "salience",
    );
}

function checkActorCount(n: number, at: (message: string) => void): void {
  if (n < KTAB_LIMITS.minActors || n > KTAB_LIMITS.maxActors)
    at(`KTAB's SMP takes ${KTAB_LIMITS.minActors} to ${KTAB_LIMITS.maxActors} actors, found ${n}`);
}

/** A number written in a field; undefined with a problem when empty or not a number. */
function readNumber(
  text: string | undefined,
  what: string,
  problem: (message: string) => void,
): number | undefined {
  const t = (text ?? "").trim();
  if (t.length === 0) {
    problem(`${what} is empty; write a number`);
    return undefined;
  }
  const x = readDecimal(t);
  if (x === undefined) {
    problem(`${what} must be a number, found '${excerpt(t)}' (decimal notation, e.g. 12.5)`);
    return undefined;
  }
  return x;
}

// ---------------------------------------------------------------------------
// CSV

/**
 * Reads KTAB's SMP CSV. Throws `InputError` listing every problem (file, line, the
 * field's column) when the file cannot be used.
 */
export function readKtabCsv(
  text: string,
  file?: string,
  options: KtabReadOptions = {},
): KtabScenario {
  const limits = resolveLimits(options.limits);
  const problems: Problem[] = [];
  let records = readCsvRecords(text, file, { relaxQuotes: true, maxRecords: limits.rows });
  if (records.length > limits.rows)
    throw new InputError([
      {
        file,
        line: records[records.length - 1].info.lines,
        path: [],
        message: `more than ${limits.rows.toLocaleString("en")} lines; ${limitText(limits, "rows")}`,
      },
    ]);
  // Lines made only of commas are empty rows too.
  records = records.filter((r) => r.record.some((f) => f.length > 0));
  if (records.length < 2)
    throw new InputError([
      {
        file,
        path: [],
        message:
          "a KTAB CSV needs a first line 'name, description, numActors, numDims', a header line, and one line per actor",
      },
    ]);
  const [first, header, ...rows] = records;
  const line1 = first.info.lines;
  const fail = (line: number, path: (string | number)[], message: string, column?: number) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, line, column, path, message });
  };

  const name = first.record[0] ?? "";
  const description = first.record[1] ?? "";
  const count = (k: number, what: string): number | undefined => {
    const x = readNumber(first.record[k], `line 1 field ${k + 1} (${what})`, (m) =>
      fail(line1, [what], m, k + 1),
    );
    if (x !== undefined && !(Number.isInteger(x) && x >= 1)) {
      fail(line1, [what], `${what} must be a whole number >= 1, found ${x}`, k + 1);
      return undefined;
    }
    return x;
  };
  const numActors = count(2, "numActors");
  const numDims = count(3, "numDims");
  if (numDims === undefined) throw new InputError(problems);
  // The declared sizes are checked before anything is allocated for them.
  if (numDims > limits.issues)
    throw new InputError([
      {
        file,
        line: line1,
        column: 4,
        path: ["numDims"],
        message: `declares ${numDims} dimensions; ${limitText(limits, "issues")}`,
      },
    ]);
  if (numActors !== undefined && numActors > limits.actors)
    throw new InputError([
      {
        file,
        line: line1,
        column: 3,
        path: ["numActors"],
        message: `declares ${numActors} actors; ${limitText(limits, "actors")}`,
      },
    ]);
  if (rows.length > limits.actors || rows.length * numDims > limits.stances)
    throw new InputError([
      {
        file,
        line: rows[Math.min(rows.length, limits.actors) - 1]?.info.lines ?? line1,
        path: [],
        message:
          rows.length > limits.actors
            ? `${rows.length} actor lines; ${limitText(limits, "actors")}`
            : `${rows.length} actors × ${numDims} dimensions = ${rows.length * numDims} stances; ${limitText(limits, "stances")}`,
      },
    ]);

  const headerLine = header.info.lines;
  const dimensions: string[] = [];
  for (let d = 0; d < numDims; d++) {
    const h = header.record[3 + 2 * d];
    if (h === undefined || h.length === 0) {
      fail(
        headerLine,
        ["header", d],
        `the header has no name for dimension ${d + 1} (column ${4 + 2 * d})`,
        4 + 2 * d,
      );
      dimensions.push(`Dimension ${d + 1}`);
    } else dimensions.push(h);
  }

  const actors: KtabActor[] = [];
  rows.forEach(({ record, info }, index) => {
    const line = info.lines;
    const expected = 3 + 2 * numDims;
    const nonEmpty = record.reduce((last, f, k) => (f.length > 0 ? k + 1 : last), 0);
    if (nonEmpty > expected)
      fail(
        line,
        ["actors", index],
        `expected ${expected} fields (name, description, capability and a position and salience for each of ${numDims} dimensions), found ${nonEmpty}`,
        expected + 1,
      );
    const draft: ActorDraft = {
      name: record[0] ?? "",
      description: record[1] ?? "",
      capability: undefined,
      position: [],
      salience: [],
    };
    const who = `actor ${index + 1} (${draft.name || "unnamed"})`;
    draft.capability = readNumber(record[2], `${who}: capability`, (m) =>
      fail(line, ["actors", index, "capability"], m, 3),
    );
    for (let d = 0; d < numDims; d++) {
      draft.position.push(
        readNumber(record[3 + 2 * d], `${who}: position on '${dimensions[d]}'`, (m) =>
          fail(line, ["actors", index, "position", d], m, 4 + 2 * d),
        ),
      );
      draft.salience.push(
        readNumber(record[4 + 2 * d], `${who}: salience on '${dimensions[d]}'`, (m) =>
          fail(line, ["actors", index, "salience", d], m, 5 + 2 * d),
        ),
      );
    }
    checkActor(draft, index, dimensions, (path, message, field, d) => {
      const column =
        field === "name"
          ? 1
          : field === "capability"
            ? 3
            : d === undefined
              ? undefined
              : (field === "position" ? 4 : 5) + 2 * d;
      fail(line, path, message, column);
    });
    actors.push(finish(draft));
  });
  if (numActors !== undefined && rows.length !== numActors)
    fail(
      line1,
      ["numActors"],
      `line 1 announces ${numActors} actors but the file has ${rows.length} actor lines`,
      3,
    );
  checkActorCount(rows.length, (m) => fail(line1, ["numActors"], m, 3));
  if (problems.length > 0) throw new InputError(problems);
  return { name, description, dimensions, actors };
}

function finish(a: ActorDraft): KtabActor {
  return {
    name: a.name,
    description: a.description,
    capability: a.capability ?? 0,
    position: a.position.map((x) => x ?? 0),
    salience: a.salience.map((x) => x ?? 0),
  };
}

// ---------------------------------------------------------------------------
// XML

/** KTAB's enumeration values (smpSchema.xsd) mapped to SMP option values. */
const XML_PARAMETERS: Record<string, { option: keyof SmpOptions; values: Record<string, string> }> =
  {
    VictoryProbModel: {
      option: "victoryProb",
      values: {
        Linear: "linear",
        Square: "square",
        Quartic: "quartic",
        Octic: "octic",
        Binary: "binary",
      },
    },
    PCEModel: {
      option: "pce",
      values: {
        Conditional: "conditional",
        MarkovUniform: "markov-uniform",
        MarkovIncentive: "markov-incentive",
      },
    },
    StateTransitions: {
      option: "stateTransitions",
      values: { Deterministic: "deterministic", Stochastic: "stochastic" },
    },
    VotingRule: {
      option: "votingRule",
      values: {
        Binary: "binary",
        PropBin: "prop-bin",
        Proportional: "prop",
        Prop: "prop",
        PropCbc: "prop-cbc",
        Cubic: "cubic",
        ASymProsp: "asym-prosp",
      },
    },
    BigRAdjust: {
      option: "bigRAdjust",
      values: {
        Full: "full",
        TwoThirds: "two-thirds",
        Half: "half",
        OneThird: "one-third",
        No: "none",
      },
    },
    BigRRange: { option: "bigRRange", values: { Min: "min", Mid: "mid", Max: "max" } },
    ThirdPartyCommit: {
      option: "thirdPartyCommit",
      values: { NoCommit: "none", SemiCommit: "semi", FullCommit: "full" },
    },
    InterVecBrgn: {
      option: "interVecBrgn",
      values: { S1P1: "s1p1", S2P2: "s2p2", S2PMax: "s2pmax" },
    },
    BargnModel: {
      option: "bargainModel",
      values: { InitOnlyInterp: "init-only", InitRcvrInterp: "init-rcvr", PWCompInterp: "pw-comp" },
    },
  };

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose =>
  typeof x === "object" && x !== null && !Array.isArray(x);
const asText = (x: unknown): string | undefined =>
  typeof x === "string" ? x : typeof x === "number" ? String(x) : undefined;
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);

/**
 * Line numbers of the opening tags named `tag`, in document order (comments blanked
 * out first so they cannot be miscounted). fast-xml-parser keeps elements in document
 * order, so the k-th parsed element of a name is the k-th tag found here.
 */
function tagLines(text: string, tag: string): number[] {
  if (!/^[A-Za-z_][\w.-]*$/.test(tag)) return [];
  const blanked = text.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, " "));
  const lines: number[] = [];
  const re = new RegExp(`<${tag}(?=[\\s/>])`, "g");
  let line = 1;
  let last = 0;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    for (let k = last; k < m.index; k++) if (blanked.charCodeAt(k) === 10) line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}

/**
 * Refuses a DOCTYPE, entity declarations and external references by name: KTAB's
 * files have none, and each is a way to make a parser read other files or expand a
 * few bytes into gigabytes ("billion laughs").
 */
function refuseXmlDeclarations(source: string, file: string | undefined): void {
  const m = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i.exec(source);
  if (!m) return;
  let line = 1;
  for (let k = 0; k < m.index; k++) if (source.charCodeAt(k) === 10) line++;
  const what = m[1].toUpperCase();
  throw new InputError([
    {
      file,
      line,
      path: [],
      message:
        what === "DOCTYPE"
          ? "the XML declares a DOCTYPE; entente reads KTAB's XML without DTDs, entities or external references (remove the <!DOCTYPE …> block)"
          : `the XML declares <!${what}>; entente reads KTAB's XML without DTDs, entities or external references`,
    },
  ]);
}

/**
 * Reads KTAB's SMP XML. Throws `InputError` listing every problem (file, line,
 * actor and dimension) when the file cannot be used.
 */
export function readKtabXml(
  text: string,
  file?: string,
  options: KtabReadOptions = {},
): KtabScenario {
  const limits = resolveLimits(options.limits);
  const source = text.replace(/^\uFEFF/, "");
  refuseXmlDeclarations(source, file);
  const deep = xmlDepthExcess(source, limits.depth);
  if (deep)
    throw new InputError([
      {
        file,
        line: deep.line,
        column: deep.column,
        path: [],
        message: `elements nested more than ${limits.depth} deep; ${limitText(limits, "depth")}`,
      },
    ]);
  const valid = XMLValidator.validate(source);
  if (valid !== true)
    throw new InputError([
      {
        file,
        line: valid.err.line,
        column: valid.err.col,
        path: [],
        message: `not well-formed XML: ${excerpt(valid.err.msg, 200)}${/unclosed|end of|closing tag|not closed/i.test(valid.err.msg) || !source.trimEnd().endsWith(">") ? " (is the file cut short?)" : ""}`,
      },
    ]);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: false,
    htmlEntities: false,
    isArray: (name) => ["dName", "Actor", "dCoord", "dSal", "iaPair"].includes(name),
  });
  const doc = parser.parse(source) as Loose;
  const problems: Problem[] = [];
  const fail = (path: (string | number)[], message: string, line?: number) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, line, path, message });
  };
  const root = doc.Scenario;
  if (!isObject(root))
    throw new InputError([
      { file, path: [], message: "expected a <Scenario> root element (KTAB's smpSchema.xsd)" },
    ]);

  const name = asText(root.name) ?? "";
  if (name.length === 0) fail(["name"], "the scenario has no <name>", tagLines(source, "name")[0]);
  const description = asText(root.desc) ?? "";
  const seedText = asText(root.prngSeed)?.trim();
  let seed: string | undefined;
  if (seedText) {
    if (/^\d{1,20}$/.test(seedText) && BigInt(seedText) < 1n << 64n) seed = seedText;
    else
      fail(
        ["prngSeed"],
        `<prngSeed> must be a non-negative 64-bit integer, found '${seedText}'`,
        tagLines(source, "prngSeed")[0],
      );
  }

  // Model parameters
  let parameters: Partial<SmpOptions> | undefined;
  if (root.ModelParameters !== undefined) {
    parameters = {};
    const mp = isObject(root.ModelParameters) ? root.ModelParameters : {};
    for (const [element, { option, values }] of Object.entries(XML_PARAMETERS)) {
      const v = Object.hasOwn(mp, element) ? asText(mp[element])?.trim() : undefined;
      if (v === undefined) continue; // missing: SMP's default
      const mapped = Object.hasOwn(values, v) ? values[v] : undefined;
      if (mapped === undefined)
        fail(
          ["ModelParameters", element],
          `<${element}> is '${excerpt(v)}'; expected one of ${[...new Set(Object.keys(values))].join(", ")}`,
          tagLines(source, element)[0],
        );
      else (parameters as Record<string, string>)[option] = mapped;
    }
    for (const key of Object.keys(mp).slice(0, 20))
      if (!Object.hasOwn(XML_PARAMETERS, key))
        fail(
          ["ModelParameters", excerpt(key)],
          `<ModelParameters> has an unknown element <${excerpt(key)}>`,
          tagLines(source, key)[0],
        );
  }

  // Actors
  const actorNodes = isObject(root.Actors) ? asArray(root.Actors.Actor) : [];
  const actorLines = tagLines(source, "Actor");
  const coordLines = tagLines(source, "dCoord");
  const salLines = tagLines(source, "dSal");
  // Dimensions: from <Dimensions>, else numbered after the first actor's coordinates.
  let dimensions: string[];
  if (isObject(root.Dimensions))
    dimensions = asArray(root.Dimensions.dName).map((d, k) => asText(d) || `Dimension ${k + 1}`);
  else {
    const first = actorNodes[0];
    const n =
      isObject(first) && isObject(first.Position) ? asArray(first.Position.dCoord).length : 0;
    dimensions = Array.from({ length: n }, (_, k) => `Dimension ${k + 1}`);
  }
  if (dimensions.length === 0)
    fail(["Dimensions"], "the scenario has no dimensions (<Dimensions><dName>…)");

  const actors: KtabActor[] = [];
  let coordIndex = 0;
  let salIndex = 0;
  actorNodes.forEach((node, index) => {
    const line = actorLines[index];
    const a = isObject(node) ? node : {};
    const draft: ActorDraft = {
      name: (asText(a.name) ?? "").trim(),
      description: (asText(a.description) ?? "").trim(),
      capability: undefined,
      position: [],
      salience: [],
    };
    const who = `actor ${index + 1} (${draft.name || "unnamed"})`;
    draft.capability = readNumber(asText(a.capability), `${who}: <capability>`, (m) =>
      fail(["Actors", index, "capability"], m, line),
    );
    const coords = isObject(a.Position) ? asArray(a.Position.dCoord) : [];
    const sals = isObject(a.Salience) ? asArray(a.Salience.dSal) : [];
    if (coords.length !== dimensions.length)
      fail(
        ["Actors", index, "Position"],
        `${who}: <Position> has ${coords.length} <dCoord>, expected one per dimension (${dimensions.length})`,
        line,
      );
    if (sals.length !== dimensions.length)
      fail(
        ["Actors", index, "Salience"],
        `${who}: <Salience> has ${sals.length} <dSal>, expected one per dimension (${dimensions.length})`,
        line,
      );
    coords.forEach((c, d) => {
      const cl = coordLines[coordIndex + d];
      const dim = dimensions[d] ?? `dimension ${d + 1}`;
      draft.position[d] = readNumber(
        asText(c),
        `${who}: position <dCoord> on dimension ${d + 1} ('${dim}')`,
        (m) => fail(["Actors", index, "Position", d], m + " between 0 and 100", cl),
      );
    });
    sals.forEach((s, d) => {
      const sl = salLines[salIndex + d];
      const dim = dimensions[d] ?? `dimension ${d + 1}`;
      draft.salience[d] = readNumber(
        asText(s),
        `${who}: salience <dSal> on dimension ${d + 1} ('${dim}')`,
        (m) => fail(["Actors", index, "Salience", d], m + " between 0 and 100", sl),
      );
    });
    coordIndex += coords.length;
    salIndex += sals.length;
    checkActor(draft, index, dimensions, (path, message, field, d) => {
      const l =
        field === "position" && d !== undefined
          ? coordLines[coordIndex - coords.length + d]
          : field === "salience" && d !== undefined
            ? salLines[salIndex - sals.length + d]
            : line;
      fail(["Actors", ...path.slice(1)], message, l);
    });
    actors.push(finish(draft));
  });
  checkActorCount(actorNodes.length, (m) => fail(["Actors"], m, tagLines(source, "Actors")[0]));

  // Ideal adjustment
  let idealAdjustment: KtabIdealAdjustment[] | undefined;
  if (root.IdealAdjustment !== undefined) {
    idealAdjustment = [];
    const pairLines = tagLines(source, "iaPair");
    const pairs = isObject(root.IdealAdjustment) ? asArray(root.IdealAdjustment.iaPair) : [];
    const byName = new Map<string, number[]>();
    actors.forEach((a, k) => byName.set(a.name, [...(byName.get(a.name) ?? []), k]));
    pairs.forEach((node, k) => {
      const line = pairLines[k];
      const p = isObject(node) ? node : {};
      const resolve = (field: string): number | undefined => {
        const n = (asText(p[field]) ?? "").trim();
        const found = byName.get(n);
        if (!found)
          fail(
            ["IdealAdjustment", k, field],
            `<${field}> names '${n}', which is not an actor`,
            line,
          );
        else if (found.length > 1)
          fail(
            ["IdealAdjustment", k, field],
            `<${field}> names '${n}', which several actors are called`,
            line,
          );
        return found?.length === 1 ? found[0] : undefined;
      };
      const actor = resolve("adjustingIdeal");
      const reference = resolve("referencePos");
      const adjust = readNumber(asText(p.adjust), `<iaPair> ${k + 1}: <adjust>`, (m) =>
        fail(["IdealAdjustment", k, "adjust"], m, line),
      );
      if (actor !== undefined && reference !== undefined && adjust !== undefined)
        idealAdjustment!.push({ actor, reference, adjust });
    });
  }

  if (problems.length > 0) throw new InputError(problems);
  const out: KtabScenario = { name, description, dimensions, actors };
  if (parameters) out.parameters = parameters;
  if (seed !== undefined) out.seed = seed;
  if (idealAdjustment) out.idealAdjustment = idealAdjustment;
  return out;
}

/**
 * The accommodation matrix `[i*N + j]` of a scenario's `IdealAdjustment` (identity,
 * then one entry per pair); undefined when it is the identity.
 */
export function ktabAccommodation(k: KtabScenario): Float64Array | undefined {
  return accommodationMatrix(k.actors.length, k.idealAdjustment ?? []);
}

// ---------------------------------------------------------------------------
// To and from entente scenarios

/**
 * An entente scenario from a KTAB one: one issue per dimension on 0–100 (ids from
 * the slugified dimension names), one stance per actor and dimension with the
 * salience as given (0–100). Repeated actor names (KTAB allows them) keep their name
 * and get unique ids (`name`, `name-2`, …). KTAB's model parameters, seed and ideal
 * adjustment have no place in the scenario format; they are noted in
 * `metadata.notes` (pass them to the SMP model as options).
 */
export function ktabToScenario(k: KtabScenario): Scenario {
  const actorIds = uniqueIds(k.actors.map((a) => a.name));
  const issueIds = uniqueIds(
    k.dimensions.map((d, i) => (/[A-Za-z0-9]/.test(d) ? d : `dimension ${i + 1}`)),
  );
  const stances: Stance[] = [];
  k.actors.forEach((a, i) =>
    k.dimensions.forEach((_, d) =>
      stances.push({
        actor: actorIds[i],
        issue: issueIds[d],
        position: a.position[d],
        salience: a.salience[d],
      }),
    ),
  );
  const notes: string[] = ["Imported from a KTAB SMP scenario (positions and saliences on 0–100)."];
  if (k.parameters && Object.keys(k.parameters).length > 0)
    notes.push(
      `KTAB model parameters: ${Object.entries(k.parameters)
        .map(([key, v]) => `${key}=${v}`)
        .join(", ")}.`,
    );
  if (k.seed !== undefined) notes.push(`KTAB PRNG seed: ${k.seed}.`);
  if (k.idealAdjustment && k.idealAdjustment.length > 0)
    notes.push(
      `KTAB ideal adjustment: ${k.idealAdjustment
        .map((p) => `${k.actors[p.actor].name}→${k.actors[p.reference].name} ${p.adjust}`)
        .join("; ")}.`,
    );
  const metadata: Scenario["metadata"] = {
    title: k.name.trim() || "KTAB scenario",
    notes: notes.join(" "),
  };
  if (k.description.trim().length > 0) metadata.description = k.description.trim();
  return {
    entente: 1,
    metadata,
    actors: k.actors.map((a, i) => {
      const actor: Scenario["actors"][number] = {
        id: actorIds[i],
        name: a.name,
        capability: a.capability,
      };
      if (a.description.trim().length > 0) actor.description = a.description.trim();
      return actor;
    }),
    issues: k.dimensions.map((d, i) => ({
      id: issueIds[i],
      name: d.trim() || `Dimension ${i + 1}`,
      scale: { low: 0, high: 100 },
    })),
    stances,
  };
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * KTAB's SMP CSV for a scenario. Positions are mapped from each issue's scale to
 * 0–100 (written unchanged when the scale is 0–100). A missing stance is written as
 * SMP reads it (salience 0; position the reference point, else the capability ×
 * salience weighted mean of the others, as models/smp/input.ts does). An actor whose
 * saliences sum to more than 100 has them scaled down to sum to 100 (KTAB's rule),
 * rounded down to 1e-6 so the sum cannot exceed 100. Capabilities are written as they
 * are (KTAB accepts 0 to 1e8; only their ratios matter, so rescale a larger scale).
 */
export function scenarioToKtabCsv(scenario: Scenario): string {
  const compiled = compileScenario(scenario);
  const N = compiled.actorIds.length;
  const D = compiled.issues.length;
  const smp = smpInputFromCompiled(compiled).input;
  const stance = new Map<string, Stance>();
  for (const s of scenario.stances) stance.set(`${s.actor}\u0000${s.issue}`, s);
  const lines: string[] = [];
  const title = scenario.metadata.title;
  lines.push(
    [csvField(title), csvField(scenario.metadata.description ?? ""), String(N), String(D), ""].join(
      ",",
    ),
  );
  const header = ["Actor", "Description", "Power"];
  for (const iss of compiled.issues)
    header.push(csvField(iss.name), csvField(`${iss.name} Salience`));
  lines.push(header.join(",") + ",");
  scenario.actors.forEach((actor, i) => {
    const positions: number[] = [];
    const saliences: number[] = [];
    compiled.issues.forEach((iss, k) => {
      const s = stance.get(`${actor.id}\u0000${iss.id}`);
      const { low, high } = iss.scale;
      if (s) {
        positions.push(
          low === 0 && high === 100 ? s.position : (100 * (s.position - low)) / (high - low),
        );
        saliences.push(s.salience);
      } else {
        positions.push(100 * smp.position[i * D + k]);
        saliences.push(0);
      }
    });
    const total = saliences.reduce((x, y) => x + y, 0);
    const written =
      total > 100 ? saliences.map((s) => Math.floor(((s * 100) / total) * 1e6) / 1e6) : saliences;
    const clamp = (x: number) => Math.min(100, Math.max(0, x));
    const row = [csvField(actor.name), csvField(actor.description ?? ""), String(actor.capability)];
    for (let k = 0; k < D; k++) row.push(String(clamp(positions[k])), String(written[k]));
    lines.push(row.join(",") + ",");
  });
  return lines.join("\n") + "\n";
}
