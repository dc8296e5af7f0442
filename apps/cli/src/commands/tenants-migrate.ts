import { openDatabase } from '@kindred/runtime'
import { createPlacements, rolloutTenantMigrations, type RolloutProgress, type RolloutResult } from '@kindred/tenancy'
import type { Command } from '../command.ts'

const usage = 'tenants:migrate [--concurrency N]'
const defaultConcurrency = 4

function parseConcurrency(args: string[]): number | undefined {
  if (args.length === 0) return defaultConcurrency
  const [flag, value] = args.length === 1 ? (args[0] ?? '').split('=') : args
  if (flag !== '--concurrency' || value === undefined || args.length > 2 || !/^[1-9][0-9]?$/.test(value)) return undefined
  return Number(value)
}

const duration = (seconds: number): string =>
  seconds >= 3600 ? `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m` : seconds >= 60 ? `${Math.floor(seconds / 60)}m${Math.round(seconds % 60)}s` : `${Math.round(seconds)}s`

/** "1,234/5,000 tenants, 3 failed, 82.1/s, ETA 46s" */
export function describeProgress(progress: RolloutProgress, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? progress.done / elapsedSeconds : 0
  const eta = rate > 0 ? duration((progress.total - progress.done) / rate) : '?'
  const failed = progress.failed > 0 ? `, ${progress.failed} failed` : ''
  return `${progress.done}/${progress.total} tenants${failed}, ${rate.toFixed(1)}/s, ETA ${eta}`
}

// A bar redrawn in place on a terminal; plain lines (every two seconds, and the last) when stderr is a
// file or a pipe, so CI logs stay readable.
function progressReporter(stream: NodeJS.WriteStream): { update(progress: RolloutProgress): void; finish(): void } {
  const started = performance.now()
  let lastDrawn = 0
  let drawnInPlace = false
  return {
    update(progress) {
      const now = performance.now()
      const finished = progress.done === progress.total
      if (!finished && now - lastDrawn < (stream.isTTY ? 100 : 2000)) return
      lastDrawn = now
      const text = describeProgress(progress, (now - started) / 1000)
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

function report(result: RolloutResult): number {
  const waiting = result.notBuilt > 0 ? `, ${result.notBuilt} still being provisioned` : ''
  process.stdout.write(`Tenants: ${result.migrated} migrated, ${result.upToDate} already current${waiting}, ${result.failures.length} failed.\n`)
  if (result.failures.length === 0) return 0
  process.stderr.write(`These tenants failed to migrate:\n`)
  for (const failure of result.failures) process.stderr.write(`  ${failure.slug} (${failure.placement}/${failure.schema}): ${failure.error}\n`)
  return 1
}

export const tenantsMigrate: Command = {
  summary: 'Bring every community schema to the latest tenant migration (exit 1 if any failed)',
  usage,
  async run(context, args) {
    const concurrency = parseConcurrency(args)
    if (concurrency === undefined) {
      process.stderr.write(`Usage: npm run kindred -- ${usage} (N from 1 to 99)\n`)
      return 2
    }
    const { database, url } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: 2, migrate: true })
    // Enough connections per placement for the concurrency asked for.
    const config = { ...context.config, placements: { ...context.config.placements, poolMax: Math.max(context.config.placements.poolMax, concurrency) } }
    const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-cli', logger: context.logger })
    context.onShutdown(() => placements.close())
    const progress = progressReporter(process.stderr)
    const result = await rolloutTenantMigrations(
      { db: database.db, placements, logger: context.logger },
      { concurrency, onProgress: (step) => progress.update(step) },
    )
    progress.finish()
    return report(result)
  },
}
