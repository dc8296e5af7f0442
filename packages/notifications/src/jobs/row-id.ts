import { Type } from 'typebox'

/** The id of a row numbered by PostgreSQL (a community, a post): a bigint, as a string. */
export const rowId = Type.String({ pattern: '^[1-9][0-9]{0,17}$', title: 'id', description: 'a numeric id' })
