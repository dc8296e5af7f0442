import t from 'tap'
import { pseudonymLength, pseudonymProblem } from '@kindred/membership'

t.test('pseudonymProblem tells apart what the pattern refuses, after normalising as the store does', async (t) => {
  t.equal(pseudonymProblem('Bone Builder'), null)
  t.equal(pseudonymProblem('  Bone   Builder '), null, 'spaces around and runs of spaces are normalised away')
  t.equal(pseudonymProblem('Zoë_42'), null, 'letters of any script, digits, underscores')
  t.equal(pseudonymProblem('   '), 'missing')
  t.equal(pseudonymProblem('a'), 'tooShort')
  t.equal(pseudonymProblem('a'.repeat(pseudonymLength.max + 1)), 'tooLong')
  t.equal(pseudonymProblem('me@example.org'), 'characters', 'never an email address')
  t.equal(pseudonymProblem('-dash'), 'characters', 'starts with a letter or digit')
})
