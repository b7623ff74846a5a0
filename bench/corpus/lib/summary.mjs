// Totals and refusal categories of one corpus, from its records (shared by the report and the console).

/** The outcome class of one record's verify side. */
export function verifyClass(v) {
  if (!v) return 'unverified';
  if (v.brian2.status === 'slow') return 'slow';
  if (v.brian2.status === 'error') return 'brian2-error';
  if (v.ours.status !== 'ok') return 'run-error';
  return { PASS: 'pass', FAIL: 'fail', NOTHING: 'nothing', ERROR: 'judge-error' }[v.compare.verdict] ?? 'fail';
}

export function totals(entry) {
  const records = Object.values(entry.scripts);
  const t = {
    scripts: Math.max(entry.total ?? 0, records.length),
    unmeasured: Math.max(0, (entry.total ?? 0) - records.length),
    accepted: 0,
    refused: 0,
    crash: 0,
    timeout: 0,
    judged: 0,
    conform: 0,
    slow: 0,
    brian2Error: 0,
    nothing: 0,
    unverified: 0,
    runError: 0,
    fail: 0,
  };
  for (const r of records) {
    if (r.check.verdict === 'accepted') t.accepted++;
    else t[r.check.verdict === 'refused' ? 'refused' : r.check.verdict === 'timeout' ? 'timeout' : 'crash']++;
    if (r.check.verdict !== 'accepted') continue;
    const c = verifyClass(r.verify);
    if (c === 'unverified') t.unverified++;
    else if (c === 'slow') t.slow++;
    else if (c === 'brian2-error') t.brian2Error++;
    else if (c === 'nothing') t.nothing++;
    else {
      t.judged++;
      if (c === 'pass') t.conform++;
      else if (c === 'run-error') t.runError++;
      else t.fail++;
    }
  }
  return t;
}

/**
 * Refusals grouped by error code, and within a code by what was refused: the message with quoted
 * names and numbers kept for `unsupported` (the feature is the category) and blanked for the others.
 */
export function refusalCategories(entry) {
  const byCode = new Map();
  for (const [rel, r] of Object.entries(entry.scripts)) {
    if (r.check.verdict === 'accepted') continue;
    const code = r.check.verdict === 'refused' ? r.check.code : `${r.check.verdict}${r.check.code ? ` (${r.check.code})` : ''}`;
    const what = category(r.check.code, r.check.message ?? '');
    const c = byCode.get(code) ?? { code, count: 0, whats: new Map() };
    c.count++;
    const w = c.whats.get(what) ?? { what, scripts: [] };
    w.scripts.push(rel);
    c.whats.set(what, w);
    byCode.set(code, c);
  }
  return [...byCode.values()]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .map((c) => ({
      code: c.code,
      count: c.count,
      whats: [...c.whats.values()].sort((a, b) => b.scripts.length - a.scripts.length || a.what.localeCompare(b.what)),
    }));
}

export function category(code, message) {
  if (code === 'unsupported') return message.replace(/^the converter does not support /, '');
  return message
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b\d+(\.\d+)?(e-?\d+)?\b/g, 'N')
    .slice(0, 160);
}
