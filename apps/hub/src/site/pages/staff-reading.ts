import type { ModeratedContent, StaffPostReading } from '@kindred/moderation'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField, errorSummary, textArea, type FormState } from '../form.ts'
import { when } from './post-parts.ts'
import { staffLayout } from './staff-layout.ts'
import { staffCommunityPath } from './staff-communities.ts'

export interface ReadingFormView {
  slug: string
  communityName: string
  postId: string
  form: FormState<'reason'>
}

const readingPath = (slug: string, postId: string) => `${staffCommunityPath(slug)}/posts/${postId}`

/** Before staff read a reported post: what will be recorded, and the reason they must give. */
export function readingFormPage(context: PageContext, view: ReadingFormView): string {
  const { t } = context
  return staffLayout({
    context,
    current: 'communities',
    heading: t('staff.communities.reading.title', { community: view.communityName }),
    before: errorSummary(context, view.form),
    main: html`
      <p><a href=${staffCommunityPath(view.slug)}>${t('staff.communities.reading.back', { community: view.communityName })}</a></p>
      <p>${t('staff.communities.reading.explain')}</p>
      <form method="post" action=${readingPath(view.slug, view.postId)} novalidate>
        ${csrfField(context)}
        ${textArea({ form: view.form, name: 'reason', label: t('staff.communities.reading.reason'), hint: t('staff.communities.reading.reasonHint'), rows: 3 })}
        <button type="submit">${t('staff.communities.reading.button')}</button>
      </form>
    `,
  })
}

function postArticle(context: PageContext, post: ModeratedContent, reported: boolean): Markup {
  const { t } = context
  const body =
    post.bodyHtml === null
      ? html`<p><em>${t('staff.communities.reading.deleted')}</em></p>`
      : html`<div class="post-body" dangerouslySetInnerHTML=${{ __html: post.bodyHtml }}></div>`
  return html`<article
    class=${reported ? 'post staff-reported' : 'post'}
    aria-label=${t('staff.communities.reading.postBy', { pseudonym: post.author.pseudonym })}
  >
    <p class="meta">
      <strong>${post.author.pseudonym}</strong> · ${when(context, post.createdAt)}
      ${post.state === 'hidden' ? html` · ${t('staff.communities.reading.hidden')}` : null}
      ${reported ? html` · <strong>${t('staff.communities.reading.reported')}</strong>` : null}
    </p>
    ${body}
  </article>`
}

/** The reported post with its thread around it, as staff read it once the reading is recorded. */
export function readingPage(context: PageContext, view: { slug: string; communityName: string; reading: StaffPostReading }): string {
  const { t } = context
  const { reading } = view
  return staffLayout({
    context,
    current: 'communities',
    heading: reading.thread.title,
    main: html`
      <p><a href=${staffCommunityPath(view.slug)}>${t('staff.communities.reading.back', { community: view.communityName })}</a></p>
      <p class="notice" role="status">${t('staff.communities.reading.recorded')}</p>
      <h2>${t('staff.communities.reading.reports')}</h2>
      <ul>
        ${reading.reports.map((report) => {
          const state = t(report.open ? 'staff.communities.reading.open' : 'staff.communities.reading.resolved')
          return html`<li>${report.reason} · ${when(context, report.createdAt)} · ${state}</li>`
        })}
      </ul>
      <h2>${t('staff.communities.reading.thread')}</h2>
      ${reading.context.map((post) => postArticle(context, post, post.id === reading.post.id))}
    `,
  })
}
