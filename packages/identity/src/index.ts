export { hashPassword, verifyPassword, needsRehash, passwordHashing } from './passwords.ts'
export {
  registerAccount,
  registrationProblems,
  emailProblem,
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
export { requestRegistration, type RegistrationOutcome, type RegistrationRequest } from './registration.ts'
export { assertEmailVerified, confirmEmail, requestVerification, requestEmailChange, type EmailChangeRequest } from './email-addresses.ts'
export { emailVerificationMailJob } from './jobs/email-verification-mail.ts'
export { emailTakenMailJob } from './jobs/email-taken-mail.ts'
export { emailChangeNoticeMailJob } from './jobs/email-change-notice-mail.ts'
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
  retireAccountLinks,
  accountLinkLifetimeSeconds,
  type IssuedLink,
  type RedeemedLink,
} from './account-links.ts'
export { requestPasswordReset, resetPassword } from './password-reset.ts'
export { passwordResetMailJob } from './jobs/password-reset-mail.ts'
export { accountLinksPruneJob } from './jobs/account-links-prune.ts'
