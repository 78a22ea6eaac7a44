// Progress of long work: a bar on a terminal, plain lines (at most one every few seconds) when the
// output is a file or a pipe, so logs of unattended runs stay readable.
import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

export interface Progress {
  update(value: number, note?: string): void;
  done(note?: string): void;
}

const PLAIN_EVERY_MS = 5_000;

/**
 * A progress reporter for `total` units of work (bytes, months…) labelled for the operator.
 * @example const p = createProgress(io, 'Đọc ho-so.csv', size, formatBytes); p.update(read); p.done()
 */
export function createProgress(io: CliIo, label: string, total: number, format: (n: number) => string = String): Progress {
  if (io.isTty && process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% {current}/{all} {note}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { current: format(0), all: format(total), note: '' });
    return {
      update: (value, note = '') => bar.update(value, { current: format(value), all: format(total), note }),
      done: (note = '') => {
        bar.update(total, { current: format(total), all: format(total), note });
        bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(value, note) {
      const now = Date.now();
      if (now - last < PLAIN_EVERY_MS) return;
      last = now;
      const percent = total > 0 ? Math.floor((value / total) * 100) : 0;
      io.err(`${label}: ${percent}% (${format(value)}/${format(total)})${note ? ` ${note}` : ''}`);
    },
    done(note) {
      io.err(`${label}: xong (${format(total)})${note ? ` ${note}` : ''}`);
    },
  };
}

/** "12,5 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1).replace('.', ',')} ${units[unit]}`;
}
