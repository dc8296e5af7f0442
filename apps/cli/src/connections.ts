import { openDatabase, type OpenedDatabase, type ProcessContext } from '@kindred/runtime'
import { createPlacements, type Placements } from '@kindred/community'

/**
 * The hub database, migrated, and the placements, with connections enough for a command working on
 * `concurrency` communities at once; the placements close when the process shuts down.
 */
export async function openForCommunities(
  context: ProcessContext,
  concurrency: number,
): Promise<{ database: OpenedDatabase['database']; placements: Placements }> {
  const { database, url } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: concurrency + 1, migrate: true })
  const poolMax = Math.max(context.config.placements.poolMax, concurrency)
  const config = { ...context.config, placements: { ...context.config.placements, poolMax } }
  const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-cli', logger: context.logger })
  context.onShutdown(() => placements.close())
  return { database, placements }
}
