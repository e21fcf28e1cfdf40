/**
 * Progress on long work, on stderr and only when stderr is a terminal, so
 * piped output and CI logs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function progressBar(
  label: string,
  total: number,
  unit: 'bytes' | 'count' = 'count',
  enabled = true,
): Progress {
  if (!enabled || !process.stderr.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(18)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      formatValue: (v, _o, type) => {
        if (type !== 'value' && type !== 'total') return String(v);
        return unit === 'bytes' ? `${(v / 1e6).toFixed(0)} MB` : String(v);
      },
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(done, t) {
      if (t !== undefined) bar.setTotal(t);
      bar.update(done);
    },
    stop() {
      bar.stop();
    },
  };
}
