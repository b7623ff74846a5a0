// The quantization report: how each group maps onto Loihi 2, the format of every register (scale, range
// and why), the quantized constants with their errors, a worst-case error estimate per state variable,
// and what can saturate. Written as QUANTIZATION.md (and .json) into the project; `--explain` prints
// the text with the integer code of each group.

import type { FxModel, Interval, QuantReport } from './fixed.js';

function si(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return Number(x.toPrecision(5)).toString();
  return x.toExponential(3);
}

function rangeText(r: Interval): string {
  return `[${si(r.lo)}, ${si(r.hi)}]`;
}

/** What the converter drew, from which seed, and what that means for reproducing the network. */
export function randomLines(random: NonNullable<QuantReport['random']>): string[] {
  const seed = random.seedFromScript ? `seed ${random.seed}, the script's seed()` : `seed ${random.seed}, the converter's default (the script calls no seed())`;
  return [
    `Random numbers drawn at conversion time by the converter's own generator (${random.generator}, ${seed}); the values drawn are then quantized like any other value:`,
    ...random.draws.map((d) => `line ${d.line}:${d.col} ${d.what}: ${d.draws} draw${d.draws === 1 ? '' : 's'}`),
    'A new conversion with the same seed gives the same network (same initial values, synapses and PoissonGroup spikes). Brian2 draws different numbers from its own generator, so such a model matches Brian2 statistically, not spike for spike.',
  ];
}

const valueText = (v: number | { min: number; max: number }) => (typeof v === 'number' ? si(v) : `${si(v.min)} .. ${si(v.max)}`);

/** The report as Markdown (QUANTIZATION.md). */
export function reportMarkdown(report: QuantReport, title: string): string {
  const out: string[] = [`# Quantization report — ${title}`, ''];
  out.push(
    'Loihi 2 computes in integers: 24-bit signed neuron state, multiplier constants as 12-bit-limb mantissas with a shift, 8-bit synaptic weights (Lava Dense) whose activation the target multiplies by a 24-bit scale per projection, delays in steps. Every register below holds `value = integer · 2^exp + offset` (SI units; a range far from zero is held as the difference from its middle, which gains the bits a zero-centred format would spend on values never taken). Ranges come from static analysis of the model (initial values, resets, thresholds, equilibria, inputs); every range gets one bit of headroom; an estimated range (non-linear dynamics) includes a step of overshoot, and saturation is counted at run time.',
    '',
  );
  out.push('## Mapping', '', '| group | runs as | why |', '|---|---|---|');
  for (const g of report.groups)
    out.push(`| ${g.name} | ${g.mapping === 'lava-lif' ? "Lava's LIF (bit-accurate)" : 'generated neuron program'} | ${g.reason.replace(/\|/g, '/')} |`);
  out.push(
    '',
    '## Registers',
    '',
    '| group | variable | unit | exp | offset | LSB | range | bound | bits used | from |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const v of report.variables)
    out.push(
      `| ${v.group} | ${v.name} | ${v.unit} | ${v.exp} | ${v.offset ? si(v.offset) : '0'} | ${si(v.lsb)} | ${rangeText(v.range)} | ${v.bound} | ${v.usedBits}/24 | ${v.why.join('; ')} |`,
    );
  out.push('', '## Constants', '', '| group | constant | exact | quantized | relative error | format |', '|---|---|---|---|---|---|');
  for (const c of report.constants)
    out.push(`| ${c.group} | ${c.what} | ${valueText(c.value)} | ${valueText(c.quantized)} | ${c.relError.toExponential(2)} | ${c.format} |`);
  out.push(
    '',
    '## Worst-case error estimate',
    '',
    'Rounding and quantization error added per step, and where the update contracts, where it settles (per-step error / (1 − decay)). This bounds the drift of the integer model from its own exact arithmetic; spike times move when the drift reaches the margin by which Brian2 crosses a threshold.',
    '',
    '| group | variable | per step | settled | relative to range | note |',
    '|---|---|---|---|---|---|',
  );
  for (const e of report.errors)
    out.push(
      `| ${e.group} | ${e.variable} | ${si(e.perStep)} | ${e.accumulated === null ? '—' : si(e.accumulated)} | ${e.relative.toExponential(2)} | ${e.note} |`,
    );
  if (report.synapses.length) {
    out.push(
      '',
      '## Synapses',
      '',
      '| synapses | weights (8-bit integers × scale) | delays | largest weight error (of the largest weight) |',
      '|---|---|---|---|',
    );
    for (const s of report.synapses) out.push(`| ${s.id} | ${s.weights} | ${s.delays} | ${s.relError.toExponential(2)} |`);
  }
  if (report.random) {
    const [head, ...rest] = randomLines(report.random);
    out.push('', '## Random values drawn at conversion', '', head!, '');
    for (const l of rest.slice(0, -1)) out.push(`- ${l}`);
    out.push('', rest[rest.length - 1]!);
  }
  out.push('', '## Saturation', '');
  for (const s of report.saturation) out.push(`- ${s}`);
  if (report.notes.length) {
    out.push('', '## Notes', '');
    for (const n of report.notes) out.push(`- ${n}`);
  }
  return out.join('\n') + '\n';
}

/** A short text for `--explain`. */
export function reportText(fx: FxModel, code: (groupId: string) => string[]): string {
  const r = fx.report;
  const out: string[] = [];
  for (const g of fx.groups) {
    const info = r.groups.find((x) => x.id === g.id)!;
    out.push(`${info.name} (${g.n} neurons) on Loihi 2: ${info.reason}`);
    out.push('  registers (value = integer · 2^exp + offset):');
    for (const v of r.variables.filter((x) => x.group === info.name)) {
      const unit = v.unit === '1' ? '' : ` ${v.unit}`;
      const exp = Number.isInteger(v.exp) ? String(v.exp) : v.exp.toFixed(2);
      out.push(
        `    ${v.name.padEnd(14)} exp ${exp.padStart(4)}${v.offset ? `  offset ${si(v.offset)}${unit}` : ''}  LSB ${si(v.lsb)}${unit}  range ${rangeText(v.range)}${unit} (${v.bound}; ${v.usedBits}/24 bits)`,
      );
    }
    const errs = r.errors.filter((e) => e.group === info.name);
    if (errs.length) {
      out.push('  worst-case error:');
      for (const e of errs)
        out.push(
          `    ${e.variable.padEnd(14)} ${si(e.perStep)} per step${e.accumulated !== null ? `, settles below ${si(e.accumulated)}` : ''} (${e.relative.toExponential(2)} of its range); ${e.note}`,
        );
    }
    const lines = code(g.id);
    if (lines.length) {
      out.push('  integer code:');
      for (const l of lines) out.push(`    ${l}`);
    }
    out.push('');
  }
  for (const s of r.synapses) out.push(`synapses ${s.id}: ${s.weights}; delays ${s.delays}; weight error ${s.relError.toExponential(2)}`);
  if (r.random) {
    const [head, ...rest] = randomLines(r.random);
    out.push(head!);
    for (const l of rest) out.push(`  ${l}`);
  }
  const sat = r.saturation.filter((s) => !s.startsWith('Run time'));
  if (sat.length) {
    out.push('saturation at conversion:');
    for (const s of sat) out.push(`  ${s}`);
  }
  return out.join('\n');
}
