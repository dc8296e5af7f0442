import type { PostView, ThreadSummary } from '@kindred/forum'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'
import { postAnchor } from './post-edit.ts'

export interface PostDeleteView {
  slug: string
  communityName: string
  thread: ThreadSummary
  post: Pick<PostView, 'id' | 'threadId' | 'bodyHtml'>
}

/** Asks before a member deletes their own post: what goes, what stays, and a way out. */
export function postDeletePage(context: PageContext, view: PostDeleteView): string {
  const { t } = context
  return layout({
    context,
    title: `${t('postDelete.title')} – ${view.communityName}`,
    main: html`
      <h1>${t('postDelete.title')}</h1>
      <p>${t('postDelete.intro', { thread: view.thread.title })}</p>
      <blockquote class="post-body" dangerouslySetInnerHTML=${{ __html: view.post.bodyHtml ?? '' }}></blockquote>
      <p class="warning">${t('postDelete.warning')}</p>
      <form method="post" action=${`/c/${view.slug}/p/${view.post.id}/delete`}>
        ${csrfField(context)}
        <div class="actions">
          <button type="submit" class="danger">${t('postDelete.button')}</button>
          <a href=${postAnchor(view.slug, view.post)}>${t('postDelete.cancel')}</a>
        </div>
      </form>
    `,
  })
}
