// The hub's real app in a process of its own, for the scale benchmark, so that the memory measured is the
// hub's alone and not the benchmark's. Configured from its environment as `npm start` is (DATABASE_URL,
// KINDRED_MASTER_KEY, the pool settings), it listens on a free loopback port, says where over IPC, and
// answers memory questions until told to stop. Started by scale-memory.ts with --expose-gc.
import { loadConfig } from '@kindred/config'
import { createDatabase, hubMigrations } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { createLogger } from '@kindred/log'
import { createTokenService } from '@kindred/tokens'
import { hubApplicationName, type HubChildMessage, type HubParentMessage } from './scale-hub-protocol.ts'

function send(message: HubChildMessage): void {
  process.send?.(message)
}

const config = loadConfig(process.env)
const { url, masterKey } = { url: config.database.url, masterKey: config.masterKey }
if (url === undefined || masterKey === undefined) throw new Error('scale-hub needs DATABASE_URL and KINDRED_MASTER_KEY')
const logger = createLogger({ level: 'warn', format: 'json', destination: process.stderr })
// The hub's own pool with the configured size and lifetime; the hub opens its placements itself, with the
// configured pool size and recycling, as `kindred-hub:<placement>`.
const database = createDatabase({
  url,
  poolMax: config.database.poolMax,
  connectTimeoutMs: config.database.connectTimeoutMs,
  connectionMaxLifetimeSeconds: config.database.connectionMaxLifetimeSeconds,
  applicationName: hubApplicationName,
  logger,
})
const tokens = await createTokenService({ db: database.db, masterKey: Buffer.from(masterKey, 'base64') })
// Requests are logged at info level, as in production, to nowhere (as the other benchmarks do). Not
// imported from ../environment.ts, which would load the test kit into the process being measured.
const hubLogger = createLogger({ level: 'info', format: 'json', destination: { write: (): void => undefined } })
const app = await createHubServer({ config, logger: hubLogger, database, hubMigrations: await hubMigrations(), tokens })
const address = await app.listen({ host: '127.0.0.1', port: 0 })

process.on('message', (message: HubParentMessage) => {
  if (message.type === 'memory') {
    // After a full collection, the heap is what the hub keeps, not garbage waiting to be collected.
    globalThis.gc?.()
    send({ type: 'memory', memory: process.memoryUsage() })
    return
  }
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0))
})
send({ type: 'ready', url: address })
