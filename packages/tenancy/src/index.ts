export { choosePlacement } from './placement-choice.ts'
export type { TenancyDependencies } from './provisioning/dependencies.ts'
export { provisionCommunity, type ProvisioningResult } from './provisioning/provision-community.ts'
export { markProvisioningFailed, describeFailure } from './provisioning/failure.ts'
export { defaultCategories } from './provisioning/default-categories.ts'
export { neutralPseudonym } from './provisioning/pseudonyms.ts'
export { searchConfigsFor, fallbackSearchConfig } from './provisioning/search-configs.ts'
export { listDirectory, communityCard, type DirectoryQuery } from './registry/directory.ts'
export {
  listCommunitiesForStaff,
  getCommunityForStaff,
  archiveCommunity,
  restoreCommunity,
  retryProvisioning,
  type StaffQuery,
  type StaffAction,
} from './registry/staff.ts'
export type { DirectoryEntry, CommunityCard, StaffCommunityView } from './registry/views.ts'
export { rolloutTenantMigrations, type RolloutOptions, type RolloutProgress, type RolloutResult, type RolloutFailure } from './rollout.ts'
export { copyCharterInto, distributeCharter } from './charter-copies.ts'
export { communityProvisionJob } from './jobs/community-provision.ts'
export { charterDistributeJob } from './jobs/charter-distribute.ts'
export { moveCommunity, type MoveOptions, type MoveResult, type MoveStep } from './moving/move-community.ts'
export { requestMove, type MoveRequest } from './moving/request-move.ts'
export { communityMoveJob } from './jobs/community-move.ts'
export { planMoves, proposeMoves, type PlacementSizes, type RebalanceOptions, type RebalancePlan } from './moving/rebalance.ts'
