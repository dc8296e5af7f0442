import type { CommunityStatus } from '@kindred/db'
import type { LogEntry, NetworkLogEntry, ReportedPostSummary } from '@kindred/moderation'
import type { StaffCommunityView } from '@kindred/tenancy'
import type { MessageId } from '@kindred/i18n'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, field, textArea, type FormState } from '../form.ts'
import { actorName, actionText } from './moderate-log.ts'
import { doneNotice } from './moderate-nav.ts'
import { when } from './post-parts.ts'
import { staffLayout, staffPath } from './staff-layout.ts'

export const communityStatuses = ['provisioning', 'live', 'provisioning_failed', 'archived'] as const satisfies readonly CommunityStatus[]

const statusNames: Record<CommunityStatus, MessageId> = {
  provisioning: 'staff.communities.status.provisioning',
  live: 'staff.communities.status.live',
  provisioning_failed: 'staff.communities.status.provisioningFailed',
  archived: 'staff.communities.status.archived',
}

/** A community's status in plain words. */
export const statusName = ({ t }: PageContext, status: CommunityStatus): string => t(statusNames[status])

/** The page of one community in the console. */
export const staffCommunityPath = (slug: string): string => `${staffPath('communities')}/${slug}`

export interface CommunityListView {
  form: FormState<'q' | 'status'>
  communities: readonly StaffCommunityView[]
  /** The next page's address, or null on the last one. */
  next: string | null
}

function filterForm(context: PageContext, form: CommunityListView['form']): Markup {
  const { t } = context
  const chosen = form.values.status ?? ''
  return html`<form method="get" action=${staffPath('communities')} role="search" class="staff-filter">
    ${field({ form, name: 'q', label: t('staff.communities.search.label'), hint: t('staff.communities.search.hint'), type: 'search' })}
    <div class="field">
      <label for="status">${t('staff.communities.search.status')}</label>
      <select id="status" name="status">
        <option value="" selected=${chosen === ''}>${t('staff.communities.search.anyStatus')}</option>
        ${communityStatuses.map((status) => html`<option value=${status} selected=${chosen === status}>${statusName(context, status)}</option>`)}
      </select>
    </div>
    <button type="submit">${t('staff.communities.search.button')}</button>
  </form>`
}

