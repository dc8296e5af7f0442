import t from 'tap'
import { errorCodes, isKindredError, KindredError } from '@kindred/errors'

t.test('an error takes its HTTP status from the registry of its code', async (t) => {
  const error = new KindredError('KINDRED_NOT_FOUND', 'No community named "fop"')
  t.equal(error.statusCode, 404)
  t.equal(error.code, 'KINDRED_NOT_FOUND')
  t.equal(error.message, 'No community named "fop"')
  t.ok(isKindredError(error))
  t.notOk(isKindredError(new Error('plain')))
})

t.test('a retry hint and a cause travel with the error', async (t) => {
  const cause = new Error('connection refused')
  const error = new KindredError('KINDRED_DATABASE_UNAVAILABLE', 'try later', { retryAfterSeconds: 5, cause })
  t.equal(error.retryAfterSeconds, 5)
  t.equal(error.cause, cause)
})

t.test('every registered code is a 4xx or 5xx status and follows the naming convention', async (t) => {
  for (const [code, status] of Object.entries(errorCodes)) {
    t.match(code, /^KINDRED_[A-Z_]+$/)
    t.ok(status >= 400 && status < 600, `${code} renders as ${status}`)
  }
})
