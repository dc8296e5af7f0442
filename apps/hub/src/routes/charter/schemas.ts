import { Type } from 'typebox'
import type { Charter } from '@kindred/charter'
import { strictObject } from '../typebox.ts'

export const charterSchema = strictObject({
  version: Type.Integer({ minimum: 1 }),
  text: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
})

export const charterView = (charter: Charter) => ({
  version: charter.version,
  text: charter.text,
  publishedAt: charter.publishedAt.toISOString(),
})
