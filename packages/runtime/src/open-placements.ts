import { createPlacements, type Placements } from '@kindred/community'
import type { ProcessContext } from './run-process.ts'

/**
 * This process's placements (the clusters holding community schemas, `default` being the hub database at
 * `hubUrl`), closed as a shutdown step. Register it after the database it lives on, so it closes first.
 *
 * @example const placements = openPlacements(context, url, 'kindred-worker')
 */
export function openPlacements(context: ProcessContext, hubUrl: string, applicationName: string): Placements {
  const placements = createPlacements({ hubUrl, config: context.config, applicationName, logger: context.logger })
  context.onShutdown(() => placements.close())
  return placements
}
