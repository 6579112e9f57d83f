/**
 * Problems found in a scenario or input file, each located so a person can fix it:
 * the file, the line (where the source format has lines), and the field path.
 */
export interface Problem {
  /** Field path inside the document, e.g. `["stances", 3, "salience"]`. */
  path: (string | number)[];
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Thrown when input cannot be used; carries every problem found, not only the first. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[], summary?: string) {
    super(summary ?? formatProblems(problems));
    this.name = "InputError";
    this.problems = problems;
  }
}

/** `file:line:col field.path: message`, one per line. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined]
    .filter((x) => x !== undefined)
    .join(":");
  const field = formatPath(p.path);
  return (
    [where, field].filter((s) => s.length > 0).join(" ") + (where || field ? ": " : "") + p.message
  );
}

export function formatProblems(problems: Problem[]): string {
  return problems.map(formatProblem).join("\n");
}

export function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out.length === 0 ? part : `.${part}`;
  }
  return out;
}
