// Provisioning and tenant rollout at scale, on databases of the benchmark's own. Provisioning is timed two
// ways, alternately: the job's database work alone (provisionCommunity called directly) and approval → live
// through the queue and a running worker; on a database holding 5,000 communities and on one holding 10,
// in alternating rounds. The rollout over 5,000 tenants is compared with the bare migrator applying a
// migration of the same kind to the same tenants. Connection recycling figures (catalog cache per tenant,
// cost of a new connection) back the defaults of PLACEMENT_CONNECTION_MAX_STATEMENTS and PLACEMENT_POOL_MAX.
import pg from 'pg'
import { loadConfig } from '@kindred/config'
import { migrateSchema } from '@kindred/db'
import { rolloutTenantMigrations } from '@kindred/tenancy'
import type { BenchEnvironment } from '../environment.ts'
import { writeReportSection } from '../report.ts'
import { measuredOn } from '../table.ts'
import {
  approve,
  communities,
  fillTo,
  openProposal,
  percentiles,
  releaseWith,
  startTenancyBench,
  timeJobAlone,
  type TenancyBench,
} from './tenancy-setup.ts'

const population = 5000
const maxStatements = loadConfig({}).placements.connectionMaxStatements
const samples = 20
const rounds = 4
const concurrency = 8

interface ProvisioningTimes {
  present: number
  jobAlone: number[]
  approvalToLive: number[]
}

const elapsed = (started: number): number => performance.now() - started

