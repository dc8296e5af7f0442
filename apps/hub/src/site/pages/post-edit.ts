import type { PostView, ThreadSummary } from '@kindred/forum'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import type { FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { momentText, postEditor, type EditorField } from './post-parts.ts'

/** The way back to a post: its own address, which leads to the page of its thread that holds it. */
export const postAnchor = (slug: string, post: Pick<PostView, 'id'>): string => `/c/${slug}/p/${post.id}`

/**
 * "Edit" and "Delete" under the reader's own visible post. Each link's name says which post (its date), as a
 * page has many; it starts with the visible word, so speech control finds it by what it shows.
 */
export function ownPostLinks(context: PageContext, slug: string, post: Pick<PostView, 'id' | 'createdAt'>): Markup {
  const { t } = context
  const date = momentText(context, post.createdAt)
  return html`<ul class="post-links">
    <li><a href=${`/c/${slug}/p/${post.id}/edit`} aria-label=${t('postEdit.linkLabel', { date })}>${t('postEdit.link')}</a></li>
    <li><a href=${`/c/${slug}/p/${post.id}/delete`} aria-label=${t('postDelete.linkLabel', { date })}>${t('postDelete.link')}</a></li>
  </ul>`
}

export interface PostEditView {
  slug: string
  communityName: string
  thread: ThreadSummary
  post: Pick<PostView, 'id' | 'threadId'>
  form: FormState<EditorField>
  previewHtml: string | null
}

/** A member's own post in an editor: its Markdown to change, a preview, save. */
export function postEditPage(context: PageContext, view: PostEditView): string {
  const { t } = context
  return layout({
    context,
    title: `${t('postEdit.title')} – ${view.communityName}`,
    main: html`
      <p><a href=${postAnchor(view.slug, view.post)}>${t('postEdit.back', { thread: view.thread.title })}</a></p>
      <h1>${t('postEdit.title')}</h1>
      <p>${t('postEdit.intro', { thread: view.thread.title })}</p>
      ${postEditor(context, {
        action: `/c/${view.slug}/p/${view.post.id}/edit`,
        form: view.form,
        previewHtml: view.previewHtml,
        submitLabel: t('postEdit.button'),
      })}
    `,
  })
}
