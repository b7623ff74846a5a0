// The conformance judge in TypeScript: the same rules, tolerances and verdicts as
// test/conformance/compare.py (the shared judge), so `brian2lava verify` and the conformance tests can
// never disagree. Ported line by line, including Python's max() over NaN (a NaN never replaces the
// running maximum) and the order of its checks; test/verify-compare.test.ts pins it against compare.py
// on random inputs.

export type Mode = 'exact' | 'stats' | 'fixed';

export const THRESHOLDS = {
  exact: { f1: 0.999, state: 1e-6 },
  fixed: { f1: 0.9, state: 5e-2, count_rel: 0.05, count_abs: 2 },
  stats: { count_rel: 0.1, count_sigma: 4.0, state_mean: 0.1 },
} as const;

export const MODES: Mode[] = ['exact', 'fixed', 'stats'];

export interface MonitorResult {
  type: string;
  source?: string;
  i?: number[];
  t?: number[];
  record?: number[];
  variables?: Record<string, number[][]>;
  rate?: number[];
}

export interface ResultsData {
  format?: string;
  producer?: string;
  dt: number;
  t_end: number;
  wall_s?: number;
  partial?: boolean;
  /** Loihi 2 projects: where the run happened, and how many values were clipped to 24 bits. */
  execution?: { mode: string; config: string; why?: string };
  saturated?: Record<string, number>;
  monitors: Record<string, MonitorResult>;
}

/** One row of compare.py's report (same keys), plus `metrics` describing each number for the table. */
export interface CompareRow {
  monitor: string;
  type: string;
  ok: boolean;
  why?: string;
  n_ref?: number;
  n_cand?: number;
  f1?: number;
  errors?: Record<string, number | 'missing' | 'inf'>;
  mean_ref?: number;
  mean_cand?: number;
  metrics: Metric[];
}

/** A number that decided (part of) a verdict, with the tolerance it was held to. */
export interface Metric {
  metric: string;
  value: number | null;
  tolerance: string;
  ok: boolean;
  /** How to show the value when a generic format would mislead (F1 = 1 is shown as 1.000000). */
  display?: string;
}

export class ResultsFormatError extends Error {}

export function checkResults(data: unknown, what: string): ResultsData {
  const d = data as ResultsData & { format?: string };
  if (!d || typeof d !== 'object' || d.format !== 'brian2lava-results/1') throw new ResultsFormatError(`${what}: not a brian2lava-results/1 file`);
  return d;
}

/** The `# conformance: MODE [rel=X]` line of a model script (re.match: at the start of a line). */
export function modeFromModel(text: string): { mode: string | null; rel: number | null } {
  for (const line of text.split('\n')) {
    const m = /^\s*#\s*conformance:\s*(\w+)(?:\s+rel=([0-9.]+))?/.exec(line);
    if (m) return { mode: m[1]!, rel: m[2] ? Number(m[2]) : null };
  }
  return { mode: null, rel: null };
}

/** Python's max(iterable): the first item, replaced only by a strictly greater one (NaN never wins). */
function pyMax(values: Iterable<number>): number {
  let first = true;
  let best = NaN;
  for (const v of values) {
    if (first) {
      best = v;
      first = false;
    } else if (v > best) best = v;
  }
  if (first) throw new Error('max() of an empty sequence');
  return best;
}

/** Python's round-half-even is only used for display in compare.py; six decimals are enough here. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function spikeKeys(mon: MonitorResult, dt: number): Set<string> {
  const keys = new Set<string>();
  const i = mon.i ?? [];
  const t = mon.t ?? [];
  const n = Math.min(i.length, t.length);
  for (let k = 0; k < n; k++) keys.add(`${Math.trunc(i[k]!)},${pyRound(t[k]! / dt)}`);
  return keys;
}

/** Python's round() to an integer: halves go to the even neighbour. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function f1(ref: Set<string>, cand: Set<string>): number {
  if (ref.size === 0 && cand.size === 0) return 1.0;
  let hit = 0;
  for (const k of ref) if (cand.has(k)) hit++;
  if (hit === 0) return 0.0;
  const p = hit / cand.size;
  const r = hit / ref.size;
  return (2 * p * r) / (p + r);
}

function span(a: number[]): number {
  return pyMax([pyMax(a) - minOf(a), pyMax(a.map(Math.abs)), 1e-12]);
}

function minOf(a: number[]): number {
  let best = a[0]!;
  for (const v of a.slice(1)) if (v < best) best = v;
  return best;
}

/** Worst normalised max abs error over all recorded indices of one variable. */
export function traceError(ref: number[][], cand: number[][]): number {
  let worst = 0.0;
  if (ref.length !== cand.length) return Infinity;
  for (let k = 0; k < ref.length; k++) {
    const a = ref[k]!;
    const b = cand[k]!;
    const n = Math.min(a.length, b.length);
    if (n === 0 || Math.abs(a.length - b.length) > 1) return Infinity;
    const s = span(a);
    const diffs: number[] = [];
    for (let j = 0; j < n; j++) diffs.push(Math.abs(a[j]! - b[j]!));
    const err = pyMax(diffs);
    if (b.slice(0, n).some((x) => Number.isNaN(x))) return Infinity;
    worst = pyMax([worst, err / s]);
  }
  return worst;
}

export function traceMeanError(ref: number[][], cand: number[][]): number {
  let worst = 0.0;
  const n = Math.min(ref.length, cand.length);
  for (let k = 0; k < n; k++) {
    const a = ref[k]!;
    const b = cand[k]!;
    if (!a.length || !b.length) return Infinity;
    const s = span(a);
    worst = pyMax([worst, Math.abs(sum(a) / a.length - sum(b) / b.length) / s]);
  }
  return worst;
}

