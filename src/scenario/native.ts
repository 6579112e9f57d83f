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
import { limitText, resolveLimits, type Limits } from "./limits.js";
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
  if (options.json) checkStrictJson(text, file);
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
            : `cannot read the YAML: ${(e as Error).message.split("\n")[0].slice(0, 200)}`,
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
 * comments, trailing commas, single quotes, NaN and Infinity.
 */
function checkStrictJson(text: string, file: string | undefined): void {
  try {
    JSON.parse(text);
    return;
  } catch (e) {
    const message = (e as Error).message;
    const m = /position (\d+)/.exec(message);
    let offset = m ? Number(m[1]) : undefined;
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    let line: number | undefined;
    let column: number | undefined;
    if (lineCol) {
      line = Number(lineCol[1]);
      column = Number(lineCol[2]);
    } else if (offset !== undefined) {
      offset = Math.min(offset, text.length);
      line = 1;
      let start = 0;
      for (let k = 0; k < offset; k++)
        if (text.charCodeAt(k) === 10) {
          line++;
          start = k + 1;
        }
      column = offset - start + 1;
    }
    const at = offset ?? 0;
    const rest = text.slice(at, at + 10);
    const before = text.slice(Math.max(0, at - 200), at).trimEnd();
    let hint: string;
    if (rest.startsWith("//") || rest.startsWith("/*"))
      hint =
        "JSON has no comments; remove it (or write the scenario as YAML, which has # comments)";
    else if (/^\s*[\]}]/.test(rest) && before.endsWith(","))
      hint = "a trailing comma before a closing bracket; remove it";
    else if (/^[}\]]/.test(rest.trimStart()) && /,\s*$/.test(text.slice(0, at)))
      hint = "a trailing comma before a closing bracket; remove it";
    else if (rest.startsWith("'")) hint = "JSON strings take double quotes";
    else if (/^-?(NaN|Infinity)/.test(rest))
      hint = `${/^-?(NaN|Infinity)/.exec(rest)![0]} is not a number JSON can hold; write a finite number`;
    else if (rest.length === 0) hint = "the file ends early (truncated?)";
    else
      hint = message
        .replace(/ in JSON at position \d+.*$/, "")
        .replace(/^Unexpected/, "unexpected");
    throw new InputError([{ file, line, column, path: [], message: `not valid JSON: ${hint}` }]);
  }
}

export function writeYamlScenario(scenario: Scenario): string {
  return stringify(scenario, { lineWidth: 100 });
}

export function writeJsonScenario(scenario: Scenario): string {
  return JSON.stringify(scenario, null, 2) + "\n";
}
