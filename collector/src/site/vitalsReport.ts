// p75 of LCP, INP and CLS per path (SPEC.md §6, `GET /v1/vitals`), from the samples of every index object.
import type { VitalsSample } from './vitalsSamples';

/** A metric's 75th percentile (nearest rank) over its samples. */
export interface MetricP75 {
  p75: number;
  samples: number;
}

/** The web vitals of one path. */
export interface PathVitals {
  path: string;
  samples: number;
  lcp: MetricP75 | null;
  inp: MetricP75 | null;
  cls: MetricP75 | null;
}

/** Most paths a vitals report lists, by sample count. */
export const VITALS_MAX_PATHS = 500;

/** Nearest-rank p75: the value at rank ceil(0.75 n) in ascending order. */
function p75(values: number[]): MetricP75 | null {
  if (!values.length) return null;
  const sorted = values.sort((a, b) => a - b);
  return { p75: sorted[Math.ceil(0.75 * sorted.length) - 1]!, samples: sorted.length };
}

/** The report of `samples`: most sampled paths first (ties by path), at most VITALS_MAX_PATHS. */
export function vitalsReport(samples: readonly Pick<VitalsSample, 'path' | 'lcp' | 'inp' | 'cls'>[]): PathVitals[] {
  const byPath = new Map<string, { n: number; lcp: number[]; inp: number[]; cls: number[] }>();
  for (const s of samples) {
    let p = byPath.get(s.path);
    if (!p) byPath.set(s.path, (p = { n: 0, lcp: [], inp: [], cls: [] }));
    p.n++;
    if (s.lcp !== null) p.lcp.push(s.lcp);
    if (s.inp !== null) p.inp.push(s.inp);
    if (s.cls !== null) p.cls.push(s.cls);
  }
  return [...byPath.entries()]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, VITALS_MAX_PATHS)
    .map(([path, p]) => ({ path, samples: p.n, lcp: p75(p.lcp), inp: p75(p.inp), cls: p75(p.cls) }));
}
