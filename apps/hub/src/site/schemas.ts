import { Type, type TSchema } from 'typebox'
import { strictObject } from '../routes/typebox.ts'

/** A page's answer: HTML, which Fastify sends as it is (strings are never serialised). */
export const pageResponse = { content: { 'text/html': { schema: Type.String() } } }

/** Every form carries its CSRF token; fields are bounded strings whose rules the packages check. */
export const formBody = <Fields extends Record<string, TSchema>>(fields: Fields) =>
  strictObject({ _csrf: Type.String({ maxLength: 200 }), ...fields })

export const text = (maxLength: number) => Type.String({ maxLength })
