#!/usr/bin/env node
// Where the time of one `brian2lava convert` goes, inside a fresh Node process: loading the modules,
// each phase of the pipeline (cold, as a user's single convert runs them: `read` and `model` include
// building the Chevrotain parsers of scripts and of Brian2 strings), writing the files; then, for
// scale, building each parser once more and the whole pipeline once more (warm). Prints one JSON
// object (milliseconds).
//
//   node bench/convert-phases.mjs MODEL.py OUTDIR
//
// `boot` is the time from Node's start to the first line of this script (performance.now()).

const t = { boot: performance.now() };
let last = t.boot;
const lap = (name) => {
  const now = performance.now();
  t[name] = now - last;
  last = now;
};

const root = new URL('../dist/', import.meta.url);
const { readFileSync } = await import('node:fs');
const { SourceFile } = await import(new URL('src/diagnostics/source.js', root));
const { readScript } = await import(new URL('src/1-read/index.js', root));
const { buildModel } = await import(new URL('src/2-model/build.js', root));
const { lowerModel } = await import(new URL('src/3-lower/index.js', root));
const { emitProject } = await import(new URL('src/4-targets/cpu/project.js', root));
const { writeProject } = await import(new URL('src/4-emit/output.js', root));
await import(new URL('src/cli/main.js', root));
const { PythonParser } = await import(new URL('grammars/python-parser.js', root));
const { Brian2StringParser } = await import(new URL('grammars/brian2-strings.js', root));
lap('import');

const [model, outDir] = process.argv.slice(2);
const source = new SourceFile(model, readFileSync(model, 'utf8'));
const pipeline = () => {
  const read = readScript(source);
  lap('read');
  const built = buildModel(read.script, source);
  lap('model');
  const lowered = lowerModel(built.model);
  lap('lower');
  const files = emitProject(lowered.lowered, source, '0');
  lap('emit');
  return files;
};
const files = pipeline();
writeProject(outDir, files, { version: '0', source: model, sha256: '', backend: 'cpu', created: new Date().toISOString() }, true);
lap('write');
new PythonParser();
lap('python_parser_again');
new Brian2StringParser();
lap('strings_parser_again');
const cold = { ...t };
pipeline();
const warm = ['read', 'model', 'lower', 'emit'].reduce((a, k) => a + t[k], 0);
process.stdout.write(JSON.stringify({ ...cold, warm_pipeline: warm }) + '\n');
