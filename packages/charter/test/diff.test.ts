import t from 'tap'
import { charterDiff } from '@kindred/charter'

const shown = (inForce: string, proposed: string) => charterDiff(inForce, proposed).parts.map((part) => [part.change, part.text])

t.test('a changed word shows as that word, inside its unchanged line', async (t) => {
  t.same(shown('Be kind.\nStay on topic.\n', 'Be patient.\nStay on topic.\n'), [
    ['same', 'Be '],
    ['removed', 'kind'],
    ['added', 'patient'],
    ['same', '.\nStay on topic.\n'],
  ])
  t.same(shown('Be kind.\n', 'Be kind and patient.\n'), [
    ['same', 'Be kind'],
    ['added', ' and patient'],
    ['same', '.\n'],
  ])
  const diff = charterDiff('Be kind.\nStay on topic.\n', 'Be patient.\nStay on topic.\n')
  t.equal(diff.addedLines, 1)
  t.equal(diff.removedLines, 1)
})

t.test('lines added and removed whole are counted, and the same text changes nothing', async (t) => {
  const added = charterDiff('One.\n', 'One.\nTwo.\nThree.\n')
  t.same(added.parts, [
    { change: 'same', text: 'One.\n' },
    { change: 'added', text: 'Two.\nThree.\n' },
  ])
  t.equal(added.addedLines, 2)
  t.equal(added.removedLines, 0)
  const removed = charterDiff('One.\nTwo.\n', 'Two.\n')
  t.same(removed.parts, [
    { change: 'removed', text: 'One.\n' },
    { change: 'same', text: 'Two.\n' },
  ])
  t.same(charterDiff('Same.\n', 'Same.\n'), { parts: [{ change: 'same', text: 'Same.\n' }], addedLines: 0, removedLines: 0 })
})

t.test('the parts put together again give either version', async (t) => {
  const inForce = '# Charter\n\nBe kind.\n\nNo medical advice.\n'
  const proposed = '# Charter\n\nBe kind and patient.\n\nShare experience, not medical advice.\n\nRespect privacy.\n'
  const { parts } = charterDiff(inForce, proposed)
  t.equal(
    parts
      .filter((part) => part.change !== 'added')
      .map((part) => part.text)
      .join(''),
    inForce,
  )
  t.equal(
    parts
      .filter((part) => part.change !== 'removed')
      .map((part) => part.text)
      .join(''),
    proposed,
  )
})