/** Python's sum(): left to right. */
function sum(a: number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

/** Numbers in tolerances: 1e-6 rather than 0.000001, 4 significant digits. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6))
    return x
      .toExponential()
      .replace(/(\.\d{3})\d+e/, '$1e')
      .replace('e+', 'e');
  return Number(x.toPrecision(4)).toString();
}

export function compare(ref: ResultsData, cand: ResultsData, mode: Mode, rel: number | null = null): CompareRow[] {
  const th: Record<string, number> = { ...THRESHOLDS[mode] };
  if (rel !== null && mode === 'stats') th.count_rel = th.state_mean = rel;
  const dt = ref.dt;
  const rows: CompareRow[] = [];
  // Python sorts names by code point; so does this comparison.
  const names = Object.keys(ref.monitors).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const rm = ref.monitors[name]!;
    const cm = cand.monitors?.[name];
    const row: CompareRow = { monitor: name, type: rm.type, ok: false, metrics: [] };
    if (cm === undefined) {
      row.why = 'missing in candidate';
      row.metrics.push({ metric: 'present', value: null, tolerance: 'recorded by both', ok: false });
      rows.push(row);
      continue;
    }
    if (rm.type === 'SpikeMonitor') {
      const nRef = (rm.t ?? []).length;
      const nCand = (cm.t ?? []).length;
      row.n_ref = nRef;
      row.n_cand = nCand;
      if (mode === 'stats') {
        const tol = pyMax([th.count_rel! * nRef, th.count_sigma! * Math.sqrt(pyMax([nRef, 1]))]);
        row.ok = Math.abs(nRef - nCand) <= tol;
        row.metrics.push({ metric: `spike count (${nRef} vs ${nCand})`, value: Math.abs(nRef - nCand), tolerance: `<= ${fmt(tol)}`, ok: row.ok });
      } else {
        const score = f1(spikeKeys(rm, dt), spikeKeys(cm, dt));
        row.f1 = round6(score);
        let ok = score >= th.f1!;
        row.metrics.push({ metric: `spike F1 (${nRef} vs ${nCand} spikes)`, value: score, display: score.toFixed(6), tolerance: `>= ${fmt(th.f1!)}`, ok });
        if (mode === 'fixed') {
          const tol = pyMax([th.count_rel! * nRef, th.count_abs!]);
          const countOk = Math.abs(nRef - nCand) <= tol;
          row.metrics.push({ metric: 'spike count difference', value: Math.abs(nRef - nCand), tolerance: `<= ${fmt(tol)}`, ok: countOk });
          ok = ok && countOk;
        }
        row.ok = ok;
      }
    } else if (rm.type === 'StateMonitor') {
      const errs: Record<string, number | 'missing' | 'inf'> = {};
      let ok = true;
      for (const [v, series] of Object.entries(rm.variables ?? {})) {
        const cs = cm.variables?.[v];
        if (cs === undefined) {
          errs[v] = 'missing';
          ok = false;
          row.metrics.push({ metric: `${v}: recorded`, value: null, tolerance: 'recorded by both', ok: false });
          continue;
        }
        let e: number;
        let varOk: boolean;
        if (mode === 'stats') {
          e = traceMeanError(series, cs);
          varOk = e <= th.state_mean!;
          row.metrics.push({ metric: `${v}: mean error / range`, value: e, tolerance: `<= ${fmt(th.state_mean!)}`, ok: varOk });
        } else {
          e = traceError(series, cs);
          varOk = e <= th.state!;
          row.metrics.push({ metric: `${v}: max error / range`, value: e, tolerance: `<= ${fmt(th.state!)}`, ok: varOk });
        }
        ok = ok && varOk;
        errs[v] = Number.isFinite(e) ? e : 'inf';
      }
      row.errors = errs;
      row.ok = ok;
    } else if (rm.type === 'PopulationRateMonitor') {
      const a = rm.rate ?? [];
      const b = cm.rate ?? [];
      const ma = a.length ? sum(a) / a.length : 0.0;
      const mb = b.length ? sum(b) / b.length : 0.0;
      row.mean_ref = ma;
      row.mean_cand = mb;
      let tol: number;
      if (mode === 'stats') tol = pyMax([th.count_rel! * Math.abs(ma), 1e-9]);
      else if (mode === 'exact') tol = pyMax([1e-6 * Math.abs(ma), 1e-9]);
      else tol = 0.05 * Math.abs(ma) + 1e-9;
      row.ok = Math.abs(ma - mb) <= tol;
      row.metrics.push({ metric: `mean rate difference (Hz; ${fmt(ma)} vs ${fmt(mb)})`, value: Math.abs(ma - mb), tolerance: `<= ${fmt(tol)}`, ok: row.ok });
    } else {
      row.why = 'unknown monitor type';
      row.metrics.push({ metric: 'type', value: null, tolerance: 'a known monitor type', ok: false });
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The mode and widening compare.py would use for `--model MODEL [--mode M]`: an explicit mode, else
 * the script's header, else exact; the header's rel= applies only when the mode is the header's.
 */
export function chooseMode(modelText: string, explicit?: string): { mode: Mode; rel: number | null } {
  const header = modeFromModel(modelText);
  const mode = (explicit ?? header.mode ?? 'exact') as Mode;
  if (!MODES.includes(mode)) throw new ResultsFormatError(`unknown conformance mode '${mode}' (known: ${MODES.join(', ')})`);
  return { mode, rel: !explicit || explicit === header.mode ? header.rel : null };
}

/** compare.py's overall verdict: at least one monitor, and all of them pass. */
export function overall(rows: CompareRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.ok);
}
