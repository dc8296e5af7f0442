export { testEnvironment, databaseUrl } from './environment.ts'
export { captureLogs, type LogCapture } from './log-capture.ts'
export { createTestDatabase, createTestRole, migrateTestDatabase, type TestDatabase, type TestRole } from './database.ts'
export { migrationFolder } from './migration-folder.ts'
export { buildTestHub, buildAnotherHub, type TestHub } from './hub.ts'
export { freePort } from './free-port.ts'
export { spawnApp, type SpawnedProcess } from './spawn-process.ts'
export { createTestTokens } from './tokens.ts'
export { forge, forgeHs256, currentPrivateKey, hubKeySigner, type HubKeySigner } from './forged-tokens.ts'
export { signUp, markEmailVerified, type SignedUp } from './accounts.ts'
export { insertProposal, proposalFields, type ProposalSeed, type SeededProposal } from './proposals.ts'
export { runDueJobs, runJobsAndDelayed, queuedJobs, hubTasks, taskDependencies, type QueuedJob } from './jobs.ts'
export { provisionTestCommunity } from './communities.ts'
export {
  communityMember,
  setMember,
  tenantOf,
  tenantDatabase,
  callAs,
  withoutLoadShedding,
  type CommunityMember,
  type HttpMethod,
} from './forum.ts'
export { tableTypeDrift, type TableTypesCheck } from './table-types.ts'
export {
  launchBrowser,
  startChromium,
  openPage,
  pageProblems,
  assertNoProblems,
  accessibilityViolations,
  describeViolations,
  assertAccessible,
  type PageOptions,
  type PageRecord,
  type OpenedPage,
} from './browser.ts'
export {
  signUpInBrowser,
  signInInBrowser,
  signUpAndJoinInBrowser,
  checkPage,
  focusedId,
  focusedText,
  tabUntil,
  tabTo,
  tabToText,
  takeRefusal,
  assertNoProblemsButRefusals,
} from './site-browser.ts'
export {
  siteVisitor,
  siteSignUp,
  csrfOf,
  locationOf,
  joinOnSite,
  siteMember,
  foundingVisitor,
  startThreadOnSite,
  siteStaff,
  type SiteVisitor,
} from './site-visitor.ts'
export {
  insertBareCommunity,
  insertDayFigures,
  insertDaysFigures,
  completeThrough,
  communityWithFigures,
  type DayFigures,
} from './statistics.ts'
export { startTestMailbox, type TestMailbox, type ReceivedMail } from './mailbox.ts'
export { routesUnder, type ListedRoute } from './routes.ts'
export { until } from './until.ts'
