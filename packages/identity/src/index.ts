export { hashPassword, verifyPassword, needsRehash, passwordHashing } from './passwords.ts'
export { registerAccount, authenticate, normaliseEmail, passwordLength, type Account } from './accounts.ts'
export { startSession, rotateSession, endSession, endAllSessions, sessionLifetimeSeconds, type SessionGrant } from './sessions.ts'
