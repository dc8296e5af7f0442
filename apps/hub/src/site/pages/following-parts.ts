import type { FollowLevel } from '@kindred/community'
import type { MessageId } from '@kindred/i18n'
import type { ThreadFollowing } from '@kindred/notifications'
import { html, type Markup } from '../html.ts'
import type { PageContext } from '../context.ts'
import { csrfField } from '../form.ts'

/** The anchor of the watch/mute section, where a change of it comes back to. */
export const followingAnchor = 'following'

/** What a watch/mute button sends: a level, or back to following as before. */
export type FollowChoice = FollowLevel | 'normal'
export const followChoices: readonly FollowChoice[] = ['watching', 'muted', 'normal']

interface FollowingView {
  action: string
  heading: string
  /** The current state, in words. */
  state: string
  /** The choice the member is in now, whose button is left out. */
  current: FollowChoice
  buttons: Record<FollowChoice, MessageId>
}

// One form, one button per other choice (the button pressed is the only one sent): works without script.
function followingSection(context: PageContext, view: FollowingView): Markup {
  const { t } = context
  return html`<section class="following" id=${followingAnchor} aria-labelledby="following-title">
    <h2 id="following-title">${view.heading}</h2>
    <p>${view.state}</p>
    <form method="post" action=${view.action} class="following-choices">
      ${csrfField(context)}
      ${followChoices
        .filter((choice) => choice !== view.current)
        .map((choice) => html`<button type="submit" class="secondary" name="level" value=${choice}>${t(view.buttons[choice])}</button>`)}
    </form>
  </section>`
}

const threadStates: Record<ThreadFollowing, MessageId> = {
  watching: 'notifications.thread.watching',
  participating: 'notifications.thread.participating',
  muted: 'notifications.thread.muted',
  normal: 'notifications.thread.normal',
}

/** On a thread's page: how the member is told of its replies, and buttons to watch, mute or go back to normal. */
export function threadFollowingSection(context: PageContext, slug: string, threadId: string, following: ThreadFollowing): Markup {
  const { t } = context
  return followingSection(context, {
    action: `/c/${slug}/t/${threadId}/follow`,
    heading: t('notifications.thread.heading'),
    state: t(threadStates[following]),
    current: following === 'participating' ? 'normal' : following,
    buttons: { watching: 'notifications.thread.watch', muted: 'notifications.thread.mute', normal: 'notifications.following.normal' },
  })
}

/** On a category's view of the forum: how the member is told of its threads, and buttons to change it. */
export function categoryFollowingSection(
  context: PageContext,
  slug: string,
  category: { id: string; name: string },
  level: FollowLevel | null,
): Markup {
  const { t } = context
  const state: MessageId =
    level === 'watching'
      ? 'notifications.category.watching'
      : level === 'muted'
        ? 'notifications.category.muted'
        : 'notifications.category.normal'
  return followingSection(context, {
    action: `/c/${slug}/categories/${category.id}/follow`,
    heading: t('notifications.category.heading', { category: category.name }),
    state: t(state),
    current: level ?? 'normal',
    buttons: { watching: 'notifications.category.watch', muted: 'notifications.category.mute', normal: 'notifications.following.normal' },
  })
}
