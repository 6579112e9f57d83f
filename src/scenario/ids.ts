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
  return names.map((name) => {
    const base = slugify(name);
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    return id;
  });
}
