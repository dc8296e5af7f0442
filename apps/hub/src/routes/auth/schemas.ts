import { Type } from 'typebox'
import { passwordLength, type Account } from '@kindred/identity'
import { strictObject } from '../typebox.ts'

export const email = Type.String({ format: 'email', maxLength: 254, description: 'Compared without regard to case' })
export const password = Type.String({ minLength: passwordLength.min, maxLength: passwordLength.max })
export const refreshToken = Type.String({ minLength: 1, maxLength: 200 })

export const tokenPair = strictObject(
  {
    tokenType: Type.Literal('Bearer'),
    accessToken: Type.String({ description: 'A JWT for the hub (audience kindred:hub)' }),
    expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
    refreshToken: Type.String({ description: 'Exchange it at /v1/auth/refresh; it works once' }),
  },
  { $id: 'TokenPair' },
)

export const account = strictObject(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.Union([Type.Literal('staff'), Type.Literal('industry'), Type.Literal('health_professional')])),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Account' },
)

/** The interface language the member chose (a language tag), null until they choose one. */
export const interfaceLanguage = Type.Union([Type.String(), Type.Null()], {
  description: 'The interface language the member chose, as a language tag; null until they choose one',
})

/** An account as the `Account` schema shows it (dates as ISO strings). */
export const accountView = (account: Account) => ({ ...account, createdAt: account.createdAt.toISOString() })
