export { seedIncubator, type IncubatorSeedResult } from './incubator-rows.ts'
export { seedNetwork, type SeedOptions, type SeedProgress, type SeedResult } from './seed-network.ts'
export {
  allCommunityPlans,
  freeCommunityPlans,
  seedDiseases,
  maxPlannedCommunities,
  type CommunityPlan,
  type Disease,
} from './community-plans.ts'
export { planRoster, type Roster, type SeedPerson } from './roster.ts'
export { unusablePasswordHash } from './hub-rows.ts'
export type { TenantCounts, ForumSize } from './tenant-rows.ts'
