import t from 'tap'
import { redactUrl } from '@kindred/log'
import { captureLogs } from '@kindred/testkit'

t.test('query values are removed from logged URLs, parameter names are kept', async (t) => {
  t.equal(redactUrl('/v1/search?q=fibrodysplasia&cursor=abc'), '/v1/search?q=[redacted]&cursor=[redacted]')
  t.equal(redactUrl('/v1/auth/verify?token=s3cr3t'), '/v1/auth/verify?token=[redacted]')
  t.equal(redactUrl('/healthz'), '/healthz')
  t.equal(redactUrl('/x?'), '/x?')
  t.equal(redactUrl('/x?flag&&a=1'), '/x?flag=[redacted]&a=[redacted]')
})

t.test('credentials and personal data are censored at the top level and one level down', async (t) => {
  const logs = captureLogs()
  logs.logger.info(
    {
      email: 'ada@example.org',
      password: 'correct horse battery staple',
      account: { email: 'grace@example.org', refreshToken: 'rt-123', displayName: 'Grace' },
      body: { text: 'my diagnosis' },
    },
    'signed up',
  )
  const text = logs.text()
  for (const secret of ['ada@example.org', 'correct horse', 'grace@example.org', 'rt-123', 'my diagnosis']) {
    t.notMatch(text, secret, `${secret} is not logged`)
  }
  t.match(logs.lines()[0], { msg: 'signed up', account: { displayName: 'Grace', email: '[redacted]' }, password: '[redacted]' })
})

t.test('sensitive values are censored inside nested objects and arrays, and nothing else is touched', async (t) => {
  const logs = captureLogs()
  const members = [{ pseudonym: 'Ada', email: 'ada@example.org' }, { pseudonym: 'Bo' }]
  const logged = { job: { payload: { account: { password: 'pw-1' } }, members }, count: 2 }
  logs.logger.info(logged, 'erasure started')
  t.notMatch(logs.text(), 'pw-1')
  t.notMatch(logs.text(), 'ada@example.org')
  t.match(logs.lines()[0], { count: 2, job: { members: [{ pseudonym: 'Ada', email: '[redacted]' }, { pseudonym: 'Bo' }] } })
  t.equal(members[0]?.email, 'ada@example.org', 'the logged object itself is not modified')
})

t.test('a logged error keeps its message and stack', async (t) => {
  const logs = captureLogs()
  logs.logger.error({ err: new Error('disk full') }, 'write failed')
  t.match(logs.lines()[0], { err: { type: 'Error', message: 'disk full', stack: /Error: disk full/ } })
})
