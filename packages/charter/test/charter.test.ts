import t from 'tap'
import { currentCharter } from '@kindred/charter'
import { createTestDatabase } from '@kindred/testkit'

t.test('the default charter is published once, however many ask for it at the same time', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 6 })
  const charters = await Promise.all(Array.from({ length: 6 }, () => currentCharter(database.db)))
  t.same(new Set(charters.map((charter) => charter.version)), new Set([1]))
  const rows = await database.db.selectFrom('hub.charters').select('version').execute()
  t.equal(rows.length, 1)
  t.match(charters[0]?.text, /^# The Kindred network charter/)
})
