// `npm run cluster:failover [-- --cluster cluster-b --rate 50]`: inserts through haproxy at a steady rate
// into a running cluster, SIGKILLs its primary's postmaster, and reports how long until writes succeed
// again and whether every acknowledged insert is still there once a synchronous standby is back.
import { parseArgs } from 'node:util'
import { failoverTrial } from './failover.ts'
import { clusters, stateDir } from './topology.ts'

const say = (line: string): void => void process.stdout.write(`${line}\n`)
const { values } = parseArgs({ options: { cluster: { type: 'string', default: 'cluster-b' }, rate: { type: 'string', default: '50' } } })
const cluster = clusters.find((candidate) => candidate.name === values.cluster)
const rate = Number(values.rate)
if (cluster === undefined || !(rate > 0 && rate <= 1000)) {
  process.stderr.write(`Usage: npm run cluster:failover -- [--cluster ${clusters.map((c) => c.name).join('|')}] [--rate 1-1000]\n`)
  process.exit(2)
}

const figures = await failoverTrial(stateDir(process.env), cluster, rate)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const failed = [...figures.failuresByCause.values()].reduce((sum, count) => sum + count, 0)
say(`SIGKILLed the postmaster of ${figures.victim}, ${cluster.name}'s primary, under ${rate} inserts/s through haproxy`)
say(`Writes succeeded again ${seconds(figures.writesBackMs)} after the kill; ${failed} inserts failed meanwhile`)
say(`Failures by cause: ${[...figures.failuresByCause].map(([cause, count]) => `${cause} ×${count}`).join(', ') || 'none'}`)
say(`Acknowledged inserts: ${figures.acknowledged}, lost: ${figures.lost}; unacknowledged but stored: ${figures.storedUnacknowledged}`)
say(`Synchronous again ${seconds(figures.synchronousBackMs)} after the kill: ${figures.layout}`)
