import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { plainExcerpt } from '@kindred/forum'
import { supportedLocale, translator, type Locale } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailBatchJob, type Delivery, type MailSection, type OutgoingMail } from '@kindred/mail'
import { communityDigests, digestPeriod, isEmptyDigest, type CommunityDigest, type DigestPeriod } from '../digest.ts'
import { unsubscribeToken } from '../unsubscribe.ts'
import { addressesOf } from './mail-parts.ts'
import type { NotificationMailDependencies } from './notification-mail.ts'

/** The most accounts one digest job writes to: a network's ten thousand members are a hundred jobs, run side by side. */
export const digestBatchSize = 100

const payload = Type.Object(
  {
    frequency: Type.Union([Type.Literal('daily'), Type.Literal('weekly')], { title: 'daily or weekly' }),
    /** When the period ends (the planner's run), as an ISO date and time in UTC. */
    until: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$', title: 'ISO time' }),
    accountIds: Type.Array(uuidSchema, { minItems: 1, maxItems: digestBatchSize }),
  },
  { additionalProperties: false },
)

type Payload = Static<typeof payload>

const periodOf = (job: Payload): DigestPeriod => digestPeriod(job.frequency, new Date(job.until))

/** One digest per account, frequency and day, ever: a planner run twice, or a job retried, sends it once. */
const keyOf = (period: DigestPeriod, accountId: string): string => `digest:${period.frequency}:${period.day}:${accountId}`

interface Membership {
  accountId: string
  memberId: string
  communityId: string
  name: string
  slug: string
  languages: string[]
  placement: string
  schemaName: string
}

// The live communities each account takes part in, by name.
async function membershipsOf(db: Kysely<HubDatabase>, accountIds: readonly string[]): Promise<Membership[]> {
  return db
    .selectFrom('hub.memberships as m')
    .innerJoin('hub.communities as c', 'c.id', 'm.community_id')
    .select([
      'm.account_id as accountId',
      'm.member_id as memberId',
      'c.id as communityId',
      'c.name',
      'c.slug',
      'c.languages',
      'c.placement',
      'c.schema_name as schemaName',
    ])
    .where('m.account_id', 'in', accountIds)
    .where('m.left_at', 'is', null)
    .where('c.status', '=', 'live')
    .orderBy('c.name')
    .orderBy('c.id')
    .execute()
}

// Each membership's part of its account's digest, one batch of queries per community, a few communities at once.
async function partsOf(deps: NotificationMailDependencies, period: DigestPeriod, memberships: readonly Membership[]) {
  const byCommunity = [...Map.groupBy(memberships, (one) => one.communityId).values()]
  const parts = new Map<string, CommunityDigest>()
  const run = async (communities: Membership[][]) => {
    for (let next = communities.shift(); next !== undefined; next = communities.shift()) {
      const [first] = next
      if (first === undefined) continue
      const found = await communityDigests(
        deps.placements.tenantDb(first),
        period,
        next.map((one) => one.memberId),
      )
      for (const [memberId, part] of found) parts.set(`${first.communityId}:${memberId}`, part)
    }
  }
  await Promise.all(Array.from({ length: 4 }, () => run(byCommunity)))
  return parts
}

interface Rendered {
  membership: Membership
  part: CommunityDigest
}

// One community's part: the notifications (replies by their thread, other kinds counted, to be read on the
// site), the new threads, the questions without a reply, and where to choose what comes from it.
function section(deps: NotificationMailDependencies, language: Locale, { membership, part }: Rendered): MailSection {
  const { t } = translator(language)
  const { publicUrl } = deps.config.mail
  const base = `${publicUrl}/c/${membership.slug}`
  const items: MailSection['items'][number][] = []
  let others = part.moreNotifications
  for (const told of part.notifications) {
    if (told.kind !== 'reply' || told.threadTitle === null || told.postId === null) {
      others += 1
      continue
    }
    const excerpt =
      told.excerpt === null || told.by === null
        ? []
        : [` – ${t('digestMail.wrote', { author: told.by, excerpt: plainExcerpt(told.excerpt, 200) })}`]
    items.push({ text: `${t('digestMail.reply', { thread: told.threadTitle })}${excerpt.join('')}`, url: `${base}/p/${told.postId}` })
  }
  if (others > 0) items.push({ text: t('digestMail.other', { count: others }), url: `${publicUrl}/notifications` })
  for (const thread of part.newThreads)
    items.push({ text: t('digestMail.newThread', { thread: thread.title }), url: `${base}/t/${thread.id}` })
  if (part.moreNewThreads > 0) items.push({ text: t('digestMail.moreThreads', { count: part.moreNewThreads }), url: base })
  for (const thread of part.unanswered)
    items.push({ text: t('digestMail.unanswered', { thread: thread.title }), url: `${base}/t/${thread.id}` })
  items.push({ text: t('digestMail.settings', { community: membership.name }), url: `${base}/notifications/settings` })
  return { heading: t('digestMail.community', { community: membership.name }), items }
}

