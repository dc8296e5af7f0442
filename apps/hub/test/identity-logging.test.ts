import t from 'tap'
import { buildTestHub, provisionTestCommunity, runDueJobs, hubTasks, startTestMailbox } from '@kindred/testkit'

t.test('no log line of the identity flows holds a password, a token, an email or a pseudonym', async (t) => {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, { env: { SMTP_URL: mailbox.url } })
  await provisionTestCommunity(hub, 'fop')
  const credentials = { email: 'Wilhelmina.Quill@example.org', password: 'quill-and-parchment-42' }
  const newEmail = 'wilhelmina-quill@example.org'
  const secrets: string[] = [credentials.email, credentials.email.toLowerCase(), credentials.password, 'Ink Pot Ninja', newEmail]
  // The token of the newest verification link mailed to `address`, once the queued mail has gone.
  const mailedToken = async (address: string): Promise<string> => {
    await runDueJobs(hub.database.pool, hubTasks(hub))
    const token = mailbox
      .to(address)
      .map((mail) => /\/verify-email\/([A-Za-z0-9_-]+)$/m.exec(mail.text)?.[1])
      .findLast((found) => found !== undefined)
    if (token === undefined) throw new Error(`no link was mailed to ${address}`)
    secrets.push(token)
    return token
  }
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, token?: string) => {
    const reply = await hub.app.inject({ method, url, payload, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })
    if (reply.statusCode >= 400) throw new Error(`${method} ${url}: ${reply.body}`)
    return reply.json<Record<string, unknown>>()
  }

  await call('POST', '/v1/auth/register', { ...credentials, displayName: 'Wilhelmina' })
  await call('POST', '/v1/auth/register', { ...credentials, displayName: 'Someone else' })
  const verify = async (token: string) =>
    t.equal((await hub.app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token } })).statusCode, 204)
  await verify(await mailedToken(credentials.email.toLowerCase()))
  const session = (await call('POST', '/v1/auth/login', credentials)) as { accessToken: string; refreshToken: string }
  const login = (await call('POST', '/v1/auth/login', credentials)) as { accessToken: string; refreshToken: string }
  const refreshed = (await call('POST', '/v1/auth/refresh', { refreshToken: login.refreshToken })) as {
    accessToken: string
    refreshToken: string
  }
  await call('POST', '/v1/communities/fop/join', { pseudonym: 'Ink Pot Ninja', acceptCharterVersion: 1 }, refreshed.accessToken)
  const switched = (await call('POST', '/v1/auth/switch', { community: 'fop' }, refreshed.accessToken)) as { accessToken: string }
  await call('PATCH', '/v1/communities/fop/membership/privacy', { listedInDirectory: false }, refreshed.accessToken)
  await call('PUT', '/v1/me/disclosures', { disclosures: [{ organisation: 'Acme Pharma', nature: 'consulting' }] }, refreshed.accessToken)
  await call('GET', '/v1/me/export', undefined, refreshed.accessToken)
  await call('PUT', '/v1/me/email', { email: newEmail, password: credentials.password }, refreshed.accessToken)
  await verify(await mailedToken(newEmail))
  await call('DELETE', '/v1/me', { password: credentials.password }, refreshed.accessToken)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  secrets.push(
    session.accessToken,
    session.refreshToken,
    login.accessToken,
    login.refreshToken,
    refreshed.accessToken,
    refreshed.refreshToken,
    switched.accessToken,
  )

  const text = hub.logs.text()
  t.ok(hub.logs.lines().length > 10, 'the flows were logged')
  for (const secret of secrets) {
    // A JWT's signature alone would be enough to replay it: look for each part of every token.
    for (const part of secret.split('.')) t.notOk(text.includes(part), `${part.slice(0, 12)}… is not logged`)
  }
})
