import type { Author } from '@kindred/community'
import type { AuthorMarks } from '@kindred/membership'
import type { ConversationSummary } from '@kindred/messaging'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { layout } from '../layout.ts'
import { authorLine, when } from './post-parts.ts'

export type MarkedConversation = Omit<ConversationSummary, 'counterpart'> & { counterpart: Author & AuthorMarks }

export interface ConversationsView {
  slug: string
  communityName: string
  /** The member reading: whose side of each conversation is "you". */
  memberId: string
  conversations: readonly MarkedConversation[]
  next: string | null
}

const excerptLength = 140

/** A message as one line of the list: its Markdown as written, cut short; a removed one says so. */
export function excerpt(context: PageContext, latest: ConversationSummary['latest']): Markup {
  if (latest.state === 'deleted') return html`<span class="removed">${context.t('messages.message.deleted')}</span>`
  if (latest.state === 'hidden') return html`<span class="removed">${context.t('messages.message.hidden')}</span>`
  const text = (latest.bodyMarkdown ?? '').replace(/\s+/g, ' ').trim()
  return html`${text.length > excerptLength ? `${text.slice(0, excerptLength - 1)}…` : text}`
}

function conversationItem(context: PageContext, view: ConversationsView, conversation: MarkedConversation): Markup {
  const { t } = context
  const { counterpart, latest, unreadCount } = conversation
  const fromMe = latest.senderId === view.memberId
  return html`<li class="thread">
    <h3>
      <a href=${`/c/${view.slug}/messages/${counterpart.memberId}`}>${authorLine(context, counterpart)}</a>${
        unreadCount === 0 ? null : html` <span class="badge unread">${t('messages.list.unread', { count: unreadCount })}</span>`
      }
    </h3>
    <p>
      ${fromMe ? t('messages.list.fromYou') : t('messages.list.fromThem', { pseudonym: counterpart.pseudonym })} ${excerpt(context, latest)}
    </p>
    <p class="meta">${when(context, latest.createdAt)}</p>
  </li>`
}

/** The member's conversations in one community, the most recently active first, unread ones marked. */
export function conversationsPage(context: PageContext, view: ConversationsView): string {
  const { t } = context
  const title = t('messages.list.title', { community: view.communityName })
  return layout({
    context,
    title,
    main: html`
      <p><a href=${`/c/${view.slug}`}>${t('messages.list.back', { community: view.communityName })}</a></p>
      <h1>${title}</h1>
      <p>${t('messages.list.intro')}</p>
      ${
        view.conversations.length === 0
          ? html`<p>${t('messages.list.none')}</p>`
          : html`<ul class="threads">
              ${view.conversations.map((conversation) => conversationItem(context, view, conversation))}
            </ul>`
      }
      ${
        view.next === null
          ? null
          : html`<p><a href=${`/c/${view.slug}/messages?cursor=${view.next}`} rel="next">${t('messages.list.older')}</a></p>`
      }
    `,
  })
}
