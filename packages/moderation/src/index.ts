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
export { joinRequests, approveMember, declineMember } from './join-requests.ts'
export { communitySettings, changeSettings, type CommunitySettings } from './settings.ts'
export { reportStates } from './views.ts'
export { reportPost, reportMessage, openReports, listReports, dismissReport, type FiledReport } from './reports.ts'
export { moderatedPost, hidePost, restorePost } from './posts.ts'
export { moderatedMessage, hideMessage, restoreMessage } from './messages.ts'
export { lockThread, unlockThread } from './threads.ts'
export { banMember, unbanMember, appointModerator, removeModerator } from './members.ts'
export { moderationLog, moderationLogForStaff } from './log.ts'
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
