// `brian2lava check MODEL.py...`: parse and analyse only (through lowering, so refused integration
// methods count); exit 0 when every model is accepted. `--json` prints one object per model.

import { compile, hasErrors } from '../compile.js';
import { diagnosticsJson, EXIT, Output, type OutputOptions } from './io.js';
import { readModel } from './load.js';

export function checkCommand(files: string[], options: OutputOptions, out: Output): number {
  let code: number = EXIT.ok;
  for (const f of files) {
    const { path, text } = readModel(f);
    const started = performance.now();
    const r = compile(path, text, 'lower');
    const ok = !hasErrors(r);
    out.diagnostics(r);
    if (ok) out.out(`${path}: ok (${r.model!.groups.length} group${r.model!.groups.length === 1 ? '' : 's'}, ${r.model!.monitors.length} monitor${r.model!.monitors.length === 1 ? '' : 's'})`);
    out.json({
      model: path,
      ok,
      ms: Math.round((performance.now() - started) * 10) / 10,
      diagnostics: diagnosticsJson(r),
      groups: r.lowered?.groups.map((g) => ({ name: g.pyName ?? g.id, n: g.n, method: g.method.name })) ?? [],
    });
    if (!ok) code = EXIT.rejected;
  }
  return code;
}
