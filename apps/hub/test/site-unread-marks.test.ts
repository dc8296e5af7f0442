import t from 'tap'
import { renderToString } from 'preact-render-to-string'
import { unreadPostsCap, unreadThreadsCap } from '@kindred/forum'
import { translator } from '@kindred/i18n'
import { communityUnread, threadUnread } from '../src/site/pages/read-state-parts.ts'

const english = { t: translator('en').t }
const shown = (mark: ReturnType<typeof threadUnread>) => (mark === null ? null : renderToString(mark))

t.test('a count the package stopped at its cap reads "99+", to see and to hear', async (t) => {
  t.equal(shown(threadUnread(english, 0)), null, 'nothing new, no mark')
  t.match(shown(threadUnread(english, 3)), /3 new.*3 unread posts/)
  t.match(
    shown(threadUnread(english, unreadPostsCap)),
    new RegExp(`${unreadPostsCap - 1}\\+ new.*more than ${unreadPostsCap - 1} unread posts`),
  )
  t.match(shown(communityUnread(english, 1)), /1 new.*1 thread with new posts/)
  t.match(
    shown(communityUnread(english, unreadThreadsCap)),
    new RegExp(`${unreadThreadsCap - 1}\\+ new.*more than ${unreadThreadsCap - 1} threads`),
  )
})
