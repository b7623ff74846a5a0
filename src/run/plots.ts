// Pictures of a run (raster, traces, rates) and the overlays of verify, drawn by python/plots.py with
// matplotlib in the Python environment. matplotlib is optional: in the managed environment it is
// installed on first use; when it cannot be had, the caller says so and carries on without pictures.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelIR } from '../2-model/ir.js';
import { formatDim } from '../units/dimension.js';
import { ensureExtra } from './extras.js';
import { runHelper } from './python-helper.js';

/** What plots.py drew, per image (counted on the figures): see python/plots.py. */
export interface PlotSidecar {
  files: Record<string, Record<string, unknown>>;
}

export type PlotOutcome =
  | { ok: true; files: string[]; sidecar: PlotSidecar; seconds: number }
  | { ok: false; reason: string; hint: string; interrupted?: boolean; signal?: NodeJS.Signals | null };

/** monitor key -> variable -> unit of the recorded values (SI), for axis labels. */
export function unitLabels(model: ModelIR): Record<string, Record<string, string>> {
  const dims = new Map<string, Map<string, string>>();
  const owners = [...model.groups, ...model.synapses] as { id: string; equations?: { name: string; dim: import('../units/dimension.js').Dim }[] }[];
  for (const o of owners) dims.set(o.id, new Map((o.equations ?? []).map((e) => [e.name, formatDim(e.dim)])));
  const labels: Record<string, Record<string, string>> = {};
  for (const m of model.monitors) {
    if (m.kind !== 'StateMonitor') continue;
    const key = m.pyName ?? m.id;
    labels[key] = {};
    for (const v of m.variables) {
      const u = dims.get(m.source.group)?.get(v);
      if (u && u !== '1') labels[key][v] = u;
    }
  }
  return labels;
}

export interface PlotContext {
  python: string;
  managed: boolean;
  log: (line: string) => void;
}

async function draw(ctx: PlotContext, args: string[], out: string): Promise<PlotOutcome> {
  const started = Date.now();
  const extra = await ensureExtra('matplotlib', ctx);
  if (!extra.ok) return extra;
  const r = await runHelper(ctx.python, 'plots.py', args);
  if (r.interrupted) return { ok: false, reason: 'plotting was interrupted', hint: '', interrupted: true, signal: r.signal };
  if (r.exitCode !== 0) {
    const why = r.error ? `${r.error.type}: ${r.error.message}` : r.tail.split('\n').slice(-3).join(' ');
    return { ok: false, reason: `the plots could not be drawn (${why})`, hint: 'run with --no-plots to skip them' };
  }
  const sidecar = JSON.parse(readFileSync(path.join(out, 'plots.json'), 'utf8')) as PlotSidecar;
  return { ok: true, files: Object.keys(sidecar.files).map((f) => path.join(out, f)), sidecar, seconds: (Date.now() - started) / 1000 };
}

/** raster.png, traces.png and rates.png (those that apply) and plots.json into `out`. */
export function plotRun(ctx: PlotContext, results: string, out: string, units: Record<string, Record<string, string>>): Promise<PlotOutcome> {
  return draw(ctx, ['run', results, '--out', out, '--units', JSON.stringify(units)], out);
}

/** One overlay image per monitor (Brian2 and Lava) and plots.json into `out`. */
export function plotOverlay(ctx: PlotContext, brian2: string, lava: string, out: string, units: Record<string, Record<string, string>>): Promise<PlotOutcome> {
  return draw(ctx, ['overlay', '--brian2', brian2, '--lava', lava, '--out', out, '--units', JSON.stringify(units)], out);
}
