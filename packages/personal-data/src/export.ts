import { sql } from 'kysely'
import { exportMemberForum } from '@kindred/forum'
import { exportMemberNotifications } from '@kindred/notifications'
import { accountProfile, banHistory, roleHistory } from '@kindred/identity'
import { exportMemberMessages } from '@kindred/messaging'
import { exportMemberReports } from '@kindred/moderation'
import type { PersonalDataDependencies } from './dependencies.ts'
import { membershipLinks, type MembershipLink } from './memberships.ts'

/** Everything the network holds on one account, as one JSON-ready document. */
export type AccountExport = Awaited<ReturnType<typeof exportAccount>>

async function sessions(deps: PersonalDataDependencies, accountId: string) {
  return deps.hub
    .selectFrom('hub.refresh_tokens')
    .select([
      'family_id as session',
      'issued_at as issuedAt',
      'family_expires_at as expiresAt',
      'used_at as usedAt',
      'revoked_at as revokedAt',
    ])
    .where('account_id', '=', accountId)
    .orderBy('issued_at')
    .execute()
}

async function proposals(deps: PersonalDataDependencies, accountId: string) {
  const founded = await deps.hub
    .selectFrom('hub.proposals')
    .select([
      'id',
      'slug',
      'disease_name as diseaseName',
      'orpha_code as orphaCode',
      'summary',
      'languages',
      'founder_statement as founderStatement',
      'status',
      'created_at as createdAt',
    ])
    .where('founder_id', '=', accountId)
    .orderBy('created_at')
    .execute()
  const supported = await deps.hub
    .selectFrom('hub.proposal_supports as support')
    .innerJoin('hub.proposals as proposal', 'proposal.id', 'support.proposal_id')
    .select(['proposal.id', 'proposal.slug', 'support.support_as as as', 'support.created_at as createdAt'])
    .where('support.account_id', '=', accountId)
    .orderBy('support.created_at')
    .execute()
  // What the incubator told the account, listed on its notifications page (hub/0026).
  const news = await deps.hub
    .selectFrom('hub.proposal_news')
    .select(['proposal_id as proposalId', 'kind', 'created_at as createdAt', 'read_at as readAt'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
  return { founded, supported, news }
}

// Whether the account takes the incubator's mail (hub/0024).
async function incubatorMail(deps: PersonalDataDependencies, accountId: string): Promise<boolean> {
  const row = await deps.hub.selectFrom('hub.accounts').select('incubator_mail').where('id', '=', accountId).executeTakeFirst()
  return row?.incubator_mail ?? true
}

// The tenant's rows about the member (member row, threads, posts, messages sent and received, reports
// filed), whole:
// every column a later migration adds is exported with them.
async function tenantData(deps: PersonalDataDependencies, link: MembershipLink) {
  const tenant = deps.placements.tenantDb(link)
  const member = await tenant.query
    .selectFrom('members')
    .select(sql<Record<string, unknown>>`to_jsonb(members)`.as('row'))
    .where('member_id', '=', link.memberId)
    .executeTakeFirst()
  return {
    community: { slug: link.slug, name: link.name },
    joinedAt: link.joinedAt,
    leftAt: link.leftAt,
    member: member?.row ?? null,
    forum: await exportMemberForum(tenant, link.memberId),
    messages: await exportMemberMessages(tenant, link.memberId),
    reports: await exportMemberReports(tenant, link.memberId),
    notifications: await exportMemberNotifications(tenant, link.memberId),
  }
}

/**
 * The account's data from the hub (account, roles and their history, interface language, bans, disclosures,
 * sessions without their secrets, whether it takes the incubator's mail, proposals founded and supported and
 * the incubator's news to it) and from the tenant of every community it joined, left ones included (the
 * member row, the threads, posts, edit history and "me too"s of its forum, the direct messages it sent and
 * received, the reports it filed, its notification choices and notifications), gathered from each
 * community's placement.
 *
 * @example const document = await exportAccount({ hub, placements }, accountId)
 */
export async function exportAccount(deps: PersonalDataDependencies, accountId: string) {
  const profile = await accountProfile(deps.hub, accountId)
  const links = await membershipLinks(deps.hub, accountId)
  return {
    exportedAt: new Date(),
    account: profile.account,
    language: profile.language,
    disclosures: profile.disclosures,
    roleHistory: await roleHistory(deps.hub, accountId),
    banHistory: await banHistory(deps.hub, accountId),
    sessions: await sessions(deps, accountId),
    incubatorMail: await incubatorMail(deps, accountId),
    proposals: await proposals(deps, accountId),
    communities: await Promise.all(links.map((link) => tenantData(deps, link))),
  }
}
