/**
 * A direct, unoptimised transcription of models.md §2 (Bueno de Mesquita 1994;
 * Scholz, Calbert & Smith 2011), written independently of src/models/expected-utility.ts:
 * every probability is summed voter by voter (O(n³) per pass). It serves as an oracle
 * for the fast implementation and as the yardstick in the benchmark.
 *
 * By default it follows the replication code's quirks (models.md §2, "Replication-code
 * quirks"): nobody capitulates, and among equally good offers of the kind taken the
 * actor listed first wins (a scan in input order keeping the first minimum). The
 * options give the paper's capitulation rule and the lower-position tie rule.
 */
export interface NaiveOptions {
  capitulation?: "replication" | "paper";
  ties?: "input-order" | "lower-position";
}

export interface NaiveRound {
  positions: number[];
  riskExponents: number[];
  median: number;
  mean: number;
}

function median(x: number[], w: number[]): number {
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const total = w.reduce((a, b) => a + b, 0);
  let cum = 0;
  for (let t = 0; t < idx.length; t++) {
    cum += w[idx[t]];
    if (t + 1 < idx.length && x[idx[t + 1]] === x[idx[t]]) continue;
    if (cum >= total / 2 - total * 1e-12) return x[idx[t]];
  }
  return x[idx[idx.length - 1]];
}

export function naiveExpectedUtility(
  c: number[],
  s: number[],
  x0: number[],
  rounds: number,
  options: NaiveOptions = {},
): NaiveRound[] {
  const paper = options.capitulation === "paper";
  const byPosition = options.ties === "lower-position";
  // Strictly nearer, or (lower-position rule) as near and lower; else the first seen.
  const better = (dist: number, pos: number, best: { pos: number; dist: number } | undefined) =>
    !best || dist < best.dist || (byPosition && dist === best.dist && pos < best.pos);
  const n = x0.length;
  const w = c.map((ci, i) => ci * s[i]);
  const delta = Math.max(...x0) - Math.min(...x0);
  let x = [...x0];
  const out: NaiveRound[] = [];
  const vote = (k: number, i: number, j: number, r: number[]) =>
    w[k] *
    (Math.pow(Math.abs(x[k] - x[j]) / delta, r[k]) - Math.pow(Math.abs(x[k] - x[i]) / delta, r[k]));
  const probabilities = (r: number[]) => {
    let z = 0;
    for (let k = 0; k < n; k++)
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) z += Math.abs(vote(k, a, b, r));
    const p: number[][] = [];
    for (let i = 0; i < n; i++) {
      p.push([]);
      for (let j = 0; j < n; j++) {
        let support = 0;
        if (x[i] !== x[j]) for (let k = 0; k < n; k++) support += Math.max(0, vote(k, i, j, r));
        p[i].push(z > 0 ? support / z : 0);
      }
    }
    return p;
  };
  const eu = (d: number, r: number, p: number, sj: number) =>
    sj *
      (p * (2 - 4 * Math.pow(0.5 - 0.5 * d, r)) + (1 - p) * (2 - 4 * Math.pow(0.5 + 0.5 * d, r))) +
    (1 - sj) * (2 - 4 * Math.pow(0.5 - 0.5 * d, r)) -
    (2 - 4 * Math.pow(0.5, r));
  for (let t = 0; t < rounds; t++) {
    const ones = new Array(n).fill(1);
    const p1 = probabilities(ones);
    const D = x.map((_, i) => {
      let sum = 0;
      for (let j = 0; j < n; j++)
        if (j !== i) sum += eu(Math.abs(x[i] - x[j]) / delta, 1, p1[j][i], s[i]);
      return sum;
    });
    const dMax = Math.max(...D);
    const dMin = Math.min(...D);
    const r = D.map((d) => {
      if (dMax === dMin) return 1;
      const R = (2 * d - dMax - dMin) / (dMax - dMin);
      return (1 - R / 3) / (1 + R / 3);
    });
    const p = probabilities(r);
    const next = [...x];
    for (let i = 0; i < n; i++) {
      let conf: { pos: number; dist: number } | undefined;
      let comp: { pos: number; key: number } | undefined;
      let cap: { pos: number; dist: number } | undefined;
      for (let j = 0; j < n; j++) {
        if (j === i || x[j] === x[i]) continue;
        const d = Math.abs(x[i] - x[j]) / delta;
        const a = eu(d, r[i], p[i][j], s[j]);
        const b = eu(d, r[i], p[j][i], s[i]);
        const dist = Math.abs(x[j] - x[i]);
        if (b > a && a > 0) {
          if (better(dist, x[j], conf)) conf = { pos: x[j], dist };
        } else if (b > 0 && a < 0 && b > Math.abs(a)) {
          const key = (Math.abs(a) * x[i] + Math.abs(b) * x[j]) / (Math.abs(a) + Math.abs(b));
          if (!comp || key < comp.key) comp = { pos: x[i] + (x[j] - x[i]) * Math.abs(a / b), key };
        } else if (paper && b > 0 && a < 0) {
          // The paper's capitulation (b <= |a|); the replication code tests b <= |b|,
          // which never holds for b > 0.
          if (better(dist, x[j], cap)) cap = { pos: x[j], dist };
        }
      }
      const chosen = conf ?? comp ?? cap;
      if (chosen) next[i] = chosen.pos;
    }
    x = next;
    const totalW = w.reduce((a, b) => a + b, 0);
    out.push({
      positions: [...x],
      riskExponents: r,
      median: median(x, w),
      mean: x.reduce((acc, xi, i) => acc + w[i] * xi, 0) / totalW,
    });
  }
  return out;
}
