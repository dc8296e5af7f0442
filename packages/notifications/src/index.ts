export {
  notificationKinds,
  notificationCadences,
  defaultCadences,
  notificationPreferences,
  setNotificationPreferences,
  membersTaking,
  digestCadences,
  defaultDigest,
  type NotificationPreferences,
} from './preferences.ts'
export { followThread, threadFollowing, followCategory, categoryFollowing, type ThreadFollowing } from './follows.ts'
export { fanOutPosts, fanOutBatch, takeNotices, type Told, type Notice } from './fan-out.ts'
export {
  listNotifications,
  unreadNotificationCount,
  markNotificationsRead,
  markThreadNotificationsRead,
  inboxLength,
  type NotificationView,
} from './inbox.ts'
export { exportMemberNotifications, eraseMemberNotifications, type MemberNotificationsExport } from './personal-data.ts'
export { notificationsFanOutJob } from './jobs/fan-out.ts'
export { notificationMailJob, type NotificationMailDependencies } from './jobs/notification-mail.ts'
export { messageMailJob, messageMailDelaySeconds } from './jobs/message-mail.ts'
export { joinDecisionMailJob } from './jobs/join-decision-mail.ts'
export { moderationMailJob, moderationMailDelaySeconds } from './jobs/moderation-mail.ts'
export {
  communityDigests,
  membersDueDigest,
  digestPeriod,
  isEmptyDigest,
  digestListLength,
  type DigestFrequency,
  type DigestPeriod,
  type CommunityDigest,
  type DigestNotification,
  type DigestThread,
} from './digest.ts'
export { digestMailJob, digestBatchSize } from './jobs/digest-mail.ts'
export { dailyDigestPlanJob, weeklyDigestPlanJob, planDigests } from './jobs/digest-plan.ts'
export {
  unsubscribeToken,
  readUnsubscribeToken,
  unsubscribe,
  unsubscribeKeyPurpose,
  type Unsubscription,
  type DigestChoice,
  type Unsubscribed,
} from './unsubscribe.ts'
