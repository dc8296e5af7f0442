import t from 'tap'
import { ConfigError, loadConfig, rateLimitVariables } from '@kindred/config'

const hour = 3_600_000

t.test('without KINDRED_LIMIT_ variables every family of limits has its default', async (t) => {
  const { limits } = loadConfig({})
  t.same(Object.keys(limits).sort(), Object.keys(rateLimitVariables).sort())
  t.same(limits.registerPerAddress, { max: 10, windowMs: hour })
  t.same(limits.loginPerAddress, { max: 30, windowMs: 15 * 60_000 })
  t.same(limits.loginFailuresPerAccountAddress, { max: 10, windowMs: 15 * 60_000 })
  t.same(limits.loginFailuresPerAccount, { max: 100, windowMs: hour })
  t.same(limits.passwordCheckPerAccount, { max: 10, windowMs: hour })
  t.same(limits.verificationMailPerAccount, { max: 5, windowMs: hour })
  t.same(limits.passwordResetPerAddress, { max: 20, windowMs: hour })
  t.same(limits.passwordResetPerEmail, { max: 5, windowMs: hour })
  t.same(limits.proposalsPerAccount, { max: 5, windowMs: 24 * hour })
})

t.test('a limit is a count per window of seconds, minutes, hours or days', async (t) => {
  const { limits } = loadConfig({
    KINDRED_LIMIT_REGISTER_PER_ADDRESS: '200/1d',
    KINDRED_LIMIT_LOGIN_PER_ADDRESS: ' 90/30s ',
    KINDRED_LIMIT_POSTS_PER_MEMBER: '1000/90m',
    KINDRED_LIMIT_REPORTS_PER_MEMBER: '5/2h',
  })
  t.same(limits.registerPerAddress, { max: 200, windowMs: 24 * hour })
  t.same(limits.loginPerAddress, { max: 90, windowMs: 30_000 })
  t.same(limits.postsPerMember, { max: 1000, windowMs: 90 * 60_000 })
  t.same(limits.reportsPerMember, { max: 5, windowMs: 2 * hour })
  t.same(limits.threadsPerMember, { max: 20, windowMs: hour }, 'the families not set keep their defaults')
})

t.test('a malformed limit stops loading with one line naming the variable and the format', async (t) => {
  for (const value of ['10', '0/1h', '10/0m', '10/h', '10/1w', 'ten/1h', '-1/1h', '10/1h,20/1d', '10 / 1h', '1.5/1h']) {
    const error = t.throws(() => loadConfig({ KINDRED_LIMIT_REGISTER_PER_ADDRESS: value }), value)
    t.ok(error instanceof ConfigError, value)
    t.equal(
      (error as Error).message,
      'Invalid configuration: KINDRED_LIMIT_REGISTER_PER_ADDRESS must be count/window such as 10/1h (a count from 1, a window in s, m, h or d): registrations from one address',
      value,
    )
  }
})
