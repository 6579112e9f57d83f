/**
 * Identifiers of stored things (scenarios, runs). They are generated here, never
 * chosen by a client, and checked against one pattern before any use, so an id
 * from a URL is only ever a key in the database: never a file name, never a path.
 */
import { randomUUID } from "node:crypto";

/** A version-4 UUID in lower case, as `crypto.randomUUID()` writes it. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function newId(): string {
  return randomUUID();
}

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
