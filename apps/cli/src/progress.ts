/** How far a command working through many items (tenants, communities) has got. */
export interface Progress {
  done: number
  total: number
  failed: number
}

export interface ProgressReporter {
  update(progress: Progress): void
  finish(): void
}

const duration = (seconds: number): string =>
  seconds >= 3600
    ? `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`
    : seconds >= 60
      ? `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s`
      : `${Math.round(seconds)}s`

/**
 * One line of progress: done, total, failures, rate and time left.
 *
 * @example describeProgress({ done: 1234, total: 5000, failed: 3 }, 15, 'tenants') // '1234/5000 tenants, 3 failed, 82.3/s, ETA 46s'
 */
export function describeProgress(progress: Progress, elapsedSeconds: number, unit: string): string {
  const rate = elapsedSeconds > 0 ? progress.done / elapsedSeconds : 0
  const eta = rate > 0 ? duration((progress.total - progress.done) / rate) : '?'
  const failed = progress.failed > 0 ? `, ${progress.failed} failed` : ''
  return `${progress.done}/${progress.total} ${unit}${failed}, ${rate.toFixed(1)}/s, ETA ${eta}`
}

/**
 * A bar redrawn in place on a terminal; plain lines (every two seconds, and the last) when the stream is a
 * file or a pipe, so CI logs stay readable.
 *
 * @example const progress = progressReporter(process.stderr, 'tenants'); progress.update({ done, total, failed }); progress.finish()
 */
export function progressReporter(stream: NodeJS.WriteStream, unit: string): ProgressReporter {
  const started = performance.now()
  let lastDrawn = 0
  let drawnInPlace = false
  return {
    update(progress) {
      const now = performance.now()
      const finished = progress.done === progress.total
      if (!finished && now - lastDrawn < (stream.isTTY ? 100 : 2000)) return
      lastDrawn = now
      const text = describeProgress(progress, (now - started) / 1000, unit)
      if (!stream.isTTY) {
        stream.write(`${text}\n`)
        return
      }
      const width = 30
      const filled = progress.total === 0 ? width : Math.round((progress.done / progress.total) * width)
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K`)
      drawnInPlace = true
    },
    finish() {
      if (drawnInPlace) stream.write('\n')
    },
  }
}
