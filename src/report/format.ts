/** Number formatting for people: fixed decimals, "–" for no value. */
export function formatNumber(x: number | null | undefined, decimals = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return x.toFixed(decimals);
}
