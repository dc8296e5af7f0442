import t from 'tap'
import { renderToString } from 'preact-render-to-string'
import { lineChart } from '../src/site/pages/staff-chart-svg.ts'

const chartOf = (values: ReadonlyArray<number | null>): string =>
  renderToString(
    lineChart({
      id: 'threads',
      title: 'Threads',
      description: 'Threads by week',
      points: values.map((value, index) => ({ label: `week ${index + 1}`, value })),
      format: String,
    }),
  )

const lines = (svg: string): string[] => [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((match) => match[1] ?? '')
const dots = (svg: string): string[] => /<path class="chart-points" d="([^"]*)"/.exec(svg)?.[1]?.match(/M[^M]+/g) ?? []

t.test('a gap breaks the line, and a point alone between gaps still shows as a dot', async (t) => {
  const svg = chartOf([5, 8, null, 12, null, 15, 14])
  t.equal(lines(svg).length, 3, 'a line for each run of figures')
  t.equal(lines(svg)[1]?.split(' ').length, 1, 'the lone figure is a line of one point, which draws nothing')
  t.equal(dots(svg).length, 5, 'a dot for each figure, none for a gap')
  t.ok(
    dots(svg).every((dot) => dot.endsWith('h0')),
    'each dot a zero-length stroke: the round cap draws it',
  )
  t.match(svg, /role="img"/)
})

t.test('past 60 points the line alone shows the series', async (t) => {
  const svg = chartOf(Array.from({ length: 61 }, (_, index) => index))
  t.equal(dots(svg).length, 0)
  t.equal(lines(svg).length, 1)
})
