/**
 * A one-line progress bar for long analyses, drawn on a terminal only: when the
 * stream is not a TTY (piped, redirected, CI) nothing is written, so output stays
 * quiet and machine-readable. Redrawn at most ten times a second and erased when done.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const quiet: Progress = { update: () => undefined, finish: () => undefined };

export function progressBar(
  label: string,
  options: { enabled?: boolean; stream?: NodeJS.WriteStream } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false || !stream.isTTY) return quiet;
  const start = Date.now();
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number): void => {
    const columns = Math.max(40, Math.min(100, stream.columns ?? 80));
    const share = total > 0 ? done / total : 1;
    const elapsed = (Date.now() - start) / 1000;
    const eta =
      share > 0 && share < 1 ? ` ~${Math.ceil((elapsed / share) * (1 - share))} s left` : "";
    const text = ` ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total} ${label}${eta}`;
    const width = Math.max(10, columns - text.length - 3);
    const filled = Math.round(share * width);
    stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}]${text}\u001b[K`);
    drawn = true;
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}
