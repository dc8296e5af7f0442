import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { announceMemberChanges } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { eraseMemberForum } from '@kindred/forum'
import { recordProposalTransition } from '@kindred/incubator'
import { eraseMemberMessages } from '@kindred/messaging'
import { eraseMemberReports, handOverOwnership } from '@kindred/moderation'
import { eraseMemberNotifications } from '@kindred/notifications'
import type { PersonalDataDependencies } from './dependencies.ts'
import { membershipLinks, type MembershipLink } from './memberships.ts'

/** What takes the place of the founder's and the member's own words once their account is erased. */
export const removalNotice = '[removed at the request of its author]'

// The member stays (threads keep their structure, moderators their log) but nothing of the person does:
// their post bodies and the reasons of their reports become the removal notice, their edit history and
// "me too"s go, the bodies of the messages they sent are cleared, and the member row gets a placeholder
// pseudonym nobody chose, no choices, marked as gone.
async function anonymiseMember(deps: PersonalDataDependencies, link: MembershipLink): Promise<void> {
  const tenant = deps.placements.tenantDb(link)
  await eraseMemberForum(tenant, link.memberId, removalNotice)
  await eraseMemberMessages(tenant, link.memberId)
  await eraseMemberReports(tenant, link.memberId, removalNotice)
  await eraseMemberNotifications(tenant, link.memberId)
  await tenant.transaction(async (trx) => {
    await trx
      .updateTable('members')
      .set({
        pseudonym: `removed-${randomBytes(6).toString('hex')}`,
        listed_in_directory: false,
        contact_researchers: false,
        contact_industry: false,
        counted_in_statistics: false,
        left_at: sql<Date>`coalesce(left_at, now())`,
      })
      .where('member_id', '=', link.memberId)
      .execute()
    await announceMemberChanges(trx, tenant.schema, [link.memberId])
  })
}

// Pending proposals are withdrawn in the founder's name; the founder's statement and reasons go, the disease
// and summary stay (they describe a community, and live communities were made from them).
async function releaseProposals(hub: Kysely<HubDatabase>, accountId: string): Promise<void> {
  const founded = await hub.selectFrom('hub.proposals').select(['id', 'status']).where('founder_id', '=', accountId).execute()
  const withdrawable: readonly string[] = ['open', 'ready', 'changes_requested']
  await hub.transaction().execute(async (trx) => {
    for (const proposal of founded) {
      if (withdrawable.includes(proposal.status)) {
        await recordProposalTransition(trx, {
          proposalId: proposal.id,
          from: proposal.status,
          to: 'withdrawn',
          actor: 'founder',
          actorId: accountId,
          reason: "The founder's account was erased",
        })
      }
    }
    await trx.updateTable('hub.proposals').set({ founder_statement: removalNotice }).where('founder_id', '=', accountId).execute()
    // The founder's own reasons in their proposals' histories (why they withdrew, say) are their words too.
    await trx
      .updateTable('hub.proposal_events')
      .set({ reason: removalNotice })
      .where('actor_id', '=', accountId)
      .where('reason', 'is not', null)
      .where('proposal_id', 'in', (eb) => eb.selectFrom('hub.proposals').select('id').where('founder_id', '=', accountId))
      .execute()
  })
}

/**
 * The erasure job: hands on the ownership of the communities the account owned (see handOverOwnership in
 * @kindred/moderation), erases the account's post bodies and anonymises its member row in every community it
 * ever joined (each on its own placement), withdraws its pending proposals, then deletes the account, which
 * removes its hub rows (sessions, disclosures, memberships, supports, invitations) and unlinks it from
 * audit trails. Every step
 * can run again, so a job interrupted anywhere finishes on retry; an account already gone is done.
 *
 * @example await eraseAccount({ hub, placements }, accountId)
 */
export async function eraseAccount(deps: PersonalDataDependencies, accountId: string): Promise<void> {
  const account = await deps.hub.selectFrom('hub.accounts').select('erasure_requested_at').where('id', '=', accountId).executeTakeFirst()
  if (account === undefined) return
  if (account.erasure_requested_at === null) throw new Error('Refusing to erase an account that did not ask for it')
  // First, while the hub still links the account to its members: no community is left without an owner.
  await handOverOwnership(deps, accountId)
  for (const link of await membershipLinks(deps.hub, accountId)) await anonymiseMember(deps, link)
  await releaseProposals(deps.hub, accountId)
  await deps.hub.deleteFrom('hub.accounts').where('id', '=', accountId).execute()
}
