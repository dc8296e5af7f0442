import type { MessageView } from '@kindred/messaging'
import { html } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'
import { layout } from '../layout.ts'

export interface MessageDeleteView {
  slug: string
  communityName: string
  /** Who the message was sent to: the conversation it belongs to. */
  counterpart: { memberId: string; pseudonym: string }
  message: Pick<MessageView, 'id' | 'bodyHtml'>
}

/** Asks before a member deletes a message they sent: what goes, for both of them, what stays, and a way out. */
export function messageDeletePage(context: PageContext, view: MessageDeleteView): string {
  const { t } = context
  const conversation = `/c/${view.slug}/messages/${view.counterpart.memberId}`
  return layout({
    context,
    title: `${t('messages.delete.title')} – ${view.communityName}`,
    main: html`
      <h1>${t('messages.delete.title')}</h1>
      <p>${t('messages.delete.intro', { pseudonym: view.counterpart.pseudonym })}</p>
      <blockquote class="post-body" dangerouslySetInnerHTML=${{ __html: view.message.bodyHtml ?? '' }}></blockquote>
      <p class="warning">${t('messages.delete.warning', { pseudonym: view.counterpart.pseudonym })}</p>
      <form method="post" action=${`${conversation}/${view.message.id}/delete`}>
        ${csrfField(context)}
        <div class="actions">
          <button type="submit" class="danger">${t('messages.delete.button')}</button>
          <a href=${`${conversation}#message-${view.message.id}`}>${t('messages.delete.cancel')}</a>
        </div>
      </form>
    `,
  })
}
