// A progress bar for long Lava runs on a terminal (simulated time, wall time, ETA); plain lines
// otherwise, at most every few seconds.

import chalk from 'chalk';

export class ProgressDisplay {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly dt: number,
    private readonly enabled: boolean,
    private readonly tty = Boolean(process.stderr.isTTY),
  ) {}

  update(step: number, total: number, wall: number): void {
    if (!this.enabled || total === 0) return;
    const frac = step / total;
    const eta = frac > 0 ? (wall / frac) * (1 - frac) : 0;
    const text = `${(step * this.dt).toFixed(3)} s of ${(total * this.dt).toFixed(3)} s simulated, ${wall.toFixed(1)} s wall, ETA ${eta.toFixed(1)} s`;
    if (this.tty) {
      const width = 28;
      const filled = Math.round(frac * width);
      process.stderr.write(`\r${chalk.cyan('█'.repeat(filled))}${'░'.repeat(width - filled)} ${(frac * 100).toFixed(0).padStart(3)}%  ${text}`);
      this.drawn = true;
    } else if (wall - this.lastPlain >= 5 || step === total) {
      this.lastPlain = wall;
      process.stderr.write(`progress: ${(frac * 100).toFixed(0)}% (${text})\n`);
    }
  }

  done(): void {
    if (this.drawn) process.stderr.write('\n');
    this.drawn = false;
  }
}
