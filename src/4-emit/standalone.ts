// What makes a generated project installable on its own, for every target: setup_env.py (a copy of
// python/setup_env.py: one command creates a virtual environment with the pinned packages, lava-nc and
// its Python 3.11 repair; brian2lava's managed environment uses the same file for the repair) beside
// the requirements.txt it reads. The file is read when a project is emitted, not when this module loads.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PYTHON_HELPERS } from '../paths.js';

export const SETUP_SCRIPT = 'setup_env.py';

export function setupScript(): string {
  return readFileSync(path.join(PYTHON_HELPERS, SETUP_SCRIPT), 'utf8');
}
