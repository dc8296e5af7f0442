import t from 'tap'
import { hashPassword, needsRehash, passwordHashing, verifyPassword } from '@kindred/identity'

t.test('a password verifies against its own hash and no other password does', async (t) => {
  const hash = await hashPassword('correct horse battery staple')
  t.match(hash, new RegExp(`^\\$argon2id\\$v=19\\$m=${passwordHashing.memory},t=${passwordHashing.passes},p=1\\$`))
  t.ok(await verifyPassword(hash, 'correct horse battery staple'))
  t.notOk(await verifyPassword(hash, 'correct horse battery stapler'))
  t.notOk(await verifyPassword(hash, ''))
})

t.test('the same password hashes differently each time (a salt of its own)', async (t) => {
  t.not(await hashPassword('same password!'), await hashPassword('same password!'))
})

t.test('a malformed stored hash verifies nothing', async (t) => {
  t.notOk(await verifyPassword('plain-text-password', 'plain-text-password'))
  t.notOk(await verifyPassword('$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'anything'))
})

t.test('a hash made with weaker parameters is still accepted but marked for rehashing', async (t) => {
  const current = await hashPassword('a long enough password')
  t.notOk(needsRehash(current))
  const weaker = current.replace(`m=${passwordHashing.memory}`, 'm=8192')
  t.ok(needsRehash(weaker))
})
