import type { Account, BanRecord, MembershipSummary, roleHistory } from '@kindred/identity'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, textArea, type FormState } from '../form.ts'
import { doneNotice } from './moderate-nav.ts'
import { when } from './post-parts.ts'
import { staffLayout, staffPath } from './staff-layout.ts'
import { staffCommunityPath, statusName } from './staff-communities.ts'

/** The page of one account in the console. */
export const staffAccountPath = (accountId: string): string => `${staffPath('accounts')}/${accountId}`

export type FindField = 'email' | 'slug' | 'pseudonym' | 'reason'

/** Finding an account: by email, or by a pseudonym in a community (recorded with its reason). */
export function findAccountPage(context: PageContext, view: { form: FormState<FindField> }): string {
  const { t } = context
  const { form } = view
  return staffLayout({
    context,
    current: 'accounts',
    before: errorSummary(context, form),
    main: html`
      <section aria-labelledby="by-email">
        <h2 id="by-email">${t('staff.accounts.byEmail.title')}</h2>
        <form method="get" action=${staffPath('accounts')} novalidate>
          ${field({ form, name: 'email', label: t('staff.accounts.byEmail.email'), type: 'email', autocomplete: 'off' })}
          <button type="submit">${t('staff.accounts.byEmail.button')}</button>
        </form>
      </section>
      <section aria-labelledby="by-pseudonym">
        <h2 id="by-pseudonym">${t('staff.accounts.byPseudonym.title')}</h2>
        <p>${t('staff.accounts.byPseudonym.explain')}</p>
        <form method="post" action=${`${staffPath('accounts')}/lookup`} novalidate>
          ${csrfField(context)} ${field({ form, name: 'slug', label: t('staff.accounts.byPseudonym.slug'), autocomplete: 'off' })}
          ${field({ form, name: 'pseudonym', label: t('staff.accounts.byPseudonym.pseudonym'), autocomplete: 'off' })}
          ${textArea({ form, name: 'reason', label: t('staff.accounts.reason'), hint: t('staff.accounts.byPseudonym.reasonHint'), rows: 3 })}
          <button type="submit">${t('staff.accounts.byPseudonym.button')}</button>
        </form>
      </section>
    `,
  })
}

export type AccountField = 'role' | 'reason'

export interface AccountPageView {
  account: Account
  banned: boolean
  roleHistory: Awaited<ReturnType<typeof roleHistory>>
  banHistory: readonly BanRecord[]
  memberships: readonly MembershipSummary[]
  /** The roles staff grant and revoke (`staff` itself is an operator's). */
  verifiedRoles: readonly Role[]
  form: FormState<AccountField>
  done: string | null
}

type Role = Account['roles'][number]

const roleNames: Record<Role, MessageId> = {
  staff: 'staff.accounts.role.staff',
  industry: 'staff.accounts.role.industry',
  health_professional: 'staff.accounts.role.healthProfessional',
}

const roleName = ({ t }: PageContext, role: Role): string => t(roleNames[role])

const actor = ({ t }: PageContext, id: string | null) => (id === null ? t('staff.accounts.byOperator') : t('staff.accounts.byStaff'))

function rolesSection(context: PageContext, view: AccountPageView): Markup {
  const { t } = context
  const base = staffAccountPath(view.account.id)
  const grantable = view.verifiedRoles.filter((role) => !view.account.roles.includes(role))
  return html`<section aria-labelledby="roles-title">
    <h2 id="roles-title">${t('staff.accounts.roles.title')}</h2>
    ${
      view.account.roles.length === 0
        ? html`<p>${t('staff.accounts.roles.none')}</p>`
        : html`<ul>
            ${view.account.roles.map(
              (role) =>
                html`<li>
                  ${roleName(context, role)}
                  ${
                    view.verifiedRoles.includes(role)
                      ? html`<form method="post" action=${`${base}/roles/${role}/revoke`} class="inline">
                          ${csrfField(context)}
                          <button type="submit">${t('staff.accounts.roles.revoke', { role: roleName(context, role) })}</button>
                        </form>`
                      : null
                  }
                </li>`,
            )}
          </ul>`
    }
    ${
      grantable.length === 0
        ? null
        : html`<form method="post" action=${`${base}/roles`} novalidate>
            ${csrfField(context)}
            <div class=${view.form.errors.role === undefined ? 'field' : 'field field-error'}>
              <label for="role">${t('staff.accounts.roles.grantLabel')}</label>
              ${view.form.errors.role === undefined ? null : html`<span class="error-message" id="role-error">${view.form.errors.role}</span>`}
              <select id="role" name="role" aria-describedby=${view.form.errors.role === undefined ? undefined : 'role-error'}>
                ${grantable.map((role) => html`<option value=${role}>${roleName(context, role)}</option>`)}
              </select>
            </div>
            <button type="submit">${t('staff.accounts.roles.grant')}</button>
          </form>`
    }
    <h3>${t('staff.accounts.roles.history')}</h3>
    ${
      view.roleHistory.length === 0
        ? html`<p>${t('staff.accounts.history.none')}</p>`
        : html`<ol class="history">
            ${view.roleHistory.map((change) => {
              const what = t(change.change === 'grant' ? 'staff.accounts.roles.granted' : 'staff.accounts.roles.revoked', {
                role: roleName(context, change.role),
              })
              return html`<li>${what} · ${actor(context, change.changed_by)} · ${when(context, change.changed_at)}</li>`
            })}
          </ol>`
    }
  </section>`
}

