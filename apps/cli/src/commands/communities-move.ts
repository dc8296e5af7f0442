import { moveCommunity, type MoveStep } from '@kindred/tenancy'
import type { Command } from '../command.ts'
import { openForCommunities } from '../connections.ts'

const usage = 'communities:move <slug> <placement>'

const stepLines: Record<MoveStep, string> = {
  copying: 'Copying the community to the new placement (members keep using it)…',
  'cutting-over': 'Copied; writes paused while the last of them reach the new copy…',
  switched: 'The community now lives on the new placement; the old copy goes in a few seconds…',
  'old-copy-dropped': 'The old copy is dropped.',
}

export const communitiesMove: Command = {
  summary: 'Move a community to another placement while its members use it (a write pause of about a second)',
  usage,
  async run(context, args) {
    const [slug, placement] = args
    if (slug === undefined || placement === undefined || args.length !== 2) {
      process.stderr.write(`Usage: npm run kindred -- ${usage}\n`)
      return 2
    }
    const { database, placements } = await openForCommunities(context, 1)
    const result = await moveCommunity({ db: database.db, placements, logger: context.logger }, slug, placement, {
      onStep: (step) => process.stderr.write(`${stepLines[step]}\n`),
    })
    process.stdout.write(
      result.outcome === 'already-there'
        ? `${slug} is already on ${placement}; nothing to move.\n`
        : `${slug} moved from ${result.from} to ${result.to}: copied in ${seconds(result.copyMs)}, writes paused ${seconds(result.writePauseMs)}.\n`,
    )
    return 0
  },
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