async function untilLive(bench: TenancyBench, proposalId: string): Promise<void> {
  for (;;) {
    const row = await bench.database.db
      .selectFrom('hub.communities')
      .select('status')
      .where('proposal_id', '=', proposalId)
      .executeTakeFirst()
    if (row?.status === 'live') return
    if (row?.status === 'provisioning_failed') throw new Error('provisioning failed during the benchmark')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

async function timeApprovalToLive(bench: TenancyBench): Promise<number> {
  const proposalId = await openProposal(bench)
  const started = performance.now()
  await approve(bench, proposalId)
  await untilLive(bench, proposalId)
  return elapsed(started)
}

async function timeProvisioning(bench: TenancyBench, count: number, times: ProvisioningTimes): Promise<void> {
  for (let sample = 0; sample < count; sample += 1) {
    // Alternating which goes first, so neither always meets the cache state the other left.
    if (sample % 2 === 0) times.jobAlone.push(await timeJobAlone(bench))
    times.approvalToLive.push(await timeApprovalToLive(bench))
    if (sample % 2 === 1) times.jobAlone.push(await timeJobAlone(bench))
  }
}

// Rounds alternate between the two databases, so that machine noise and warm-up hit both sizes alike.
async function compareSizes(small: TenancyBench, large: TenancyBench): Promise<{ few: ProvisioningTimes; many: ProvisioningTimes }> {
  const few: ProvisioningTimes = { present: await communities(small), jobAlone: [], approvalToLive: [] }
  const many: ProvisioningTimes = { present: await communities(large), jobAlone: [], approvalToLive: [] }
  for (let round = 0; round < rounds; round += 1) {
    await timeProvisioning(large, samples / rounds, many)
    await timeProvisioning(small, samples / rounds, few)
  }
  return { few, many }
}

async function compareRollout(bench: TenancyBench): Promise<{ tenants: number; bareRate: number; rolloutRate: number; failures: number }> {
  const schemas = await bench.database.db.selectFrom('hub.communities').select(['placement', 'schema_name as schemaName']).execute()
  const baselineSet = await releaseWith(1)
  let next = 0
  const startedBare = performance.now()
  const lane = async (): Promise<void> => {
    while (next < schemas.length) {
      const target = schemas[next]
      next += 1
      if (target !== undefined) await migrateSchema(bench.placements.database(target.placement), target.schemaName, baselineSet)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  const bareSeconds = elapsed(startedBare) / 1000
  const startedRollout = performance.now()
  const result = await rolloutTenantMigrations(
    { db: bench.database.db, placements: bench.placements, logger: bench.logger, tenantMigrations: await releaseWith(2) },
    { concurrency },
  )
  const rolloutSeconds = elapsed(startedRollout) / 1000
  return {
    tenants: schemas.length,
    bareRate: schemas.length / bareSeconds,
    rolloutRate: result.total / rolloutSeconds,
    failures: result.failures.length,
  }
}

// One connection's memory after querying the three tables of each of N tenants, and what a new connection costs.
async function connectionCosts(bench: TenancyBench): Promise<{ kbPer100: number; kbPer400: number; connectMs: number }> {
  const client = new pg.Client({ connectionString: bench.url })
  await client.connect()
  const memory = async (): Promise<number> =>
    Number((await client.query<{ bytes: string }>('select sum(total_bytes) as bytes from pg_backend_memory_contexts')).rows[0]?.bytes)
  const schemas = (await bench.database.db.selectFrom('hub.communities').select('schema_name').orderBy('id').limit(400).execute()).map(
    (row) => row.schema_name,
  )
  const before = await memory()
  const grown: number[] = []
  for (const [index, schema] of schemas.entries()) {
    await client.query(`select member_id from ${schema}.members where member_id = '00000000-0000-0000-0000-000000000000'`)
    await client.query(`select slug from ${schema}.categories order by position`)
    await client.query(`select version from ${schema}.charter order by version desc limit 1`)
    if (index === 99 || index === 399) grown.push((await memory()) - before)
  }
  await client.end()
  const connects: number[] = []
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const started = performance.now()
    const fresh = new pg.Client({ connectionString: bench.url })
    await fresh.connect()
    await fresh.query('select 1')
    connects.push(elapsed(started))
    await fresh.end()
  }
  return { kbPer100: (grown[0] ?? 0) / 1024, kbPer400: (grown[1] ?? 0) / 1024, connectMs: percentiles(connects).p50 }
}

const ms = (value: number): string => `${value.toFixed(1)} ms`

function provisioningRow(times: ProvisioningTimes): string {
  const job = percentiles(times.jobAlone)
  const live = percentiles(times.approvalToLive)
  return `| ${times.present} | ${ms(job.p50)} | ${ms(job.p95)} | ${ms(live.p50)} | ${ms(live.p95)} | ${(live.p50 / job.p50).toFixed(2)} |`
}

export async function tenancy(environment: BenchEnvironment): Promise<void> {
  // Two databases: one filled with thousands of communities, one with ten, measured in alternation.
  const large = await startTenancyBench(environment, concurrency)
  const small = await startTenancyBench(environment, concurrency)
  const fill = await fillTo(large, population, concurrency)
  await fillTo(small, 10, concurrency)
  const { few, many } = await compareSizes(small, large)
  process.stderr.write(
    `  provisioning: job ${ms(percentiles(few.jobAlone).p50)} with ${few.present}, ${ms(percentiles(many.jobAlone).p50)} with ${many.present}\n`,
  )
  const rollout = await compareRollout(large)
  const connections = await connectionCosts(large)
  const scaling = percentiles(many.jobAlone).p50 / percentiles(few.jobAlone).p50
  const rolloutRatio = rollout.rolloutRate / rollout.bareRate
  process.stdout.write(`Provisioning job, ${many.present} / ${few.present} communities present: ${scaling.toFixed(2)}\n`)
  process.stdout.write(
    `Rollout ${Math.round(rollout.rolloutRate)} tenants/s, bare migrator ${Math.round(rollout.bareRate)} tenants/s: ${rolloutRatio.toFixed(2)}\n`,
  )
  await writeReportSection(
    'tenancy',
    `## Tenancy: provisioning and tenant rollout with thousands of communities

On databases of the benchmark's own, one placement each (the hub's database). Provisioning an approved
proposal (founder, one volunteer moderator, one member supporter) is timed two ways, alternately: **the
job alone** is \`provisionCommunity\` called directly (the hub step, the tenant's schema with every
migration and its seed in one transaction, the switch to live); **approval → live** commits an approval
as the incubator does (status, history and \`add_job\` in one transaction) and waits, polling every 2 ms,
until a running worker (concurrency 1, pools of its own) has made the community live. ${samples} of each per
size, in ${rounds} rounds alternating between a database holding ${population} communities and one holding 10
(the count when measuring began).

| Communities present | Job alone p50 | Job alone p95 | Approval → live p50 | Approval → live p95 | Live / job |
| --- | ---: | ---: | ---: | ---: | ---: |
${provisioningRow(few)}
${provisioningRow(many)}

- **Job alone with ${many.present} / with ${few.present} communities present: ${scaling.toFixed(2)}** (median): the cost of a new community does not grow with the number of communities when this is near 1.
- Filling up to ${population} took ${fill.seconds.toFixed(0)} s for ${fill.added} communities, ${concurrency} at a time: ${(fill.added / fill.seconds).toFixed(1)} communities/s.

**Rollout** of one new tenant migration (\`alter table … add column\`) to ${rollout.tenants} tenants, ${concurrency} at a time:
the bare migrator (\`migrateSchema\` per schema, nothing else) against \`rolloutTenantMigrations\` (which
also reads the hub's versions, checks each schema exists under the migrator's lock and records the new
version in the hub), each applying one migration of the same kind.

| Runner | Tenants/s |
| --- | ---: |
| Bare migrator | ${Math.round(rollout.bareRate)} |
| Rollout | ${Math.round(rollout.rolloutRate)} |

**Ratio (rollout / bare migrator tenants/s): ${rolloutRatio.toFixed(2)}**; ${rollout.failures} tenants failed.

**Connection recycling.** One connection querying the members, charter and categories of each tenant
grew by ${Math.round(connections.kbPer100)} KB after 100 tenants and ${Math.round(connections.kbPer400)} KB after 400 (${Math.round(connections.kbPer400 / 400)} KB a tenant);
a new connection (connect and a first query) took ${ms(connections.connectMs)} (median of 30). With the defaults
(replaced after ${maxStatements} distinct statements, each of at most one tenant), a placement connection holds at most about ${Math.round(((connections.kbPer400 / 400) * maxStatements) / 1024)} MB of tenant catalogs and
reconnecting costs ${(connections.connectMs / maxStatements).toFixed(3)} ms a distinct statement.

${measuredOn()}
`,
  )
}
