import type { Category } from '@kindred/forum'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { field, type FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { postEditor, type EditorField } from './post-parts.ts'

export type NewThreadField = EditorField | 'category'

export interface NewThreadView {
  slug: string
  communityName: string
  categories: readonly Category[]
  form: FormState<NewThreadField>
  previewHtml: string | null
}

/** Starting a thread: where it goes, what it is about, and its first post. */
export function newThreadPage(context: PageContext, view: NewThreadView): string {
  const { t } = context
  const chosen = view.form.values.category
  const categoryError = view.form.errors.category
  const category = html`<div class=${categoryError === undefined ? 'field' : 'field field-error'}>
    <label for="category">${t('newThread.category.label')}</label>
    ${categoryError === undefined ? null : html`<span class="error-message" id="category-error">${categoryError}</span>`}
    <select id="category" name="category" aria-describedby=${categoryError === undefined ? undefined : 'category-error'}>
      ${view.categories.map((option) => html`<option value=${option.id} selected=${option.id === chosen}>${option.name}</option>`)}
    </select>
  </div>`
  return layout({
    context,
    title: `${t('newThread.title')} – ${view.communityName}`,
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('thread.back', { community: view.communityName })}</a></p>
      <h1>${t('newThread.title')}</h1>
      ${postEditor(context, {
        action: `/c/${view.slug}/new`,
        form: view.form,
        previewHtml: view.previewHtml,
        submitLabel: t('newThread.button'),
        before: html`${category}
        ${field({ form: view.form, name: 'title', label: t('newThread.threadTitle.label'), hint: t('newThread.threadTitle.hint') })}`,
      })}
    `,
  })
}
