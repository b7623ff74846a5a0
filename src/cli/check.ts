// `brian2lava check MODEL.py...`: parse and analyse only, through lowering and the target's passes
// (`--backend`, default cpu), so that refused integration methods and everything the target refuses
// count: a model `check` accepts is not refused later by `convert` or `run` with the same backend.
// Exit 0 when every model is accepted. `--json` prints one object per model.

import { compile, hasErrors } from '../compile.js';
import { availableMemory, describeEstimate, estimateResources, sizeDiagnostic } from '../run/resources.js';
import { targetFor } from '../4-targets/registry.js';
import { diagnosticsJson, EXIT, type Output, worst, type OutputOptions } from './io.js';
import { readModel, UsageError } from './load.js';

export interface CheckOptions extends OutputOptions {
  backend?: string;
}

export async function checkCommand(files: string[], options: CheckOptions, out: Output): Promise<number> {
  const passes = await targetFor(options.backend).load();
  let code: number = EXIT.ok;
  for (const f of files) {
    let source;
    try {
      source = readModel(f);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      out.error(e.message, e.hint);
      out.json({ command: 'check', model: f, ok: false, stage: 'read', error: e.message, diagnostics: [] });
      code = worst(code, EXIT.usage);
      continue;
    }
    const { path, text } = source;
    const started = performance.now();
    const r = compile(path, text, 'lower', { passes });
    const ok = !hasErrors(r);
    out.diagnostics(r);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const syn = r.model?.synapses.length ? `, ${count(r.model.synapses.length, 'synapses object')}` : '';
    const estimate = ok ? estimateResources(r.model!) : null;
    if (ok) {
      out.out(`${path}: ok (${count(r.model!.groups.length, 'group')}${syn}, ${count(r.model!.monitors.length, 'monitor')})`);
      out.out(`  estimate: ${describeEstimate(estimate!)}`);
      const tooLarge = sizeDiagnostic(estimate!, availableMemory(), true);
      if (tooLarge) out.diagnostics({ ...r, diagnostics: [tooLarge] });
    }
    out.json({
      command: 'check',
      model: path,
      ok,
      ...(ok ? {} : { stage: 'convert', error: 'the model was rejected' }),
      ms: Math.round((performance.now() - started) * 10) / 10,
      diagnostics: diagnosticsJson(r),
      estimate: estimate && {
        steps: estimate.steps,
        simulated_s: estimate.simulatedSeconds,
        neurons: estimate.neurons,
        synapses: Math.round(estimate.synapses),
        synapses_at_most: estimate.synapsesAtMost,
        bytes: { state: estimate.stateBytes, synapses: estimate.synapseBytes, recordings: estimate.monitorBytes, total: estimate.totalBytes },
        available_bytes: availableMemory(),
        wall_s: Math.round(estimate.seconds),
      },
      groups:
        r.lowered?.groups.map((g) => ({
          name: g.pyName ?? g.id,
          n: g.n,
          kind: g.kind === 'NeuronGroup' && g.cable ? 'SpatialNeuron' : g.kind,
          method: g.kind === 'NeuronGroup' ? g.method.name : null,
        })) ?? [],
      synapses: r.lowered?.synapses.map((s) => ({ name: s.pyName ?? s.id, method: s.method?.name ?? null, pathways: s.pathways.map((p) => p.name) })) ?? [],
    });
    if (!ok) code = worst(code, EXIT.rejected);
  }
  return code;
}
