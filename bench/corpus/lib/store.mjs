// The harness's memory: bench/RESULTS-corpus.json holds, per corpus, one record per script keyed by its
// path relative to the corpus root. A run updates the scripts it measured (all, or those --only
// selects) and drops scripts that no longer exist; the markdown report is written from this file.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export const STORE_FORMAT = 'brian2lava-corpus/1';

export function loadStore(file) {
  if (!existsSync(file)) return { format: STORE_FORMAT, corpora: {} };
  const data = JSON.parse(readFileSync(file, 'utf8'));
  if (data.format !== STORE_FORMAT) throw new Error(`${file}: not a ${STORE_FORMAT} file`);
  return data;
}

export function saveStore(file, store) {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(store, null, 1)}\n`);
  renameSync(tmp, file);
}

/**
 * The corpus entry, with records of scripts that are gone removed. A check-only run keeps an earlier
 * verify record only while the script is still accepted (its commit says when it was measured).
 */
export function corpusEntry(store, name, root, present) {
  const entry = (store.corpora[name] ??= { root, scripts: {} });
  entry.root = root;
  entry.total = present.length;
  for (const rel of Object.keys(entry.scripts)) if (!present.includes(rel)) delete entry.scripts[rel];
  return entry;
}

export function recordCheck(entry, rel, check, commit) {
  const old = entry.scripts[rel];
  const keepVerify = old?.verify && check.verdict === 'accepted' ? old.verify : undefined;
  entry.scripts[rel] = { check: { ...check, commit }, ...(keepVerify ? { verify: keepVerify } : {}) };
}

export function recordVerify(entry, rel, verify, commit) {
  entry.scripts[rel].verify = { ...verify, commit };
}
