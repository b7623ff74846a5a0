// The progress display: a bar redrawn in place on a terminal, sparse plain lines otherwise, and an
// ETA from the mean speed so far.

import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressDisplay } from '../src/cli/progress.js';

function sink(isTTY: boolean, columns = 200) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns, write: (s: string) => chunks.push(s) } };
}

describe('progress display', () => {
  it('estimates the time left from the speed so far', () => {
    // a quarter done in 10 s: 30 s to go
    expect(ProgressDisplay.describe(250, 1000, 1e-3, 10)).toBe('250.0 ms of 1.000 s simulated, 10 s wall, ETA 30 s');
    expect(ProgressDisplay.describe(1000, 1000, 1e-3, 40)).toContain('ETA 0 s');
    expect(ProgressDisplay.describe(0, 1000, 1e-3, 0)).toContain('ETA ?');
  });

  it('formats durations readably', () => {
    expect(formatDuration(0.44)).toBe('0.4 s');
    expect(formatDuration(42.2)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(NaN)).toBe('?');
  });

  it('redraws one line on a terminal and ends it when done', () => {
    const { chunks, stream } = sink(true, 80);
    const p = new ProgressDisplay(1e-4, true, stream, true, 'model.py');
    p.update(10, 100, 1);
    p.update(50, 100, 5);
    p.done();
    expect(chunks).toHaveLength(3);
    for (const c of chunks.slice(0, 2)) {
      expect(c.startsWith('\r')).toBe(true);
      expect(c.endsWith('\x1b[K')).toBe(true);
      expect(c.includes('\n')).toBe(false);
      // never wider than the terminal (would wrap and break the redraw)
      expect(c.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').length - 1).toBeLessThan(80);
    }
    expect(chunks[1]).toContain('50%');
    expect(chunks[2]).toBe('\n');
  });

  it('prints few plain lines when not on a terminal', () => {
    const { chunks, stream } = sink(false);
    const p = new ProgressDisplay(1e-4, true, stream, false);
    for (let s = 1; s <= 40; s++) p.update(s * 25, 1000, s * 0.5);
    p.done();
    // 20 s of wall time with a line at most every 5 s, plus the final one
    expect(chunks.length).toBe(4);
    expect(chunks.every((c) => c.startsWith('progress: ') && c.endsWith('\n'))).toBe(true);
    expect(chunks.at(-1)).toContain('100%');
  });

  it('prints nothing when disabled (--quiet, --json)', () => {
    const { chunks, stream } = sink(true);
    const p = new ProgressDisplay(1e-4, false, stream, true);
    p.update(5, 10, 1);
    p.done();
    expect(chunks).toEqual([]);
  });
});
