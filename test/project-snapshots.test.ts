// The generated project of a few fixtures per target, held byte for byte under test/snapshots/: an
// emitter change shows here as a diff to review, not only later as a different run. Each project has
// MANIFEST.txt (every file with its size and sha256, binary .npy files and the static files copied
// from templates/<target>/ or python/ included) and the text of every file the converter renders.
//
// After an intended change of the generated code: `npx vitest run test/project-snapshots.test.ts -u`
// rewrites the snapshots; review `git diff test/snapshots` and commit it with the change. Keep the set
// small and representative (one plain group, synapses, inputs; Loihi's LIF mapping and a neuron
// program with graded spikes), so that such diffs stay readable.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { targetFor } from '../src/4-targets/registry.js';
import { ROOT } from './helpers/pipeline.js';

const SETS: Record<string, string[]> = {
  cpu: ['01_lif_exact', '10_synaptic_chain', '17_poissongroup_input'],
  loihi2: ['01_lif_exact', '14_gap_junctions_summed'],
};

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(Object.entries(SETS))('%s', (backend, fixtures) => {
  it.each(fixtures)('%s', async (name) => {
    const file = `fixtures/${name}.py`;
    const r = compile(file, readFileSync(path.join(ROOT, file), 'utf8'), 'emit', { passes: await targetFor(backend).load() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dir = path.join(ROOT, 'test', 'snapshots', backend, name);
    const files = [...r.files!].sort(([a], [b]) => (a < b ? -1 : 1));
    const manifest = files.map(([p, c]) => `${p}  ${Buffer.byteLength(c)} bytes  sha256 ${sha(c)}`).join('\n') + '\n';
    await expect(manifest).toMatchFileSnapshot(path.join(dir, 'MANIFEST.txt'));
    for (const [p, content] of files) {
      if (typeof content !== 'string') continue;
      // static files copied unchanged (from templates/<target>/, or python/ for setup_env.py) are in the manifest only
      const copies = [path.join(ROOT, 'templates', backend, path.basename(p)), path.join(ROOT, 'python', path.basename(p))];
      if (copies.some((f) => existsSync(f) && readFileSync(f, 'utf8') === content)) continue;
      await expect(content).toMatchFileSnapshot(path.join(dir, p));
    }
  });
});
