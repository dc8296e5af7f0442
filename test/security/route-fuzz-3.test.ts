import t from 'tap'
import { fuzzShard } from './fuzz/harness.ts'

t.test('shard 3 of the route fuzzer: no generated request gets an answer of 500 or more', async (t) => fuzzShard(t, 2))
