/**
 * The native scenario files, YAML and JSON (one structure, see schema.ts). Both are
 * parsed with the `yaml` package (JSON is a subset of YAML 1.2), which keeps every
 * node's place in the text, so each validation problem can name its line. A file
 * read as JSON is first held to strict JSON (no comments, no trailing commas, no
 * NaN), which YAML would otherwise accept in silence. Nesting deeper than the depth
 * limit is refused from the text, before a parser recurses into it.
 */
import { isNode, LineCounter, parseDocument, stringify } from "yaml";
import type { Problem } from "./problems.js";
import { InputError } from "./problems.js";
import type { Scenario } from "./schema.js";
import { validateScenario } from "./validate.js";
import { excerpt, limitText, resolveLimits, type Limits } from "./limits.js";
import { flowDepthExcess } from "./nesting.js";

export interface NativeReadOptions {
  /** Hold the text to strict JSON first (for `.json` files). */
  json?: boolean;
  limits?: Partial<Limits>;
}

export function readNativeScenario(
  text: string,
  file?: string,
  options: NativeReadOptions = {},
): Scenario {
  const limits = resolveLimits(options.limits);
  const deep = flowDepthExcess(text, limits.depth);
  if (deep)
    throw new InputError([
      {
        file,
        line: deep.line,
        column: deep.column,
        path: [],
        message: `nested more than ${limits.depth} levels deep; ${limitText(limits, "depth")}`,
      },
    ]);
  if (options.json) {
    const parsed = checkStrictJson(text, file);
    // Fast path: JSON.parse is some thirty times faster than the YAML parser; the
    // YAML parser (which keeps lines) reads the file only to locate problems.
    if (parsed !== null && parsed !== undefined && duplicateJsonKey(text) === undefined) {
      const result = validateScenario(parsed, { limits });
      if (result.ok) return result.scenario;
    }
  }
  const lineCounter = new LineCounter();
  let data: unknown;
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
    });
    if (doc.errors.length > 0)
      throw new InputError(
        doc.errors.slice(0, 20).map((e) => {
          const pos = lineCounter.linePos(e.pos[0]);
          return {
            file,
            line: pos.line,
            column: pos.col,
            path: [],
            message: e.message.split("\n")[0],
          };
        }),
      );
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([
      {
        file,
        path: [],
        message:
          e instanceof RangeError
            ? `nested too deeply to read; ${limitText(limits, "depth")}`
            : /alias/i.test((e as Error).message)
              ? "aliases (*name) expand to more than 1,000 copies: refused, as a way to make a small file take all memory"
              : `cannot read the YAML: ${excerpt((e as Error).message.split("\n")[0], 200)}`,
      },
    ]);
  }
  if (data === null || data === undefined)
    throw new InputError([
      {
        file,
        path: [],
        message: "the file is empty: a scenario needs metadata, actors, issues and stances",
      },
    ]);
  const result = validateScenario(data, { limits });
  if (result.ok) return result.scenario;
  const located = result.problems.map((p): Problem => {
    // Point at the deepest node of the path that exists in the document.
    for (let depth = p.path.length; depth >= 0; depth--) {
      const node = doc.getIn(p.path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { ...p, file, line: pos.line, column: pos.col };
      }
    }
    return { ...p, file };
  });
  throw new InputError(located);
}

/**
 * Refuses what strict JSON does not allow, with line and column and what to do:
 * comments, trailing commas, single quotes, NaN and Infinity (YAML, which reads the
 * file next, would accept them in silence).
 */
function checkStrictJson(text: string, file: string | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = jsonLaxity(text);
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    const offset = found?.offset ?? (m ? Math.min(Number(m[1]), text.length) : undefined);
    let line: number | undefined;
    let column: number | undefined;
    if (offset !== undefined) {
      line = 1;
      let start = 0;
      for (let k = 0; k < offset; k++)
        if (text.charCodeAt(k) === 10) {
          line++;
          start = k + 1;
        }
      column = offset - start + 1;
    }
    const hint =
      found?.hint ??
      (offset !== undefined && offset >= text.trimEnd().length
        ? "the file ends early (truncated?)"
        : excerpt(
            message
              .replace(/ in JSON at position \d+.*$/, "")
              .replace(/, ".*" is not valid JSON$/s, "")
              .replace(/^Unexpected/, "unexpected"),
            120,
          ));
    throw new InputError([{ file, line, column, path: [], message: `not valid JSON: ${hint}` }]);
  }
}

/**
 * The offset of the first key that repeats within one JSON object, or undefined
 * (JSON.parse keeps the last in silence; the YAML parser reports it with its line).
 * Assumes text that JSON.parse accepted.
 */
function duplicateJsonKey(text: string): number | undefined {
  const keys: (Set<string> | null)[] = []; // per open bracket: an object's keys, or null for a list
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 123) keys.push(new Set());
    else if (c === 91) keys.push(null);
    else if (c === 125 || c === 93) keys.pop();
    else if (c === 34) {
      const start = k;
      for (k++; k < text.length && text.charCodeAt(k) !== 34; k++)
        if (text.charCodeAt(k) === 92) k++;
      const top = keys[keys.length - 1];
      if (!top) continue;
      // A key is a string followed by a colon.
      let j = k + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] !== ":") continue;
      const key = text.slice(start + 1, k);
      if (top.has(key)) return start;
      top.add(key);
    }
  }
  return undefined;
}

/** The first thing JSON forbids that people write anyway, outside strings. */
function jsonLaxity(text: string): { offset: number; hint: string } | undefined {
  let inString = false;
  let lastSignificant = -1; // offset of the last non-space character outside strings
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === "\\") k++;
      else if (c === '"') {
        inString = false;
        lastSignificant = k;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
    if (c === "/" && (text[k + 1] === "/" || text[k + 1] === "*"))
      return {
        offset: k,
        hint: "JSON has no comments; remove it (or write the scenario as YAML, which has # comments)",
      };
    if ((c === "]" || c === "}") && lastSignificant >= 0 && text[lastSignificant] === ",")
      return { offset: k, hint: "a trailing comma before a closing bracket; remove it" };
    if (c === "'") return { offset: k, hint: "JSON strings take double quotes" };
    const word = /^-?(NaN|Infinity)\b/.exec(text.slice(k, k + 10));
    if (word)
      return { offset: k, hint: `${word[0]} is not a number JSON can hold; write a finite number` };
    lastSignificant = k;
  }
  return undefined;
}

export function writeYamlScenario(scenario: Scenario): string {
  return stringify(scenario, { lineWidth: 100 });
}

export function writeJsonScenario(scenario: Scenario): string {
  return JSON.stringify(scenario, null, 2) + "\n";
}
