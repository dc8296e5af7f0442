import t from 'tap'
import { hidePost } from '@kindred/moderation'
import {
  parseReportReason,
  reportableMessage,
  reportablePost,
  reportDetailsMax,
  reportReasonProblems,
  reportReasonText,
  reportReasons,
} from '@kindred/moderation'
import { moderatedCommunity } from './fixtures.ts'

t.test('a report needs a known kind of problem; "other" needs words; details have a limit', async (t) => {
  t.same(reportReasonProblems(undefined, ''), ['reasonMissing'])
  t.same(reportReasonProblems('made_up', 'x'), ['reasonMissing'])
  t.same(reportReasonProblems('other', '  \n'), ['detailsMissing'])
  t.same(reportReasonProblems('harassment', ''), [], 'details are optional for a named kind')
  t.same(reportReasonProblems('advertising', 'x'.repeat(reportDetailsMax + 1)), ['detailsTooLong'])
  t.same(reportReasonProblems('other', 'x'.repeat(reportDetailsMax)), [])
})

t.test('a reason is stored as its kind and details, and read back the same; free text stays free text', async (t) => {
  for (const kind of reportReasons) {
    t.same(parseReportReason(reportReasonText(kind, '  Sells a cure\nfor FOP ')), { kind, details: 'Sells a cure\nfor FOP' })
    t.same(parseReportReason(reportReasonText(kind, '')), { kind, details: '' })
  }
  t.same(parseReportReason('Tells people to stop their treatment'), { kind: null, details: 'Tells people to stop their treatment' })
  t.same(parseReportReason('spam: not one of ours'), { kind: null, details: 'spam: not one of ours' })
  t.ok(reportReasonText('private_information', 'x'.repeat(reportDetailsMax)).length <= 2000, 'within the API reason limit')
})

t.test('a member sees what they report: a visible post, or a message they received, with its author', async (t) => {
  const { moderator, member, thread, tenant } = await moderatedCommunity(t)
  const ada = await member('ada')
  const bo = await member('bo')
  const { threadId, posts } = await thread(ada, 1)
  const reply = posts[1] ?? ''
  t.match(await reportablePost(bo, reply), { kind: 'post', id: reply, threadId, author: { pseudonym: 'ada here' }, bodyHtml: /Reply 1/ })
  await hidePost(moderator, reply, 'Harmful')
  await t.rejects(reportablePost(bo, reply), { code: 'KINDRED_NOT_FOUND' }, 'a hidden post is not there to report')

  const message = await tenant.query
    .insertInto('messages')
    .values({ sender_id: ada.member.memberId, recipient_id: bo.member.memberId, body_markdown: 'Hi', body_html: '<p>Hi</p>\n' })
    .returning('id')
    .executeTakeFirstOrThrow()
  t.match(await reportableMessage(bo, message.id), { kind: 'message', threadId: null, author: { memberId: ada.member.memberId } })
  await t.rejects(reportableMessage(ada, message.id), { code: 'KINDRED_NOT_FOUND' }, 'its sender does not report it')
})
