export { hashPassword, verifyPassword, needsRehash, passwordHashing } from './passwords.ts'
export {
  registerAccount,
  registrationProblems,
  displayNameMaxLength,
  authenticate,
  getAccount,
  sessionsValidAfter,
  normaliseEmail,
  passwordLength,
  type Account,
  type RegistrationProblem,
} from './accounts.ts'
export { changePassword } from './password-change.ts'
export {
  startSession,
  rotateSession,
  endSession,
  endAllSessions,
  revokeAllSessions,
  revokeAccessToken,
  switchedSessionId,
  sessionLifetimeSeconds,
  type SessionGrant,
} from './sessions.ts'
export { createSessionValidity, type SessionValidity } from './session-validity.ts'
export { startWebSession, findWebSession, endWebSession, pruneWebSessions, type WebSession, type WebSessionGrant } from './web-sessions.ts'
export { createWebSessionCache, type WebSessionCache } from './web-session-cache.ts'
export { webSessionsPruneJob } from './jobs/web-sessions-prune.ts'
export { grantRole, revokeRole, accountIdByEmail, roleHistory, verifiedRoles, type RoleChange } from './roles.ts'
export { banAccount, unbanAccount, banHistory, type BanChange, type BanRecord, type BanJobs } from './bans.ts'
export { listDisclosures, replaceDisclosures, disclosureNatures, maxDisclosures, type Disclosure } from './disclosures.ts'
export { accountProfile, setAccountLanguage, type AccountProfile, type MembershipSummary } from './profile.ts'
export { createProfileCache, type ProfileCache } from './profile-cache.ts'
export {
  issueAccountLink,
  checkAccountLink,
  redeemAccountLink,
  pruneAccountLinks,
  accountLinkLifetimeSeconds,
  type IssuedLink,
  type RedeemedLink,
} from './account-links.ts'
