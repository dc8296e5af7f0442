import type { ThreadSummary } from '@kindred/forum'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import type { FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { postEditor, type EditorField } from './post-parts.ts'

export interface ReplyView {
  slug: string
  communityName: string
  thread: ThreadSummary
  form: FormState<EditorField>
  previewHtml: string | null
}

/** A reply being written, on a page of its own: after a preview, or with what needs fixing before it is posted. */
export function replyPage(context: PageContext, view: ReplyView): string {
  const { t } = context
  return layout({
    context,
    title: `${t('reply.title', { thread: view.thread.title })} – ${view.communityName}`,
    main: html`
      <p><a href=${`/c/${view.slug}/t/${view.thread.id}`}>${t('reply.back', { thread: view.thread.title })}</a></p>
      <h1>${t('reply.title', { thread: view.thread.title })}</h1>
      ${postEditor(context, {
        action: `/c/${view.slug}/t/${view.thread.id}`,
        form: view.form,
        previewHtml: view.previewHtml,
        submitLabel: t('thread.reply.button'),
      })}
    `,
  })
}
