import { runCommand } from '@kindred/runtime'
import type { Command } from './command.ts'
import { migrate } from './commands/migrate.ts'
import { keysRotate } from './commands/keys-rotate.ts'
import { staffGrant } from './commands/staff-grant.ts'
import { tenantsMigrate } from './commands/tenants-migrate.ts'
import { communitiesRetry } from './commands/communities-retry.ts'
import { communitiesMove } from './commands/communities-move.ts'
import { communitiesRebalance } from './commands/communities-rebalance.ts'
import { statsBackfill } from './commands/stats-backfill.ts'
import { seed } from './commands/seed.ts'

const commands: Record<string, Command> = {
  migrate,
  'keys:rotate': keysRotate,
  'staff:grant': staffGrant,
  'tenants:migrate': tenantsMigrate,
  'communities:retry': communitiesRetry,
  'communities:move': communitiesMove,
  'communities:rebalance': communitiesRebalance,
  'stats:backfill': statsBackfill,
  seed,
}

function help(): string {
  const lines = Object.values(commands).map((command) => `  ${command.usage.padEnd(40)} ${command.summary}`)
  return `Usage: npm run kindred -- <command>\n\nCommands:\n${lines.join('\n')}\n`
}

const [name, ...args] = process.argv.slice(2)
const command = name === undefined ? undefined : commands[name]
if (command === undefined) {
  const known = name === undefined || name === 'help' || name === '--help'
  ;(known ? process.stdout : process.stderr).write(known ? help() : `Unknown command "${name}".\n\n${help()}`)
  process.exit(known ? 0 : 2)
}
await runCommand(name ?? '', (context) => command.run(context, args))
