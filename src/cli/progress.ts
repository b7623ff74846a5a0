// Progress of a long Lava run, fed by the `BRIAN2LAVA-PROGRESS step total wall` lines the generated
// project prints on stderr (at most twice a second). On a terminal: one bar redrawn in place with
// simulated time, wall time and ETA; otherwise (CI logs, pipes) plain lines, at most one every `plainEvery`
// seconds and one at the end, so logs stay short.

import chalk from 'chalk';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** 0.4 s, 12 s, 3 min 05 s, 1 h 02 min: short and readable. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Simulated time with a unit that suits it. */
function formatSim(seconds: number): string {
  return seconds < 1 ? `${(seconds * 1000).toFixed(1)} ms` : `${seconds.toFixed(3)} s`;
}

export class ProgressDisplay {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly dt: number,
    private readonly enabled: boolean,
    private readonly stream: ProgressStream = process.stderr,
    private readonly tty = Boolean(stream.isTTY),
    private readonly label = '',
    private readonly plainEvery = 5,
  ) {}

  /** The text after the bar: simulated time, wall time and the estimated time left. */
  static describe(step: number, total: number, dt: number, wall: number): string {
    const frac = total > 0 ? step / total : 0;
    // ETA from the mean speed so far; unknown until a step has been timed.
    const eta = frac > 0 && wall > 0 ? (wall / frac) * (1 - frac) : NaN;
    return `${formatSim(step * dt)} of ${formatSim(total * dt)} simulated, ${formatDuration(wall)} wall, ETA ${step >= total ? '0 s' : formatDuration(eta)}`;
  }

  update(step: number, total: number, wall: number): void {
    if (!this.enabled || total === 0) return;
    const frac = Math.min(1, step / total);
    const text = ProgressDisplay.describe(step, total, this.dt, wall);
    const prefix = this.label ? `${this.label} ` : '';
    if (this.tty) {
      const width = 24;
      const filled = Math.round(frac * width);
      let line = `${prefix}${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(frac * 100).toFixed(0).padStart(3)}%  ${text}`;
      const columns = this.stream.columns ?? 0;
      if (columns > 10 && line.length > columns - 1) line = line.slice(0, columns - 1);
      // \r back to the start, \x1b[K clears what a longer previous line left behind
      this.stream.write(`\r${chalk.cyan(line)}\x1b[K`);
      this.drawn = true;
    } else if (wall - this.lastPlain >= this.plainEvery || step >= total) {
      this.lastPlain = wall;
      this.stream.write(`${prefix}progress: ${(frac * 100).toFixed(0)}% (${text})\n`);
    }
  }

  /** End the bar's line (before any other output, and after Ctrl-C). */
  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
