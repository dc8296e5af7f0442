import { randomUUID } from 'node:crypto'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { composeMail, createMailer, deliverOnce, type Mailer, type OutgoingMail } from '@kindred/mail'
import { createTestDatabase, startTestMailbox } from '@kindred/testkit'

const mail = (to: string): OutgoingMail => ({
  to,
  ...composeMail({
    language: 'en',
    subject: 'Confirm your address',
    paragraphs: ['Welcome.'],
    action: { label: 'Confirm', url: 'http://x/v' },
  }),
})

async function setUp(t: Parameters<typeof createTestDatabase>[0], smtpUrl?: string) {
  const { database } = await createTestDatabase(t)
  const mailbox = await startTestMailbox(t)
  const mailer = createMailer(loadConfig({ SMTP_URL: smtpUrl ?? mailbox.url }).mail)
  t.teardown(() => mailer.close())
  const state = async (key: string) =>
    database.db.selectFrom('hub.mail_deliveries').select(['state', 'attempts']).where('key', '=', key).executeTakeFirst()
  return { db: database.db, mailbox, mailer, state }
}

t.test('a delivery is handed to SMTP once, however often its job runs', async (t) => {
  const { db, mailbox, mailer, state } = await setUp(t)
  const delivery = { key: 'email_verification:1', kind: 'email_verification', accountId: null }
  let composed = 0
  const compose = async () => {
    composed += 1
    return mail('ada@example.org')
  }
  t.equal(await deliverOnce({ db, mailer }, delivery, compose), 'sent')
  t.equal(await deliverOnce({ db, mailer }, delivery, compose), 'alreadyDone')
  await mailbox.waitFor(1)
  t.equal(mailbox.to('ada@example.org').length, 1)
  t.equal(composed, 1, 'a message already sent is not even composed again')
  t.match(await state(delivery.key), { state: 'sent', attempts: 1 })
})

t.test('a message with nothing left to say is dropped for good', async (t) => {
  const { db, mailbox, mailer, state } = await setUp(t)
  const delivery = { key: 'email_verification:2', kind: 'email_verification', accountId: null }
  t.equal(await deliverOnce({ db, mailer }, delivery, async () => null), 'dropped')
  t.equal(await deliverOnce({ db, mailer }, delivery, async () => mail('ada@example.org')), 'alreadyDone')
  t.same(mailbox.received, [])
  t.match(await state(delivery.key), { state: 'dropped' })
})

t.test('a failed hand-over throws and leaves the delivery to its retry, which sends it', async (t) => {
  const { db, mailbox, state } = await setUp(t)
  const unreachable: Mailer = createMailer(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }).mail)
  t.teardown(() => unreachable.close())
  const delivery = { key: 'password_reset:1', kind: 'password_reset', accountId: null }
  await t.rejects(deliverOnce({ db, mailer: unreachable }, delivery, async () => mail('bo@example.org')))
  t.match(await state(delivery.key), { state: 'claimed', attempts: 1 })
  const mailer = createMailer(loadConfig({ SMTP_URL: mailbox.url }).mail)
  t.teardown(() => mailer.close())
  t.equal(await deliverOnce({ db, mailer }, delivery, async () => mail('bo@example.org')), 'sent')
  t.match(await state(delivery.key), { state: 'sent', attempts: 2 })
  t.equal(mailbox.to('bo@example.org').length, 1)
})

t.test('every message has a text and an HTML part in its language; chosen mail can be stopped in one click', async (t) => {
  const { db, mailbox, mailer } = await setUp(t)
  const security = composeMail({
    language: 'fr',
    subject: 'Confirmez <votre> adresse',
    paragraphs: ['Bienvenue <b>Ada</b>.'],
    action: { label: 'Confirmer', url: 'http://localhost:3000/verify?token=a&b' },
  })
  const chosen = composeMail({
    language: 'es',
    subject: 'Nueva respuesta',
    paragraphs: ['Hay una respuesta.'],
    unsubscribeUrl: 'http://localhost:3000/unsubscribe/abc',
  })
  await deliverOnce({ db, mailer }, { key: 'k:1', kind: 'email_verification', accountId: null }, async () => ({
    to: 'a@example.org',
    ...security,
  }))
  await deliverOnce({ db, mailer }, { key: 'k:2', kind: 'reply', accountId: null }, async () => ({ to: 'b@example.org', ...chosen }))
  const [first, second] = await mailbox.waitFor(2)
  t.equal(first?.subject, 'Confirmez <votre> adresse')
  t.match(first?.html, /<html lang="fr">/)
  t.match(first?.html, /Bienvenue &lt;b>Ada&lt;\/b>\./, 'values are escaped in the HTML part')
  t.match(first?.html, /href="http:\/\/localhost:3000\/verify\?token=a&amp;b"/)
  t.match(first?.text, /Confirmer:\nhttp:\/\/localhost:3000\/verify\?token=a&b/, 'the text part writes the link out')
  t.equal(first?.header('content-language'), 'fr')
  t.equal(first?.header('auto-submitted'), 'auto-generated')
  t.equal(first?.header('list-unsubscribe'), undefined, 'a security message cannot be unsubscribed from')
  t.match(second?.header('list-unsubscribe'), /http:\/\/localhost:3000\/unsubscribe\/abc/)
  t.equal(second?.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
  t.match(second?.text, /Dejar de recibir estos correos:\nhttp:\/\/localhost:3000\/unsubscribe\/abc/)
})

t.test('a message to an account erased since it was queued is dropped, not retried for ever', async (t) => {
  const { db, mailbox, mailer, state } = await setUp(t)
  const delivery = { key: 'password_reset:gone', kind: 'password_reset', accountId: randomUUID() }
  t.equal(await deliverOnce({ db, mailer }, delivery, async () => null), 'dropped')
  t.match(await state(delivery.key), { state: 'dropped' })
  t.same(mailbox.received, [])
})
