export type {
  TenantDatabase,
  MemberRole,
  MemberApproval,
  MembersTable,
  CharterTable,
  CategoriesTable,
  ProfileVisibility,
  ThreadsTable,
  PostsTable,
  PostEditsTable,
  ReactionsTable,
  SettingsTable,
  MessagesTable,
  ReportsTable,
  ReportResolution,
  ModerationLogTable,
  ModerationAction,
  ModerationActorKind,
  OwnershipOffersTable,
  OwnershipOfferOutcome,
  NotificationCadence,
  DigestCadence,
  NotificationKind,
  JoinDecision,
  FollowLevel,
  WriteBudgetFamily,
} from './tenant-schema.ts'
export { createPlacements, UnknownPlacementError, type Placements, type PlacementsOptions, type TenantLocation } from './placements.ts'
export { bindTenant, type TenantHandle, type TenantQuery } from './tenant-handle.ts'
export { queryTemplate } from './query-template.ts'
export { isModerator, assertModerator, type CommunityMember, type CommunityActor } from './actor.ts'
export { contentState, type Author, type PostState } from './content.ts'
export { assertStanding, type MemberStanding } from './standing.ts'
export {
  announceMemberChanges,
  memberChangesChannel,
  settleReports,
  tellJoinChange,
  tellJoinDecisions,
  tellModerators,
  tellOfMessage,
  type JoinStanding,
} from './notices.ts'
export {
  assertWithinBudgets,
  budgetValues,
  budgetWaitMs,
  spendBudgets,
  spentBudgets,
  withinBudgets,
  type BudgetValues,
  type WriteBudgets,
} from './write-budgets.ts'
