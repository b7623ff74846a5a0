// bench/RESULTS.md from the numbers run-bench.mjs collected: machine, targets, then one section per
// measurement. Everything derived (ratios, per-step and per-event costs, fits) is computed here.

const f0 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(0));
const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(1));
const f2 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
const mb = (kb) => (kb ? (kb / 1024).toFixed(0) : '–');
const table = (head, rows, align) => [
  `| ${head.join(' | ')} |`,
  `|${head.map((_, k) => (align?.[k] === 'l' ? '---' : '---:')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

/** Least-squares line y = a + b x. */
function fit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((a, x, k) => a + (x - mx) * (ys[k] - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const b = sxx ? sxy / sxx : 0;
  const a = my - b * mx;
  const worst = Math.max(...xs.map((x, k) => Math.abs(a + b * x - ys[k]) / ys[k]));
  return { a, b, worst };
}

function derive(row) {
  const fanOut = row.synapses / row.n; // mean number of synapses per presynaptic spike
  const per = (loopS, spikes) => ({
    stepUs: (loopS / row.steps) * 1e6,
    spikeUs: spikes ? (loopS / spikes) * 1e6 : NaN,
    eventNs: spikes ? (loopS / (spikes * fanOut)) * 1e9 : NaN,
  });
  return {
    fanOut,
    lava: per(row.lava.stepsS, row.lava.spikes),
    loihi: per(row.loihi.stepsS, row.loihi.spikes),
    brian2: per(row.brian2.loopS, row.brian2.spikes),
  };
}

export function renderResults(d) {
  const L = [];
  const f = d.facts;
  const busy = !d.gate.ok;
  const sim = d.simulation.map((r) => ({ ...r, derived: derive(r) }));
  const convertRows = d.convert.filter((r) => r.convert && r.build);
  const ratios = convertRows.map((r) => ({ model: r.model, ratio: r.build.ms / r.convert.ms }));
  const minRatio = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a), ratios[0]);
  const cubaConvert = convertRows.find((r) => r.model.endsWith('cuba_4000.py'));
  const cuba = sim.find((r) => r.n === 4000);
  const ns = sim.map((r) => r.n);
  const stepFit =
    sim.length >= 2
      ? fit(
          ns,
          sim.map((r) => r.derived.lava.stepUs),
        )
      : null;
  const eventsPerStep = sim.map((r) => (r.lava.spikes * r.derived.fanOut) / r.steps);
  const memSlope = (side) => sim.slice(1).map((r, k) => ((r[side].pssKB - sim[k][side].pssKB) * 1024) / (r.synapses - sim[k].synapses));

  L.push('# Benchmarks: brian2lava next to Brian2', '');
  L.push(
    `Written by \`npm run bench\` (bench/run-bench.mjs) on ${d.date.slice(0, 16).replace('T', ' ')} UTC in ${d.minutes.toFixed(1)} minutes${d.options.quick ? ' (**--quick**: fewer repetitions and sizes)' : ''}; raw numbers in \`bench/RESULTS.json\`. ` +
      'Both sides ran one after the other in the same session on the same machine.',
    '',
  );
  L.push('## Machine', '');
  L.push(
    ...table(
      ['', ''],
      [
        ['CPU', `${f.cpu}, ${f.cores} cores, ${f.memGB.toFixed(0)} GB`],
        ['system', f.os],
        ['Node', f.node],
        ['Python (Lava side)', `${d.python.lava.python}: lava-nc ${d.python.lava.lava}, numpy ${d.python.lava.numpy}`],
        [
          'Python (Brian2 side)',
          `${d.python.brian2.python}: brian2 ${d.python.brian2.brian2}, numpy ${d.python.brian2.numpy}${d.python.brian2.path === d.python.lava.path ? ' (the same interpreter)' : ''}`,
        ],
        [
          'load average at the start (1, 5, 15 min)',
          f.load.map(f2).join(', ') +
            (busy
              ? ` — **busy: above ${d.options.maxLoad}, measured anyway (--force)**`
              : d.gate.waited > 1
                ? ` (after waiting ${f0(d.gate.waited)} s for it to drop below ${d.options.maxLoad})`
                : ` (below ${d.options.maxLoad})`),
        ],
        ['load average per section (1 min)', d.loads.map((l) => `${l.section}: ${f2(l.load[0])}`).join('; ')],
        ['repetitions', `convert ${d.options.runs} (after 1 warm-up), Brian2 build ${d.options.brian2Runs}, simulations ${d.options.simRuns}; medians`],
      ],
      ['l', 'l'],
    ),
    '',
  );

  // ---------------------------------------------------------------- targets
  L.push('## Targets', '');
  const verdict = (ok) => (ok ? 'met' : '**missed**');
  const rows = [];
  if (minRatio) {
    rows.push([
      "convert ≥ 20× faster than Brian2's build of the same script",
      `${f1(median(ratios.map((r) => r.ratio)))}× median over ${ratios.length} scripts, lowest ${f1(minRatio.ratio)}× (${minRatio.model})${cubaConvert ? `; CUBA 4000: ${f0(cubaConvert.convert.ms)} ms vs ${f0(cubaConvert.build.ms)} ms = ${f1(cubaConvert.build.ms / cubaConvert.convert.ms)}×` : ''}`,
      verdict(minRatio.ratio >= 20),
    ]);
  }
  if (cuba) {
    rows.push([
      "Lava CPU run of CUBA 4000 × 1 s no slower than Brian2's numpy runtime",
      `whole process ${f2(cuba.lava.wallMs / 1000)} s vs ${f2(cuba.brian2.wallMs / 1000)} s (${f1(cuba.brian2.wallMs / cuba.lava.wallMs)}× faster); the 10,000 steps alone ${f2(cuba.lava.stepsS)} s vs ${f2(cuba.brian2.loopS)} s`,
      verdict(cuba.lava.wallMs <= cuba.brian2.wallMs),
    ]);
  }
  if (stepFit) {
    // Linear (not worse): the marginal cost of 1000 more cells, or 1000 more synaptic events per step,
    // does not grow with the size (a dense matrix or a loop over pairs would make it grow with N).
    const marginal = (xs) => sim.slice(1).map((r, k) => ((r.derived.lava.stepUs - sim[k].derived.lava.stepUs) / (xs[k + 1] - xs[k])) * 1000);
    const perCells = marginal(ns);
    const perEvents = marginal(eventsPerStep);
    const growing = perCells.some((m, k) => k > 0 && m > 1.25 * perCells[k - 1]);
    rows.push([
      'time per step linear in N and in spikes × fan-out',
      `Lava µs/step ${sim.map((r) => f1(r.derived.lava.stepUs)).join(', ')} at N = ${ns.join(', ')}: each further 1000 cells cost ${perCells.map(f1).join(', then ')} µs per step, ` +
        `each further 1000 synaptic events per step ${perEvents.map(f1).join(', then ')} µs (${growing ? 'growing' : 'not growing'} with size); least-squares line ${f1(stepFit.a)} µs + ${f2(stepFit.b * 1000)} µs per 1000 cells (worst deviation ${f0(stepFit.worst * 100)} %)`,
      verdict(!growing),
    ]);
  }
  const slopes = memSlope('lava');
  if (slopes.length) {
    rows.push([
      'memory proportional to the number of synapses',
      `Lava: ${slopes.map(f0).join(', ')} bytes per added synapse between consecutive N (Brian2: ${memSlope('brian2').map(f0).join(', ')})`,
      verdict(slopes.length < 2 || Math.abs(slopes[1] - slopes[0]) / Math.max(slopes[0], slopes[1]) < 0.35),
    ]);
  }
  L.push(...table(['target', 'measured', 'verdict'], rows, ['l', 'l', 'l']), '');
  const reasons = [];
  if (minRatio && minRatio.ratio < 20) {
    const lowest = convertRows.find((r) => r.model === minRatio.model);
    const p = d.phases;
    reasons.push(
      `**convert ≥ 20×** — the floor is Node's start. Brian2's build of ${minRatio.model} takes ${f0(lowest.build.ms)} ms, of which ` +
        `\`import brian2\` alone is ${f0(d.baselines.brian2Import.ms)} ms; 20× would leave ${f0(lowest.build.ms / 20)} ms for a whole convert, ` +
        `while \`node -e ""\` takes ${f0(d.baselines.node.ms)} ms and \`brian2lava --version\` from the start-up snapshot ${f0(d.baselines.cli.ms)} ms ` +
        `(Node's start, the launcher, and deserialising a heap with the CLI loaded, its parsers built and its templates compiled); ` +
        `the conversion itself is the rest (${f0(p.warm_pipeline)} ms in a warm process for ${d.phasesModel}). ` +
        `Without the snapshot (\`node bin/brian2lava.js\`) the same convert takes ${d.plainConvert ? f0(d.plainConvert.ms) : '?'} ms: loading the modules ${f0(p.import)} ms and building the parsers and templates on first use (§2).`,
    );
  }
  if (cuba && cuba.lava.wallMs > cuba.brian2.wallMs)
    reasons.push("**Lava no slower than Brian2** — see the profile of one engine step in §5 and Lava's fixed cost per step in §1.");
  if (rows.some((r) => r[0].startsWith('time per step') && r[2] !== 'met'))
    reasons.push('**linear time per step** — the marginal cost per cell grew with N; see the profile in §5 and the µs/step per 1000 cells column in §3.');
  if (reasons.length) L.push(...reasons.map((r) => `- ${r}`), '');

  // ---------------------------------------------------------------- Lava overhead
  L.push("## 1. Lava's own cost per time step", '');
  L.push(
    'Processes that do nothing but move data through their ports, on Loihi2SimCfg (`bench/lava_overhead.py`, ' +
      `${d.overhead.steps} steps after a first run that compiles; µs per step of the later run()):`,
    '',
  );
  L.push(
    ...table(
      ['case', 'µs per step'],
      d.overhead.rows.map((r) => [r.case, f1(r.us_per_step)]),
      ['l'],
    ),
    '',
  );
  L.push(
    "Every step of LoihiProtocol is a barrier with a round trip between Lava's runtime service and each process, and every connection is a " +
      'message per step; AsyncProtocol has no barrier. The generated project runs the whole network as **one** process, and by default with ' +
      '**AsyncProtocol** (its `run_async()` loops over the steps of a run()): with a single process there is no other process to keep in ' +
      "lockstep, so Brian2's schedule is unchanged and the per-step barrier is not paid. `--lava-protocol loihi` (convert/run) or " +
      '`python run.py --protocol loihi` keeps the LoihiProtocol model, which gives the same results (the columns "LoihiProtocol" below).',
    '',
  );

  // ---------------------------------------------------------------- convert
  L.push("## 2. Convert next to Brian2's build", '');
  L.push(
    '`brian2lava convert MODEL -o DIR --force -q` as a whole process (Node start-up, reading, lowering, writing the project), started as a user starts it after `npm ci`: ' +
      'the command npm installs, `bin/brian2lava`, which starts convert from the start-up snapshot built by `npm ci` (dist/snapshot; the benchmark checks that it is used), next to ' +
      '`python bench/brian2_bench.py MODEL --build`: the same script executed by Brian2 2.5 (numpy code generation) with every `run(...)` made `run(0*ms)`, ' +
      'so Brian2 creates the objects, connects, generates and prepares its code and initialises, but runs no step (Python start-up and `import brian2` included). Milliseconds.',
    '',
  );
  L.push(
    ...table(
      ['start-up alone', 'median', 'min', 'max'],
      [
        ['`node -e ""`', f0(d.baselines.node.ms), f0(d.baselines.node.min), f0(d.baselines.node.max)],
        ['`brian2lava --version` (from the start-up snapshot)', f0(d.baselines.cli.ms), f0(d.baselines.cli.min), f0(d.baselines.cli.max)],
        ...(d.baselines.plainCli
          ? [['`node bin/brian2lava.js --version` (ordinary start)', f0(d.baselines.plainCli.ms), f0(d.baselines.plainCli.min), f0(d.baselines.plainCli.max)]]
          : []),
        ['`python -c "import brian2"`', f0(d.baselines.brian2Import.ms), f0(d.baselines.brian2Import.min), f0(d.baselines.brian2Import.max)],
      ],
      ['l'],
    ),
    '',
  );
  L.push(
    ...table(
      ['script', 'convert median [min–max]', 'Brian2 build median [min–max]', 'Brian2 / convert', 'peak RSS convert / Brian2 (MB)'],
      d.convert.map((r) => [
        r.model,
        r.convert ? `${f0(r.convert.ms)} [${f0(r.convert.min)}–${f0(r.convert.max)}]` : `failed: ${r.convertError}`,
        r.build ? `${f0(r.build.ms)} [${f0(r.build.min)}–${f0(r.build.max)}]${r.afterRunsError ? ' *' : ''}` : `failed: ${r.buildError}`,
        r.convert && r.build ? `${f1(r.build.ms / r.convert.ms)}×` : '–',
        r.convert && r.build ? `${mb(r.convert.hwmKB)} / ${mb(r.build.hwmKB)}` : '–',
      ]),
      ['l'],
    ),
    '',
  );
  const after = d.convert.filter((r) => r.afterRunsError);
  if (after.length) {
    L.push(
      `\\* The script's analysis after its runs failed on the empty monitors of the build (${after.map((r) => `${r.model}: ${r.afterRunsError}`).join('; ')}); the build itself was complete and is timed up to that point.`,
      '',
    );
  }
  const p = d.phases;
  L.push(
    `Where a convert's time goes. From the snapshot: Node's own start (\`node -e ""\`, ${f0(d.baselines.node.ms)} ms), then the launcher and the heap of the snapshot ` +
      `(\`brian2lava --version\` minus that, ${f0(d.baselines.cli.ms - d.baselines.node.ms)} ms), then the conversion with everything loaded and compiled. ` +
      (d.plainConvert
        ? `The ordinary start, \`node bin/brian2lava.js convert ${d.phasesModel}\`, takes ${f0(d.plainConvert.ms)} ms [${f0(d.plainConvert.min)}–${f0(d.plainConvert.max)}]; `
        : '') +
      `its phases (\`bench/convert-phases.mjs ${d.phasesModel}\`, medians in ms, one fresh Node process each, modules loaded from dist/src): ` +
      `Node start-up ${f0(p.boot)}, loading the modules ${f0(p.import)}, reading the script ${f0(p.read)} (of which building the Chevrotain script parser ≈ ${f0(p.python_parser_again)}), ` +
      `building the model ${f0(p.model)} (Brian2-string parser ≈ ${f0(p.strings_parser_again)}), lowering ${f0(p.lower)}, emitting ${f0(p.emit)} (loading nunjucks and compiling the templates on first use), ` +
      `writing ${f0(p.write)}. The same pipeline run again in the same process takes ${f0(p.warm_pipeline)} ms. The snapshot holds the state after the loading, the parsers, the templates ` +
      'and a conversion of every fixture (so the functions of the pipeline are compiled): that start-up cost is paid once, when `npm ci` builds it.',
    '',
  );

  // ---------------------------------------------------------------- simulation
  L.push("## 3. Simulation: the generated Lava project next to Brian2's numpy runtime", '');
  L.push(
    'CUBA networks (`bench/models/cuba_N.py`: the model, parameters and monitors of fixtures/22_cuba_large.py, 1 s = 10,000 steps of 0.1 ms) ' +
      'with N = ' +
      ns.join(', ') +
      ' and connection probability p = 80/N. Keeping the fan-in at about 80 synapses per cell keeps the input ' +
      'statistics of every cell, hence the firing rates, the same at every N, so the work per step grows like N (neurons) and like N·80 ' +
      '(synaptic events) and the sizes differ in scale only; with a fixed p the synapses would grow like N² and the network would change ' +
      'regime (fan-in 320 at N = 16000). The 4000-cell network is the p = 0.02 network of the fixture.',
    '',
  );
  L.push(
    '"Lava" is `python run.py` of the project converted with the default cpu backend (AsyncProtocol); "Brian2" is `python bench/brian2_bench.py MODEL --run` ' +
      '(the script as written, numpy code generation). "Process" is the wall time of the whole process (interpreter start, imports, Lava\'s compile and fork, ' +
      'connect(), the steps, writing results); "steps" is the time of the 10,000 steps alone as each side measures it inside (Lava: results.json `timing.steps_s`; ' +
      'Brian2: its own `_last_run_time`, code generation excluded); the rest of the process is start-up (Python, imports; Lava: compiling the network and forking ' +
      'its processes; Brian2: building, as in §2) and writing the results. "Engine" is the generated engine stepping without Lava (`bench/engine_step.py`, CPU time).',
    '',
  );
  L.push(
    ...table(
      [
        'N',
        'synapses',
        'spikes Lava / Brian2',
        'process Lava',
        'process Brian2',
        'steps Lava',
        'steps Brian2',
        'rest of the process Lava / Brian2',
        'steps Lava (LoihiProtocol)',
      ],
      sim.map((r) => [
        String(r.n),
        String(r.synapses),
        `${r.lava.spikes} / ${r.brian2.spikes}`,
        `${f2(r.lava.wallMs / 1000)} s`,
        `${f2(r.brian2.wallMs / 1000)} s`,
        `${f2(r.lava.stepsS)} s`,
        `${f2(r.brian2.loopS)} s`,
        `${f2(r.lava.wallMs / 1000 - r.lava.stepsS)} s / ${f2(r.brian2.wallMs / 1000 - r.brian2.loopS)} s`,
        `${f2(r.loihi.stepsS)} s`,
      ]),
    ),
    '',
  );
  L.push(
    ...table(
      [
        'N',
        'µs/step Lava',
        'µs/step Brian2',
        'µs/step engine alone (cpu)',
        'µs/step LoihiProtocol',
        'µs/spike Lava / Brian2',
        'ns/synaptic event Lava / Brian2',
        'µs/step per 1000 cells, Lava',
      ],
      sim.map((r) => [
        String(r.n),
        f1(r.derived.lava.stepUs),
        f1(r.derived.brian2.stepUs),
        r.engine ? f1(r.engine.cpuUs) : '–',
        f1(r.derived.loihi.stepUs),
        `${f1(r.derived.lava.spikeUs)} / ${f1(r.derived.brian2.spikeUs)}`,
        `${f1(r.derived.lava.eventNs)} / ${f1(r.derived.brian2.eventNs)}`,
        f1((r.derived.lava.stepUs / r.n) * 1000),
      ]),
    ),
    '',
  );
  L.push(
    'Per spike and per synaptic event divide the whole step time (neuron updates included) by the spikes, and by spikes × mean fan-out ' +
      '(synapses / N, about 80), of the same run. The spike counts of the two sides differ because the random numbers differ (same seed, different generators); ' +
      'the fixture 22_cuba_large is judged statistically against Brian2 for this reason.',
    '',
  );

  // ---------------------------------------------------------------- memory
  L.push('## 4. Peak memory', '');
  L.push(
    'Sampled every 40 ms from /proc over the whole process tree (Lava forks a process for its runtime service and one for the model): ' +
      'PSS divides the pages that forked processes share among them, so the PSS sum is what the tree holds; the RSS sum counts shared pages once per process. ' +
      'Brian2 is one process. MB.',
    '',
  );
  L.push(
    ...table(
      ['N', 'synapses', 'Lava PSS (tree)', 'Lava RSS (sum over tree)', 'Lava LoihiProtocol PSS', 'Brian2 PSS', 'Brian2 RSS'],
      sim.map((r) => [String(r.n), String(r.synapses), mb(r.lava.pssKB), mb(r.lava.rssKB), mb(r.loihi.pssKB), mb(r.brian2.pssKB), mb(r.brian2.rssKB)]),
    ),
    '',
  );
  if (slopes.length) {
    L.push(
      `Added memory per added synapse (difference of PSS over difference of synapses between consecutive sizes): Lava ${slopes.map(f0).join(', ')} bytes, ` +
        `Brian2 ${memSlope('brian2').map(f0).join(', ')} bytes. The project keeps 32 bytes per synapse (indices i and j, its delay and its place in the CSR order of its pathway, ` +
        '8 bytes each; Brian2 keeps i and j in 4 bytes each), and the peak adds the draws of connect() while they are made; everything else is per neuron or fixed (Python, numpy, Lava).',
      '',
    );
  }

  // ---------------------------------------------------------------- profile
  if (d.profile) {
    L.push(`## 5. Profile of one engine step (CUBA ${d.profile.n}, cProfile, without Lava)`, '');
    // Paths shortened to the project's files and the packages.
    const lines = d.profile.text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.replace(/\S*\/(engine\/\S+)/g, '$1').replace(/\S*\/site-packages\//g, ''));
    L.push('```', ...lines.slice(0, 26), '```', '');
  }
  return L.join('\n');
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
