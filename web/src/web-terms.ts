/**
 * The server's messages in the workbench's terms. The library's readers and writers
 * are shared with the command line, so some of their advice names flags (`--from`,
 * `--salience-scale 100`, `--issue ID`, `--max-…`); in the web app the same choice is
 * a list or a menu entry, and a limit is the server's. Each rewrite keeps the rest of
 * the message as it is.
 */
/** A problem as the API returns it (api.ts's ApiProblem; only its message changes here). */
interface Problem {
  message: string;
}

/** Rewrites, in order: [pattern, replacement]. */
const REWRITES: [RegExp, string][] = [
  // unknownFormatMessage (src/scenario/formats.ts)
  [
    /;?\s*name it with --from \(one of [^)]*\)/g,
    "; choose its format in the “Format” list and import it again",
  ],
  // describeNonText: a zip archive
  [
    /name it FILE\.xlsx or read it with --from xlsx/g,
    "give it the .xlsx extension or choose “Excel workbook” in the “Format” list",
  ],
  [/--from ([a-z-]+)/g, "“$1” in the “Format” list"],
  // the stakeholder CSV's salience scale
  [
    /if the file uses 0–100, say so: --salience-scale 100/g,
    "if the file uses 0–100, choose “CSV salience 0–100” and import it again",
  ],
  [/say so \(--salience-scale 100\)/g, "choose “CSV salience 0–100” and import it again"],
  [/--salience-scale (1|100)/g, "“CSV salience 0–$1”"],
  // one-issue formats on a scenario of several issues
  [
    /name one \(--issue ID\), or write a scenario CSV \(--to scenario-csv\) or \.xlsx to keep them all/g,
    "download it as “Scenario CSV (all issues)” or “Excel workbook (.xlsx)” to keep them all",
  ],
  [
    /: name one \(--issue ID\)/g,
    ": download it as “Scenario CSV (all issues)” or “Excel workbook (.xlsx)” instead",
  ],
  [/write ktab-csv instead \(--to ktab-csv\)/g, "download “KTAB CSV” instead"],
  // limits (src/scenario/limits.ts): the server's, raised by whoever runs it
  [/\s*\(raise with --max-[a-z-]+\)/g, " (a limit of this server)"],
  [/;\s*raise with --max-[a-z-]+/g, " of this server"],
  // the body limit (src/server/app.ts)
  [
    /the request body is larger than (\d+) bytes/g,
    "the file is too large for this server, which takes uploads up to $1 bytes (a binary file such as a workbook travels as base64, a third larger)",
  ],
];

/** One message in web terms. */
export function inWebTerms(message: string): string {
  return REWRITES.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    message,
  );
}

/** Problems with their messages in web terms. */
export function problemsInWebTerms<P extends Problem>(problems: P[]): P[] {
  return problems.map((p) => ({ ...p, message: inWebTerms(p.message) }));
}

/** An API error's message and problems in web terms. */
export function errorInWebTerms<P extends Problem>(e: {
  message: string;
  problems: P[];
}): { message: string; problems: P[] } {
  return { message: inWebTerms(e.message), problems: problemsInWebTerms(e.problems) };
}