function banSection(context: PageContext, view: AccountPageView): Markup {
  const { t } = context
  const action = `${staffAccountPath(view.account.id)}/${view.banned ? 'unban' : 'ban'}`
  return html`<section aria-labelledby="ban-title">
    <h2 id="ban-title">${t('staff.accounts.ban.title')}</h2>
    <p>${view.banned ? t('staff.accounts.ban.banned') : t('staff.accounts.ban.notBanned')}</p>
    <form method="post" action=${action} novalidate>
      ${csrfField(context)}
      ${textArea({ form: view.form, name: 'reason', label: t('staff.accounts.reason'), hint: t('staff.accounts.ban.reasonHint'), rows: 3 })}
      <button type="submit">${view.banned ? t('staff.accounts.ban.unban') : t('staff.accounts.ban.ban')}</button>
    </form>
    <h3>${t('staff.accounts.ban.history')}</h3>
    ${
      view.banHistory.length === 0
        ? html`<p>${t('staff.accounts.history.none')}</p>`
        : html`<ol class="history">
            ${view.banHistory.map((record) => {
              const what = t(record.action === 'ban' ? 'staff.accounts.ban.wasBanned' : 'staff.accounts.ban.wasUnbanned')
              return html`<li>
                ${what} · ${actor(context, record.actedBy)} · ${when(context, record.actedAt)}
                <p>${t('moderate.log.reason')} ${record.reason}</p>
              </li>`
            })}
          </ol>`
    }
  </section>`
}

function membershipsSection(context: PageContext, view: AccountPageView): Markup {
  const { t } = context
  return html`<section aria-labelledby="memberships-title">
    <h2 id="memberships-title">${t('staff.accounts.memberships.title')}</h2>
    <p>${t('staff.accounts.memberships.explain')}</p>
    ${
      view.memberships.length === 0
        ? html`<p>${t('staff.accounts.memberships.none')}</p>`
        : html`<ul>
            ${view.memberships.map(({ community, joinedAt }) => {
              const link = html`<a href=${staffCommunityPath(community.slug)}>${community.name}</a>`
              const status = statusName(context, community.status)
              return html`<li>${link} · ${status} · ${t('staff.accounts.memberships.since')} ${when(context, new Date(joinedAt))}</li>`
            })}
          </ul>`
    }
  </section>`
}

/** One account: its roles and bans with their history, and the communities it belongs to (never its pseudonyms). */
export function accountPage(context: PageContext, view: AccountPageView): string {
  const { t } = context
  const { account } = view
  return staffLayout({
    context,
    current: 'accounts',
    heading: account.displayName,
    before: html`${errorSummary(context, view.form)} ${doneNotice(view.done)}`,
    main: html`
      <p><a href=${staffPath('accounts')}>${t('staff.accounts.back')}</a></p>
      <dl class="staff-facts">
        <dt>${t('staff.accounts.email')}</dt>
        <dd>${account.email}</dd>
        <dt>${t('staff.accounts.created')}</dt>
        <dd>${when(context, account.createdAt)}</dd>
      </dl>
      ${rolesSection(context, view)} ${banSection(context, view)} ${membershipsSection(context, view)}
    `,
  })
}
