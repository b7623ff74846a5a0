// bench/RESULTS-corpus.md from the store: per corpus the totals, a table of every script, and the
// refusals grouped by error code.

import { refusalCategories, totals, verifyClass } from './summary.mjs';

const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const secs = (x) => (x === null || x === undefined ? '' : `${x.toFixed(1)} s`);

function checkCell(c) {
  if (c.verdict === 'accepted') return 'accepted';
  const where = c.line ? ` ${c.file ? `${c.file}:` : 'L'}${c.line}` : '';
  return `${c.verdict} \`${c.code ?? ''}\`${where}: ${c.message ?? ''}`;
}

function compareCell(v) {
  const cls = verifyClass(v);
  switch (cls) {
    case 'unverified':
      return '';
    case 'slow':
      return `slow in Brian2 (> ${v.brian2.timeout} s), not judged`;
    case 'brian2-error':
      return `Brian2 error, not judged: ${v.brian2.reason}`;
    case 'run-error':
      return `**RUN ${v.ours.status.toUpperCase()}**: ${v.ours.reason}`;
    case 'nothing':
      return 'nothing to compare (no monitors)';
    case 'pass':
      return `PASS (${v.mode.mode})`;
    default: {
      const lines = v.compare.failing.length ? v.compare.failing : v.compare.lines.slice(-3);
      return `**${v.compare.verdict}** (${v.mode.mode}): ${lines.map((l) => `\`${l.replace(/`/g, "'")}\``).join('<br>')}`;
    }
  }
}

function corpusSection(name, entry) {
  const t = totals(entry);
  const out = [];
  out.push(`## ${name}`, '');
  out.push(`Root: \`${entry.root}\` (${t.scripts} scripts).`, '');
  out.push(
    `- **accepted ${t.accepted}/${t.scripts}** by \`check\` (refused ${t.refused}${t.unmeasured ? `, not measured yet ${t.unmeasured}` : ''}${t.crash ? `, crashed ${t.crash}` : ''}${t.timeout ? `, check timed out ${t.timeout}` : ''})`,
  );
  const verified = t.accepted - t.unverified;
  if (verified > 0) {
    out.push(
      `- **conform ${t.conform}/${t.judged}** on cpu (judged: accepted, ran in Brian2 within the limit, something to compare)` +
        `${t.judged ? ` = ${((100 * t.conform) / t.judged).toFixed(0)} %` : ''}; not conforming: ${t.fail} outside tolerance, ${t.runError} failed to run on our side`,
    );
    out.push(
      `- not judged: ${t.slow} slow in Brian2, ${t.brian2Error} fail in Brian2 itself, ${t.nothing} record nothing${t.unverified ? `, ${t.unverified} not verified yet` : ''}`,
    );
  }
  out.push('');
  out.push('| script | check | Brian2 wall | our wall | compare | mode why |', '|---|---|---:|---:|---|---|');
  for (const rel of Object.keys(entry.scripts).sort()) {
    const r = entry.scripts[rel];
    const v = r.verify;
    out.push(
      `| ${cell(rel)} | ${cell(checkCell(r.check))} | ${v ? secs(v.brian2.wall) : ''} | ${v && v.ours ? secs(v.ours.wall) : ''} | ${cell(compareCell(v))} | ${v?.mode ? cell(v.mode.why) : ''} |`,
    );
  }
  out.push('');
  const cats = refusalCategories(entry);
  if (cats.length) {
    out.push(`### Refusals of ${name} by error code`, '', '| code | scripts | what (scripts) |', '|---|---:|---|');
    for (const c of cats) {
      out.push(
        `| \`${cell(c.code)}\` | ${c.count} | ${c.whats.map((w) => `${cell(w.what)} (${w.scripts.length}: ${w.scripts.slice(0, 3).map(cell).join(', ')}${w.scripts.length > 3 ? ', …' : ''})`).join('<br>')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

export function renderReport(store, meta) {
  const out = ['# Corpus results: `check` and conformance on real scripts', ''];
  out.push(
    `Written by \`node bench/corpus/run.mjs\` (see bench/corpus/README.md). Last run: ${meta.date}, commit ${meta.commit}` +
      `${meta.only ? ` (only scripts matching \`${meta.only}\` were re-measured; the others keep their earlier records)` : ''}.` +
      (meta.verifyRun
        ? ` Verify: Brian2 ${meta.verifyRun.brian2} (numpy target), limit ${meta.verifyRun.timeout} s per Brian2 run, ${meta.verifyRun.seed === null || meta.verifyRun.seed === undefined ? 'both sides unseeded' : `both sides seeded with ${meta.verifyRun.seed} (Brian2's seed() before the script, our run --seed)`}, judge \`${meta.verifyRun.judge}\`, our side \`brian2lava run --backend cpu\`.`
        : ''),
    '',
  );
  out.push(
    "Mode: the one `brian2lava verify` chooses from the converted model (exact when it draws no random numbers or only draws it reproduces, else stats; the header's rel=), after Brian2's monitors are keyed by verify's rule; column \"mode why\".",
    '',
  );
  out.push('| corpus | scripts | accepted | conform / judged | slow in Brian2 | Brian2 fails | not verified |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, entry] of Object.entries(store.corpora)) {
    const t = totals(entry);
    out.push(`| ${name} | ${t.scripts} | ${t.accepted} | ${t.conform} / ${t.judged} | ${t.slow} | ${t.brian2Error} | ${t.unverified} |`);
  }
  out.push('');
  const commits = new Set();
  for (const entry of Object.values(store.corpora))
    for (const r of Object.values(entry.scripts)) {
      commits.add(r.check.commit);
      if (r.verify) commits.add(r.verify.commit);
    }
  if (commits.size > 1) out.push(`Records come from several commits (${[...commits].join(', ')}); each record in bench/RESULTS-corpus.json says which.`, '');
  for (const [name, entry] of Object.entries(store.corpora)) out.push(corpusSection(name, entry));
  return `${out.join('\n')}\n`;
}
