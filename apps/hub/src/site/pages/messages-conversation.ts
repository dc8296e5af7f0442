import type { Author } from '@kindred/community'
import type { AuthorMarks } from '@kindred/membership'
import type { MessageView } from '@kindred/messaging'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import type { FormState } from '../form.ts'
import { layout } from '../layout.ts'
import { authorLine, momentText, postEditor, when, type EditorField } from './post-parts.ts'

/** Why the member cannot write to the other one now, as the messaging package decided. */
export type CannotWrite = 'industry' | 'gone'

export interface ConversationView {
  slug: string
  communityName: string
  memberId: string
  counterpart: Author & AuthorMarks
  /** One page, newest first, as the package gives it. */
  messages: readonly MessageView[]
  /** The cursor of earlier messages, if any. */
  earlier: string | null
  /** Whether this page is of earlier messages (the form to write is on the latest page). */
  paged: boolean
  cannotWrite: CannotWrite | null
  /** What the member has just done here, said once. */
  done: 'sent' | 'deleted' | null
}

/** The sentence saying why a member cannot write to `pseudonym`. */
export function cannotWriteNotice(context: PageContext, reason: CannotWrite, pseudonym: string): Markup {
  const id = reason === 'industry' ? 'messages.cannotWrite.industry' : 'messages.cannotWrite.gone'
  return html`<p class="notice">${context.t(id, { pseudonym })}</p>`
}

/** The form that sends a message to `counterpartId`: Markdown with a preview, like a post. */
export function messageEditor(
  context: PageContext,
  view: { slug: string; counterpartId: string; form: FormState<EditorField>; previewHtml: string | null },
): Markup {
  return postEditor(context, {
    action: `/c/${view.slug}/messages/${view.counterpartId}`,
    form: view.form,
    previewHtml: view.previewHtml,
    submitLabel: context.t('messages.write.button'),
  })
}

function messageBody(context: PageContext, message: MessageView): Markup {
  if (message.state === 'deleted') return html`<p class="removed">${context.t('messages.message.deleted')}</p>`
  if (message.state === 'hidden') return html`<p class="removed">${context.t('messages.message.hidden')}</p>`
  // Rendered by the package when it was written: safe HTML only, as a post's.
  return html`<div class="post-body" dangerouslySetInnerHTML=${{ __html: message.bodyHtml ?? '' }}></div>`
}

function messageArticle(context: PageContext, view: ConversationView, message: MessageView): Markup {
  const { t } = context
  const fromMe = message.senderId === view.memberId
  // Only its recipient may report a message (the moderation package refuses anyone else).
  const reportable = !fromMe && message.state === 'visible'
  return html`<article class="post" id=${`message-${message.id}`} aria-labelledby=${`message-${message.id}-by`}>
    <header>
      <h2 class="post-by" id=${`message-${message.id}-by`}>
        ${fromMe ? html`<span class="author">${t('messages.message.you')}</span>` : authorLine(context, view.counterpart)}
      </h2>
      <p class="meta">${when(context, message.createdAt)}</p>
    </header>
    ${messageBody(context, message)}
    ${reportable ? html`<p><a href=${`/c/${view.slug}/report/message/${message.id}`}>${t('messages.message.report')}</a></p>` : null}
    ${
      fromMe && message.state === 'visible'
        ? html`<p>
            <a
              href=${`/c/${view.slug}/messages/${view.counterpart.memberId}/${message.id}/delete`}
              aria-label=${t('messages.message.deleteLabel', { date: momentText(context, message.createdAt) })}
              >${t('messages.message.delete')}</a
            >
          </p>`
        : null
    }
  </article>`
}

function writeSection(context: PageContext, view: ConversationView): Markup {
  const { t } = context
  if (view.cannotWrite !== null) return cannotWriteNotice(context, view.cannotWrite, view.counterpart.pseudonym)
  return html`<section aria-labelledby="write-title" class="reply">
    <h2 id="write-title">${t('messages.write.title', { pseudonym: view.counterpart.pseudonym })}</h2>
    ${messageEditor(context, { slug: view.slug, counterpartId: view.counterpart.memberId, form: { values: {}, errors: {} }, previewHtml: null })}
  </section>`
}

/**
 * A conversation with one member: the page's messages oldest first, so it reads down like a letter
 * exchange and ends at the form to answer; a link above them to earlier ones.
 */
export function conversationPage(context: PageContext, view: ConversationView): string {
  const { t } = context
  const base = `/c/${view.slug}/messages/${view.counterpart.memberId}`
  const title = t('messages.conversation.title', { pseudonym: view.counterpart.pseudonym })
  return layout({
    context,
    title: `${title} – ${view.communityName}`,
    main: html`
      <p><a href=${`/c/${view.slug}/messages`}>${t('messages.conversation.back')}</a></p>
      ${view.done === null ? null : html`<p class="notice" role="status">${t(view.done === 'sent' ? 'messages.conversation.sent' : 'messages.conversation.deleted')}</p>`}
      <h1>${title}</h1>
      ${view.paged ? html`<p><a href=${base}>${t('messages.conversation.latest')}</a></p>` : null}
      ${view.earlier === null ? null : html`<p><a href=${`${base}?cursor=${view.earlier}`} rel="next">${t('messages.conversation.earlier')}</a></p>`}
      ${
        view.messages.length === 0 && !view.paged
          ? html`<p>${t('messages.conversation.none', { pseudonym: view.counterpart.pseudonym })}</p>`
          : view.messages.toReversed().map((message) => messageArticle(context, view, message))
      }
      ${view.paged ? null : writeSection(context, view)}
    `,
  })
}
