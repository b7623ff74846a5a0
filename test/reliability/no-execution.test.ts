// The converter reads scripts, it never runs them. A script that would delete a file, open a socket,
// spawn a process or write files when executed is converted (and run on Lava) without any of that
// happening; such code before the last run() is refused with a located error, after it it is skipped
// as post-processing. The checks are real: a victim file, a listening TCP server, marker files.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { cli, tempDir } from '../helpers/pipeline.js';

const work = tempDir('no-exec-');
const victim = path.join(work, 'victim.txt');
const marker = (name: string) => path.join(work, `marker-${name}`);
let server: net.Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  writeFileSync(victim, 'precious\n');
  server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(() => {
  server.close();
});

/** Python code that would do harm if executed, each tagged with the marker it would leave. */
const hazards = () => [
  `import os\nos.remove(${JSON.stringify(victim)})`,
  `import socket\ns = socket.create_connection(('127.0.0.1', ${port}))`,
  `import subprocess\nsubprocess.Popen(['touch', ${JSON.stringify(marker('popen'))}])`,
  `import os\nos.system('touch ${marker('system')}')`,
  `open(${JSON.stringify(marker('open'))}, 'w').write('x')`,
  `exec("open('${marker('exec')}', 'w')")`,
  `eval("__import__('os').system('touch ${marker('eval')}')")`,
  `__import__('os').system('touch ${marker('import')}')`,
  `import shutil\nshutil.rmtree(${JSON.stringify(work)})`,
  `from os import system\nsystem('touch ${marker('from-import')}')`,
  `import builtins\nbuiltins.open(${JSON.stringify(marker('builtins'))}, 'w')`,
  `def helper():\n    import os\n    os.remove(${JSON.stringify(victim)})\nhelper()`,
  `x = [__import__('os').remove(${JSON.stringify(victim)}) for k in range(1)]`,
  `import importlib\nimportlib.import_module('os').remove(${JSON.stringify(victim)})`,
];

const MODEL = `from brian2 import *
tau = 10*ms
G = NeuronGroup(3, 'dv/dt = (1.5 - v)/tau : 1', threshold='v > 1', reset='v = 0', method='exact')
spikes = SpikeMonitor(G)
`;

function nothingHappened(): void {
  expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  expect(connections).toBe(0);
  expect(readdirSync(work).filter((f) => f.startsWith('marker-'))).toEqual([]);
}

describe('the script is never executed', () => {
  it.each(hazards().map((h, k) => [k, h.split('\n').pop()!] as const))('hazard %i before run() is refused with a located error: %s', (k) => {
    const code = hazards()[k]!;
    const text = `${MODEL}${code}\nrun(5*ms)\n`;
    const r = compile('model.py', text);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    // The error points into the hazardous lines, not somewhere else.
    const first = MODEL.split('\n').length;
    expect(errors[0]!.span!.line).toBeGreaterThanOrEqual(first);
    expect(errors[0]!.span!.line).toBeLessThan(first + code.split('\n').length);
    expect(r.files).toBeNull();
    nothingHappened();
  });

  it('calls that only compute (time.time(), os.path.join) are accepted before run(), unknown where unused', () => {
    const code = `import time, os, datetime\nstart = time.time()\nlabel = os.path.join('out', datetime.datetime.now().isoformat())\n`;
    const r = compile('model.py', `${MODEL}${code}run(5*ms)\n`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.files).not.toBeNull();
    // ... but not where the model needs the value.
    const used = compile('model.py', `${MODEL}${code}G.v = start\nrun(5*ms)\n`);
    expect(used.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['not-static']);
  });

  it('refuses hazards before run() through the real CLI (exit 1, no project, nothing happened)', async () => {
    const model = path.join(work, 'before.py');
    writeFileSync(model, `${MODEL}${hazards().join('\n')}\nrun(5*ms)\n`);
    const r = await cli(['convert', model, '-o', path.join(work, 'before_lava')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/before\.py:\d+:\d+: error\[/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(existsSync(path.join(work, 'before_lava'))).toBe(false); // not even the parent folder
    nothingHappened();
  });

  it('converts and runs on Lava a script whose post-processing would do harm, without doing it', async () => {
    const model = path.join(work, 'after.py');
    // subprocess.run is left out: `x.run(...)` counts as a Brian2 run() call for the front end.
    writeFileSync(model, `${MODEL}run(30*ms)\n${hazards().join('\n')}\nprint('done')\n`);
    const r = await cli(['run', model, '-o', path.join(work, 'after_lava'), '--timeout', '600']);
    const project = path.join(work, 'after_lava', 'after');
    expect(r.stderr).toContain('note[skipped]');
    expect(r.exitCode).toBe(0);
    const results = JSON.parse(readFileSync(path.join(project, 'results.json'), 'utf8')) as { partial: boolean; monitors: Record<string, { t: number[] }> };
    expect(results.partial).toBe(false);
    expect(results.monitors.spikes!.t.length).toBeGreaterThan(0);
    nothingHappened();
    // Nothing of the post-processing reached the generated project.
    // setup_env.py is the project's own installer (the same file in every project, not made from the
    // script): it creates .venv with subprocess/shutil by design, so it is left out of the search.
    const generated = readdirSync(project, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.py') && e.name !== 'setup_env.py')
      .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
      .join('\n');
    for (const needle of ['victim.txt', 'marker-', String(port), 'shutil', 'subprocess', 'socket', '__import__', 'exec('])
      expect(generated).not.toContain(needle);
  }, 900_000);
});
