// The local multi-node topology under failure (issue 18). Not part of `npm test`: its name keeps tap from
// finding it. Run it alone, as root on Debian with the topology's ports free (it starts its own cluster in
// a temporary folder and deletes it at the end): `node test/cluster/failover.cluster.ts`.
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { failoverTrial } from '../../scripts/cluster/failover.ts'
import { clusters, repositoryRoot } from '../../scripts/cluster/topology.ts'

const run = promisify(execFile)
// Run alone, the file has tap's 30 s default, less than a cluster takes to start.
t.setTimeout(600_000)
const script = (name: string): string => path.join(repositoryRoot, 'scripts', 'cluster', name)

t.test('a primary killed under write load fails over within 15 s and loses no acknowledged write', { timeout: 600_000 }, async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'kindred-cluster-'))
  const env = { ...process.env, KINDRED_CLUSTER_DIR: dir }
  t.teardown(() => run(process.execPath, [script('down.ts'), '--wipe'], { env }))
  const up = await run(process.execPath, [script('up.ts')], { env, timeout: 300_000 })
  t.comment(up.stdout.split('\n').find((line) => line.includes(' is up in ')) ?? '')

  const figures = await failoverTrial(dir, clusters[1], 50)
  t.comment(`writes back after ${figures.writesBackMs.toFixed(0)} ms; ${figures.acknowledged} acknowledged inserts`)
  t.equal(figures.lost, 0, 'every acknowledged insert is there afterwards')
  t.ok(figures.writesBackMs < 15_000, 'writes succeed again within 15 s')
  t.match(figures.layout, /leader/, 'the cluster has a leader again')
})
