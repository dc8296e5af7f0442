export {
  notificationKinds,
  notificationCadences,
  defaultCadences,
  notificationPreferences,
  setNotificationPreferences,
  membersTaking,
  type NotificationPreferences,
} from './preferences.ts'
export { followThread, threadFollowing, followCategory, categoryFollowing, type ThreadFollowing } from './follows.ts'
export { fanOutPosts, fanOutBatch, type Told } from './fan-out.ts'
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
export {
  unsubscribeToken,
  readUnsubscribeToken,
  unsubscribe,
  unsubscribeKeyPurpose,
  type Unsubscription,
  type Unsubscribed,
} from './unsubscribe.ts'
