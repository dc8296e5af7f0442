import t from 'tap'
import { ConfigError, defaultProposalThresholds, loadConfig } from '@kindred/config'
import { meetsThreshold } from '@kindred/incubator'

t.test('thresholds default per prevalence class, the rarest needing the fewest supporters', async (t) => {
  const { incubator } = loadConfig({})
  t.same(incubator.thresholds, {
    lt_1_per_1m: { supporters: 3, moderators: 1 },
    '1_9_per_1m': { supporters: 5, moderators: 1 },
    '1_9_per_100k': { supporters: 10, moderators: 2 },
    '1_5_per_10k': { supporters: 15, moderators: 2 },
    unknown: { supporters: 10, moderators: 2 },
  })
  t.equal(incubator.supportWindowDays, 90)
})

t.test('PROPOSAL_THRESHOLDS overrides the classes it names and keeps the defaults of the others', async (t) => {
  const { incubator } = loadConfig({ PROPOSAL_THRESHOLDS: 'lt_1_per_1m=2/1,unknown=20/4', PROPOSAL_SUPPORT_WINDOW_DAYS: '30' })
  t.same(incubator.thresholds.lt_1_per_1m, { supporters: 2, moderators: 1 })
  t.same(incubator.thresholds.unknown, { supporters: 20, moderators: 4 })
  t.same(incubator.thresholds['1_9_per_100k'], defaultProposalThresholds['1_9_per_100k'])
  t.equal(incubator.supportWindowDays, 30)
  t.same(defaultProposalThresholds.lt_1_per_1m, { supporters: 3, moderators: 1 }, 'the defaults themselves are not changed')
})

t.test('a threshold setting that is malformed or cannot be met stops start-up with one line naming it', async (t) => {
  for (const value of [
    'lt_1_per_1m',
    'rare=3/1',
    'lt_1_per_1m=3',
    'lt_1_per_1m=3/1;unknown=1/1',
    'lt_1_per_1m=0/0',
    'lt_1_per_1m=2/3',
    'unknown=5/1,unknown=6/1',
  ]) {
    const error = t.throws(() => loadConfig({ PROPOSAL_THRESHOLDS: value }), value)
    t.ok(error instanceof ConfigError, value)
    t.match(error, { message: /^Invalid configuration: PROPOSAL_THRESHOLDS must be comma-separated class=supporters\/moderators/ }, value)
  }
  for (const days of ['0', '366', 'soon']) {
    t.throws(
      () => loadConfig({ PROPOSAL_SUPPORT_WINDOW_DAYS: days }),
      { message: /PROPOSAL_SUPPORT_WINDOW_DAYS must be days a proposal has/ },
      days,
    )
  }
})

t.test('a threshold is met with enough supporters in all and enough moderators among them', async (t) => {
  const threshold = { supporters: 3, moderators: 1 }
  t.ok(meetsThreshold({ supporters: 3, moderators: 1 }, threshold))
  t.ok(meetsThreshold({ supporters: 3, moderators: 3 }, threshold), 'moderators count as supporters')
  t.notOk(meetsThreshold({ supporters: 3, moderators: 0 }, threshold), 'supporters without a moderator are not enough')
  t.notOk(meetsThreshold({ supporters: 2, moderators: 2 }, threshold))
})