function digestMail(
  deps: NotificationMailDependencies,
  period: DigestPeriod,
  to: { email: string; language: Locale },
  parts: Rendered[],
): OutgoingMail {
  const { t } = translator(to.language)
  const { publicUrl } = deps.config.mail
  const [first] = parts
  // The link names one of the account's members (a pairwise id), never the account: it stops the digest everywhere.
  const token =
    first === undefined
      ? undefined
      : unsubscribeToken(deps.unsubscribeKey, {
          communityId: first.membership.communityId,
          memberId: first.membership.memberId,
          kind: `${period.frequency}_digest`,
        })
  return {
    to: to.email,
    ...composeMail({
      language: to.language,
      subject: t(`digestMail.${period.frequency}.subject`),
      paragraphs: [t(`digestMail.${period.frequency}.intro`)],
      sections: parts.map((part) => section(deps, to.language, part)),
      action: { label: t('digestMail.action'), url: `${publicUrl}/notifications` },
      afterAction: [t('digestMail.footer')],
      ...(token === undefined ? {} : { unsubscribeUrl: `${publicUrl}/unsubscribe/${token}` }),
    }),
  }
}

async function compose(deps: NotificationMailDependencies, job: Payload, due: Delivery[]): Promise<Map<string, OutgoingMail | null>> {
  const period = periodOf(job)
  const messages = new Map<string, OutgoingMail | null>(due.map(({ key }) => [key, null]))
  const accountIds = job.accountIds.filter((accountId) => messages.has(keyOf(period, accountId)))
  const [addresses, memberships] = await Promise.all([addressesOf(deps.db, accountIds), membershipsOf(deps.db, accountIds)])
  const reachable = memberships.filter((one) => addresses.has(one.accountId))
  const parts = await partsOf(deps, period, reachable)
  for (const [accountId, theirs] of Map.groupBy(reachable, (one) => one.accountId)) {
    const address = addresses.get(accountId)
    const rendered = theirs.flatMap((membership) => {
      const part = parts.get(`${membership.communityId}:${membership.memberId}`)
      return part === undefined || isEmptyDigest(part) ? [] : [{ membership, part }]
    })
    if (address === undefined || rendered.length === 0) continue
    const language = supportedLocale(address.language) ?? supportedLocale(rendered[0]?.membership.languages[0]) ?? 'en'
    messages.set(keyOf(period, accountId), digestMail(deps, period, { email: address.email, language }, rendered))
  }
  return messages
}

/**
 * `digest__mail`: one digest per account of a batch (up to `digestBatchSize`), across every live community
 * it takes part in: per community, the unread notifications of the period of the kinds the member takes at
 * this frequency, the new threads and the questions without a reply (for a member who takes them at this
 * frequency). By default it names communities and thread titles only (an author's pseudonym and a post's
 * text only in a community where the member opted in to the text); a pseudonym is never the member's own,
 * and never crosses from one community's part to another's. An account with nothing to say is not written
 * to; the digest of an account, frequency and day goes once, however often it is planned.
 *
 * @example await digestMailJob.enqueueAll(hub, [{ frequency: 'daily', until: '2026-12-03T07:00:00.000Z', accountIds }])
 */
export const digestMailJob = defineMailBatchJob({
  name: 'digest__mail',
  payload,
  key: (job) => `${job.frequency}:${periodOf(job).day}:${job.accountIds[0] ?? ''}`,
  deliveries: (job) => {
    const period = periodOf(job)
    return job.accountIds.map((accountId) => ({ key: keyOf(period, accountId), kind: `${job.frequency}_digest`, accountId }))
  },
  compose,
})
