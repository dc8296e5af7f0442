import { stdSerializers } from 'pino'

type SerializedError = ReturnType<typeof stdSerializers.err>

// PostgreSQL's errors quote what they were given (`invalid input syntax for type uuid: "…"`) and their
// `detail` repeats the row (`Key (email)=(…) already exists`). What a person typed has no place in a log
// line: an error with a database error in its chain keeps its SQLSTATE and where it arose (table,
// constraint, routine), and loses the values it quotes and the fields that repeat them.
const fieldsRepeatingInput = ['detail', 'hint', 'where', 'internalQuery', 'position', 'internalPosition'] as const

function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const { code, severity } = error as unknown as Record<string, unknown>
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string'
}

function chainHasDatabaseError(error: unknown, depth = 0): boolean {
  if (depth > 10 || !(error instanceof Error)) return false
  return isDatabaseError(error) || chainHasDatabaseError(error.cause, depth + 1)
}

const withoutQuotedValues = (text: string): string => text.replace(/"[^"\n]*"|'[^'\n]*'/g, '"…"').replace(/\(.*?\)=\(.*?\)/g, '(…)=(…)')

/**
 * pino's error serializer, except that an error whose cause chain holds a database error loses the values
 * the database quoted.
 *
 * @example createLogger(…) // serializers: { err: serializeError }
 */
export function serializeError(error: Error): SerializedError {
  const serialized = stdSerializers.err(error)
  if (!chainHasDatabaseError(error)) return serialized
  serialized.message = withoutQuotedValues(serialized.message)
  serialized.stack = withoutQuotedValues(serialized.stack)
  for (const field of fieldsRepeatingInput) Reflect.deleteProperty(serialized, field)
  return serialized
}
