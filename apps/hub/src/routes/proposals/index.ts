import type { IncubatorSettings } from '@kindred/incubator'
import type { TypeBoxApp } from '../typebox.ts'
import { foundingRoutes } from './founding.ts'
import { queueRoutes } from './queue.ts'
import { reviewRoutes } from './review.ts'
import { supportRoutes } from './support.ts'

export interface ProposalRoutesOptions {
  /** `config.incubator`: thresholds per prevalence class and the support window. */
  incubator: IncubatorSettings
}

/** The incubator: proposals for new communities, their support, and staff review (see @kindred/incubator). */
export default async function proposalRoutes(app: TypeBoxApp, options: ProposalRoutesOptions): Promise<void> {
  queueRoutes(app, options.incubator)
  foundingRoutes(app, options.incubator)
  supportRoutes(app, options.incubator)
  reviewRoutes(app, options.incubator)
}
