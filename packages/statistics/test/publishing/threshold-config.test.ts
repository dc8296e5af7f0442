import t from 'tap'
import { ConfigError, loadConfig } from '@kindred/config'
import { defaultSuppressionThreshold } from '../../src/publishing/suppression.ts'

t.test('the suppression threshold defaults to 10 and is set by KINDRED_STATS_SUPPRESSION_THRESHOLD', async (t) => {
  t.equal(loadConfig({}).statistics.suppressionThreshold, defaultSuppressionThreshold)
  t.equal(defaultSuppressionThreshold, 10)
  t.equal(loadConfig({ KINDRED_STATS_SUPPRESSION_THRESHOLD: '5' }).statistics.suppressionThreshold, 5)
})

t.test('a threshold that would publish small counts, or is not a number, stops the process with one line', async (t) => {
  for (const value of ['0', '-3', '2.5', 'ten', '101']) {
    const error = t.throws(() => loadConfig({ KINDRED_STATS_SUPPRESSION_THRESHOLD: value }), value)
    t.ok(error instanceof ConfigError, value)
    t.match(
      (error as Error).message,
      /^Invalid configuration: KINDRED_STATS_SUPPRESSION_THRESHOLD must be the largest count public statistics suppress/,
      value,
    )
  }
})
