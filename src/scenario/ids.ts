/**
 * Making ids from names in imported tables (which know only names), and keeping
 * them unique when names repeat.
 */

/** `"Ranking Democrat"` → `"ranking-democrat"`. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug.length > 0 ? slug : "actor";
}

/** Gives every slug that repeats a numeric suffix: `attorney`, `attorney-2`, … */
export function uniqueIds(names: string[]): string[] {
  const used = new Set<string>();
  // The next suffix to try per slug: n repeats of one name cost n steps, not n².
  const nextSuffix = new Map<string, number>();
  return names.map((name) => {
    const base = slugify(name);
    let id = base;
    if (used.has(id)) {
      let k = nextSuffix.get(base) ?? 2;
      while (used.has(`${base}-${k}`)) k++;
      id = `${base}-${k}`;
      nextSuffix.set(base, k + 1);
    }
    used.add(id);
    return id;
  });
}
