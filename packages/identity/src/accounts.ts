import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase, NetworkRole } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts'

export interface Account {
  id: string
  email: string
  displayName: string
  roles: NetworkRole[]
  createdAt: Date
}

export const passwordLength = { min: 10, max: 256 } as const

const uniqueViolation = '23505'

/**
 * The form in which an email is stored and compared: Unicode-normalised, trimmed, lower case, so that
 * `Ada@Example.org ` and `ada@example.org` are one account.
 */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase()
}

/** Refuses a new password of the wrong length with `KINDRED_VALIDATION_FAILED`: the one rule registration and a reset share. */
export function assertPasswordLength(password: string): void {
  if (password.length < passwordLength.min || password.length > passwordLength.max) {
    throw new KindredError('KINDRED_VALIDATION_FAILED', `A password has ${passwordLength.min} to ${passwordLength.max} characters`)
  }
}

/** The longest display name an account may have. */
export const displayNameMaxLength = 80

/** What can be wrong with one field of a registration, for a form to say in the visitor's language. */
export type RegistrationProblem =
  | { field: 'displayName'; problem: 'missing' | 'tooLong' }
  | { field: 'email'; problem: 'missing' | 'malformed' }
  | { field: 'password'; problem: 'tooShort' | 'tooLong' }

// One @, something either side, a dot in the domain, no spaces: what a person can be told to fix. Whether
// the address receives mail is for a verification message to prove, not for a pattern.
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * What is wrong with an email address as a person typed it, or null: missing, or not shaped like one.
 *
 * @example emailProblem('ada') // 'malformed'
 */
export function emailProblem(email: string): 'missing' | 'malformed' | null {
  const trimmed = email.trim()
  if (trimmed === '') return 'missing'
  return !emailShape.test(trimmed) || trimmed.length > 254 ? 'malformed' : null
}

/**
 * Every problem of a registration's fields, empty when it may be made: the rules registerAccount applies,
 * for a form that shows them all at once.
 *
 * @example registrationProblems({ email: 'ada', password: 'short', displayName: ' ' }) // three problems
 */
export function registrationProblems(input: { email: string; password: string; displayName: string }): RegistrationProblem[] {
  const problems: RegistrationProblem[] = []
  const name = input.displayName.trim()
  if (name === '') problems.push({ field: 'displayName', problem: 'missing' })
  else if (name.length > displayNameMaxLength) problems.push({ field: 'displayName', problem: 'tooLong' })
  const email = emailProblem(input.email)
  if (email !== null) problems.push({ field: 'email', problem: email })
  if (input.password.length < passwordLength.min) problems.push({ field: 'password', problem: 'tooShort' })
  else if (input.password.length > passwordLength.max) problems.push({ field: 'password', problem: 'tooLong' })
  return problems
}

/**
 * Creates an account, its address not yet verified. The email is unique whatever its case: a second
 * account with the same address is refused with `KINDRED_EMAIL_TAKEN` (409). For tools and tests that
 * make accounts; people register through `requestRegistration`, whose answer does not say whether the
 * address was taken.
 */
export async function registerAccount(
  db: Kysely<HubDatabase>,
  input: { email: string; password: string; displayName: string },
): Promise<Account> {
  assertPasswordLength(input.password)
  const row = {
    id: randomUUID(),
    email: normaliseEmail(input.email),
    display_name: input.displayName.trim(),
    password_hash: await hashPassword(input.password),
  }
  try {
    const created = await db.insertInto('hub.accounts').values(row).returning(['roles', 'created_at']).executeTakeFirstOrThrow()
    return { id: row.id, email: row.email, displayName: row.display_name, roles: created.roles, createdAt: created.created_at }
  } catch (error) {
    if ((error as { code?: string }).code === uniqueViolation) {
      throw new KindredError('KINDRED_EMAIL_TAKEN', 'An account with this email already exists')
    }
    throw error
  }
}

// Hashing a throwaway password when the email is unknown makes that answer take as long as a wrong
// password would, so response times do not reveal which emails have accounts.
let decoyHash: Promise<string> | undefined
const decoy = (): Promise<string> => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')))

const invalidCredentials = (): KindredError => new KindredError('KINDRED_INVALID_CREDENTIALS', 'Email or password is incorrect')

/**
 * The account whose email and password these are; the same `KINDRED_INVALID_CREDENTIALS` (401), in
 * similar time, for an unknown email and for a wrong password; `KINDRED_ACCOUNT_BANNED` (403) for a banned
 * account with the right password. A hash made with parameters weaker than
 * today's is replaced on the way.
 */
export async function authenticate(db: Kysely<HubDatabase>, input: { email: string; password: string }): Promise<Account> {
  const row = await db
    .selectFrom('hub.accounts')
    .select(['id', 'email', 'display_name', 'roles', 'created_at', 'password_hash', 'banned_at'])
    .where('email', '=', normaliseEmail(input.email))
    // An account being erased is gone for its owner already.
    .where('erasure_requested_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) {
    await verifyPassword(await decoy(), input.password)
    throw invalidCredentials()
  }
  if (!(await verifyPassword(row.password_hash, input.password))) throw invalidCredentials()
  // Said only to whoever knows the password: to anyone else a banned account looks like any other.
  if (row.banned_at !== null) throw new KindredError('KINDRED_ACCOUNT_BANNED', 'This account is banned from the network')
  if (needsRehash(row.password_hash)) {
    await db
      .updateTable('hub.accounts')
      .set({ password_hash: await hashPassword(input.password) })
      .where('id', '=', row.id)
      .execute()
  }
  return { id: row.id, email: row.email, displayName: row.display_name, roles: row.roles, createdAt: row.created_at }
}

/** The account with this id, or `KINDRED_NOT_FOUND` (an access token may outlive an erased account). */
export async function getAccount(db: Kysely<HubDatabase>, accountId: string): Promise<Account> {
  const row = await db
    .selectFrom('hub.accounts')
    .select(['id', 'email', 'display_name', 'roles', 'created_at'])
    .where('id', '=', accountId)
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such account')
  return { id: row.id, email: row.email, displayName: row.display_name, roles: row.roles, createdAt: row.created_at }
}

/**
 * Since when the account's tokens are valid: tokens issued before it were ended by a password change, a
 * ban or an erasure. `undefined` when the account no longer exists.
 */
export async function sessionsValidAfter(db: Kysely<HubDatabase>, accountId: string): Promise<Date | undefined> {
  const row = await db.selectFrom('hub.accounts').select('sessions_valid_after').where('id', '=', accountId).executeTakeFirst()
  return row?.sessions_valid_after
}
