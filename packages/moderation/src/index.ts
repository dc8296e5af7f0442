export type {
  MemberRef,
  JoinRequest,
  MemberStanding,
  ModeratedContent,
  ModeratedThread,
  ReportReceipt,
  OpenReport,
  ListedReport,
  ReportState,
  ResolvedReport,
  LogEntry,
  OwnershipOffer,
  OwnershipOfferState,
} from './views.ts'
export { joinRequests, joinRequest, approveMember, declineMember } from './join-requests.ts'
export { communitySettings, changeSettings, type CommunitySettings } from './settings.ts'
export { reportStates } from './views.ts'
export {
  reportPost,
  reportMessage,
  reportablePost,
  reportableMessage,
  openReports,
  listReports,
  dismissReport,
  type FiledReport,
  type ReportableContent,
} from './reports.ts'
export {
  reportReasons,
  reportDetailsMax,
  reportReasonProblems,
  reportReasonText,
  parseReportReason,
  type ReportReason,
  type ReportReasonProblem,
} from './report-reasons.ts'
export { moderatedPost, hidePost, restorePost } from './posts.ts'
export { moderatedMessage, hideMessage, restoreMessage } from './messages.ts'
export { lockThread, unlockThread } from './threads.ts'
export { banMember, unbanMember, appointModerator, removeModerator, assertOwner } from './members.ts'
export { moderatedMembers, moderatedMember, type ListedMember, type MemberListQuery } from './member-list.ts'
export { moderationOverview, type ModerationOverview } from './overview.ts'
export { moderationLog, moderationLogForStaff } from './log.ts'
export { moderationAcrossCommunities, type NetworkLogEntry } from './staff-log.ts'
export {
  openOwnershipOffer,
  ownershipOffer,
  offerOwnership,
  withdrawOwnershipOffer,
  declineOwnershipOffer,
  acceptOwnershipOffer,
} from './ownership.ts'
export { appointOwnerByStaff, handOverOwnership, type OwnershipDependencies } from './succession.ts'
export { ownershipHandOverJob } from './jobs/ownership-hand-over.ts'
export { exportMemberReports, eraseMemberReports } from './personal-data.ts'
export {
  readReportedPost,
  reportedPostsForStaff,
  staffReadingReason,
  staffReadingReasonMax,
  type ReportedPostSummary,
  type StaffPostReading,
  type StaffReadingDependencies,
} from './staff-reading.ts'