/** Every community, newest first, to search by name or slug and filter by status. */
export function communityListPage(context: PageContext, view: CommunityListView): string {
  const { t } = context
  const rows = view.communities.map(
    (community) =>
      html`<tr>
        <th scope="row"><a href=${staffCommunityPath(community.slug)}>${community.name}</a></th>
        <td>${community.slug}</td>
        <td>${statusName(context, community.status)}</td>
        <td>${community.needsOwnerSince === null ? t('staff.communities.owner.has') : t('staff.communities.owner.needed')}</td>
        <td>${when(context, community.createdAt)}</td>
      </tr>`,
  )
  return staffLayout({
    context,
    current: 'communities',
    before: errorSummary(context, view.form),
    main: html`
      <p><a href=${networkLogPath}>${t('staff.communities.networkLog.link')}</a></p>
      ${filterForm(context, view.form)}
      ${
        view.communities.length === 0
          ? html`<p>${t('staff.communities.none')}</p>`
          : html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="communities-caption">
              <table>
                <caption id="communities-caption">
                  ${t('staff.communities.caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('staff.communities.name')}</th>
                    <th scope="col">${t('staff.communities.slug')}</th>
                    <th scope="col">${t('staff.communities.status')}</th>
                    <th scope="col">${t('staff.communities.owner')}</th>
                    <th scope="col">${t('staff.communities.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>`
      }
      ${view.next === null ? null : html`<p><a href=${view.next} rel="next">${t('staff.communities.more')}</a></p>`}
    `,
  })
}

/** The latest moderation across every community. */
export const networkLogPath = '/staff/moderation-log'

/** The latest moderation across every community, newest first, each entry with its community. */
export function networkLogPage(context: PageContext, view: { entries: readonly NetworkLogEntry[]; next: string | null }): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'communities',
    heading: t('staff.communities.networkLog.title'),
    main: html`
      <p><a href=${staffPath('communities')}>${t('staff.communities.back')}</a></p>
      ${
        view.entries.length === 0
          ? html`<p>${t('staff.communities.log.none')}</p>`
          : html`<ol class="history">
              ${view.entries.map((entry) => {
                const community = html`<a href=${staffCommunityPath(entry.community.slug)}>${entry.community.name}</a>`
                return html`<li>
                  <p>${community}: <strong>${actorName(context, entry)}</strong> ${actionText(context, entry)}</p>
                  ${entry.reason === null ? null : html`<p>${t('moderate.log.reason')} ${entry.reason}</p>`}
                  <p class="meta">${when(context, entry.createdAt)}</p>
                </li>`
              })}
            </ol>`
      }
      ${view.next === null ? null : html`<p><a href=${`${networkLogPath}?cursor=${encodeURIComponent(view.next)}`} rel="next">${t('moderate.log.older')}</a></p>`}
    `,
  })
}

export type CommunityField = 'reason' | 'pseudonym' | 'ownerReason'

export interface CommunityPageView {
  community: StaffCommunityView
  /** The archive or restore form, and the owner's appointment, as sent when one was refused. */
  statusForm: FormState<'reason'>
  ownerForm: FormState<'pseudonym' | 'ownerReason'>
  /** Null while the community has no tenant to read (provisioning, or its provisioning failed). */
  reported: readonly ReportedPostSummary[] | null
  log: { items: readonly LogEntry[]; next: string | null } | null
  done: string | null
}

function statusForm(context: PageContext, view: CommunityPageView): Markup | null {
  const { t } = context
  const { community } = view
  if (community.status !== 'live' && community.status !== 'archived') return null
  const archiving = community.status === 'live'
  const action = `${staffCommunityPath(community.slug)}/${archiving ? 'archive' : 'restore'}`
  return html`<section aria-labelledby="status-title">
    <h2 id="status-title">${archiving ? t('staff.communities.archive.title') : t('staff.communities.restore.title')}</h2>
    <p>${archiving ? t('staff.communities.archive.explain') : t('staff.communities.restore.explain')}</p>
    <form method="post" action=${action} novalidate>
      ${csrfField(context)}
      ${textArea({ form: view.statusForm, name: 'reason', label: t('staff.communities.reason'), hint: t('staff.communities.reasonHint'), rows: 3 })}
      <button type="submit">${archiving ? t('staff.communities.archive.button') : t('staff.communities.restore.button')}</button>
    </form>
  </section>`
}

function ownerForm(context: PageContext, view: CommunityPageView): Markup | null {
  const { t } = context
  const { community } = view
  if (community.status !== 'live' && community.status !== 'archived') return null
  return html`<section aria-labelledby="owner-title">
    <h2 id="owner-title">${t('staff.communities.appoint.title')}</h2>
    <p>${t('staff.communities.appoint.explain')}</p>
    <form method="post" action=${`${staffCommunityPath(community.slug)}/owner`} novalidate>
      ${csrfField(context)}
      ${field({ form: view.ownerForm, name: 'pseudonym', label: t('staff.communities.appoint.pseudonym'), autocomplete: 'off' })}
      ${textArea({ form: view.ownerForm, name: 'ownerReason', label: t('staff.communities.reason'), hint: t('staff.communities.reasonHint'), rows: 3 })}
      <button type="submit">${t('staff.communities.appoint.button')}</button>
    </form>
  </section>`
}

function reportedSection(context: PageContext, view: CommunityPageView): Markup | null {
  const { t } = context
  if (view.reported === null) return null
  const base = staffCommunityPath(view.community.slug)
  return html`<section aria-labelledby="reported-title">
    <h2 id="reported-title">${t('staff.communities.reported.title')}</h2>
    <p>${t('staff.communities.reported.explain')}</p>
    ${
      view.reported.length === 0
        ? html`<p>${t('staff.communities.reported.none')}</p>`
        : html`<ul>
            ${view.reported.map((post) => {
              const link = html`<a href=${`${base}/posts/${post.postId}`}
                >${t('staff.communities.reported.post', { title: post.threadTitle, id: post.postId })}</a
              >`
              const counts = t('staff.communities.reported.counts', { open: post.openReports, all: post.reports })
              return html`<li>${link} — ${counts} · ${when(context, post.lastReportedAt)}</li>`
            })}
          </ul>`
    }
  </section>`
}

function logSection(context: PageContext, view: CommunityPageView): Markup | null {
  const { t } = context
  if (view.log === null) return null
  const base = staffCommunityPath(view.community.slug)
  return html`<section aria-labelledby="log-title">
    <h2 id="log-title">${t('staff.communities.log.title')}</h2>
    ${
      view.log.items.length === 0
        ? html`<p>${t('staff.communities.log.none')}</p>`
        : html`<ol class="history">
            ${view.log.items.map(
              (entry) =>
                html`<li>
                  <p><strong>${actorName(context, entry)}</strong> ${actionText(context, entry)}</p>
                  ${entry.reason === null ? null : html`<p>${t('moderate.log.reason')} ${entry.reason}</p>`}
                  <p class="meta">${when(context, entry.createdAt)}</p>
                </li>`,
            )}
          </ol>`
    }
    ${view.log.next === null ? null : html`<p><a href=${`${base}?cursor=${view.log.next}#log-title`} rel="next">${t('moderate.log.older')}</a></p>`}
  </section>`
}

/** One community: its status and owner, archiving or restoring it, appointing an owner, its reported posts and its log. */
export function communityPage(context: PageContext, view: CommunityPageView): string {
  const { t } = context
  const { community } = view
  const errors = { errors: { ...view.statusForm.errors, ...view.ownerForm.errors }, values: {} }
  return staffLayout({
    context,
    current: 'communities',
    heading: community.name,
    before: html`${errorSummary(context, errors)} ${doneNotice(view.done)}`,
    main: html`
      <p><a href=${staffPath('communities')}>${t('staff.communities.back')}</a></p>
      <dl class="staff-facts">
        <dt>${t('staff.communities.slug')}</dt>
        <dd>${community.slug}</dd>
        <dt>${t('staff.communities.status')}</dt>
        <dd>${statusName(context, community.status)}</dd>
        <dt>${t('staff.communities.owner')}</dt>
        <dd>
          ${
            community.needsOwnerSince === null
              ? t('staff.communities.owner.has')
              : html`${t('staff.communities.owner.neededSince')} ${when(context, community.needsOwnerSince)}`
          }
        </dd>
        <dt>${t('staff.communities.created')}</dt>
        <dd>${when(context, community.createdAt)}</dd>
      </dl>
      ${statusForm(context, view)} ${ownerForm(context, view)} ${reportedSection(context, view)} ${logSection(context, view)}
    `,
  })
}
