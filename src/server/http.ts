/**
 * HTTP plumbing shared by the routes: JSON bodies (content type required, parse
 * errors located), zod-checked input with every problem's field path, and the
 * error responses (400 with problems, 404, 409, 413, 415).
 */
import type { Context } from "hono";
import type { z } from "zod";
import type { Problem } from "../scenario/problems.js";
import { formatPath } from "../scenario/problems.js";

/** Thrown by handlers; turned into a JSON response by the app's error handler. */
export class HttpError extends Error {
  readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422;
  readonly problems?: ApiProblem[];
  constructor(status: HttpError["status"], message: string, problems?: ApiProblem[]) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.problems = problems;
  }
}

/** A problem as the API returns it: the path as an array and as text (`stances[3].salience`). */
export interface ApiProblem {
  path: (string | number)[];
  field: string;
  message: string;
  line?: number;
  column?: number;
  file?: string;
}

export function apiProblems(problems: Problem[], prefix: (string | number)[] = []): ApiProblem[] {
  return problems.map((p) => {
    const path = [...prefix, ...p.path];
    return {
      path,
      field: formatPath(path),
      message: p.message,
      ...(p.file !== undefined ? { file: p.file } : {}),
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.column !== undefined ? { column: p.column } : {}),
    };
  });
}

export function invalid(
  problems: Problem[],
  prefix: (string | number)[] = [],
  message = "invalid input",
): HttpError {
  return new HttpError(400, message, apiProblems(problems, prefix));
}

/** Reads a JSON body; 415 unless it is declared JSON (which also keeps cross-site form posts out). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new HttpError(
      415,
      "the request body must be JSON, sent with Content-Type: application/json",
    );
  const text = await c.req.text();
  if (text.trim().length === 0)
    throw invalid([{ path: [], message: "the request body is empty; send a JSON object" }]);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalid([
      { path: [], message: `the request body is not valid JSON: ${(e as Error).message}` },
    ]);
  }
}

/** Parses input with a zod schema; 400 with the path of every problem (under `prefix`). */
export function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix: (string | number)[] = [],
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(
    result.error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      message:
        issue.code === "unrecognized_keys"
          ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`
          : issue.code === "invalid_type" && issue.input === undefined
            ? "is required"
            : issue.message,
    })),
    prefix,
  );
}

/** The query string as a plain object (last value wins). */
export function query(c: Context): Record<string, string> {
  return c.req.query();
}

/** A file name for a download: letters, digits and dashes only, from a title. */
export function downloadName(title: string, extension: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 60)
    .replace(/^-|-$/g, "");
  return `${slug || "entente"}.${extension}`;
}

export function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}
