/** Paths of the fixtures shipped in the repository (nothing outside the repository). */
import { fileURLToPath } from "node:url";

export const fixture = (relative: string): string =>
  fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));

export const repoFile = (relative: string): string =>
  fileURLToPath(new URL(`../../${relative}`, import.meta.url));
