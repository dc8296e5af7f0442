import { html, type Markup } from '../html.ts'

/** One point of a line chart: its label (a day, a week, a month) and its value, null for a gap. */
export interface ChartPoint {
  label: string
  value: number | null
}

interface LineChart {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string
  title: string
  /** What the chart shows in words, for screen readers (`<desc>`); the data table beside it has the figures. */
  description: string
  points: readonly ChartPoint[]
  format: (value: number) => string
}

const width = 720
const height = 260
const margin = { top: 16, right: 16, bottom: 36, left: 64 }
const plotWidth = width - margin.left - margin.right
const plotHeight = height - margin.top - margin.bottom
const ticks = 4

// The smallest of 1, 2, 5 × 10^n at or above max / ticks, so gridlines fall on round numbers.
function niceStep(max: number): number {
  const rough = max / ticks
  const power = 10 ** Math.floor(Math.log10(rough))
  return ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power
}

/** The y axis' top: a whole number of steps at or above the largest value (1 for a flat zero series). */
export function axisTop(values: readonly number[]): { top: number; step: number } {
  const max = Math.max(0, ...values)
  if (max === 0) return { top: ticks, step: 1 }
  const step = Math.max(1, niceStep(max))
  return { top: Math.ceil(max / step) * step, step }
}

const round = (value: number): number => Math.round(value * 10) / 10

// Runs of consecutive points with a value: a gap (no figure, suppressed) breaks the line rather than
// joining across it, so nothing is drawn that was not measured or may not be shown.
function segments(xy: ReadonlyArray<[number, number] | null>): string[] {
  const runs: string[] = []
  let current: string[] = []
  for (const point of xy) {
    if (point === null) {
      if (current.length > 0) runs.push(current.join(' '))
      current = []
    } else current.push(`${point[0]},${point[1]}`)
  }
  if (current.length > 0) runs.push(current.join(' '))
  return runs
}

// A dot at each point with a value, as one path of zero-length strokes with round caps (the stroke draws
// each as a disc): one element a series rather than one a point, most of a chart's markup otherwise.
const dots = (xy: ReadonlyArray<[number, number] | null>): string =>
  xy.map((point) => (point === null ? '' : `M${point[0]},${point[1]}h0`)).join('')

/**
 * A line chart as server-rendered SVG: no script, nothing from another origin. An image to assistive
 * technology (`role="img"`, named by its title, described by its description); one series, so colour
 * carries no meaning (values are read from the axis, the figures from the table beside it). Dark text and
 * a dark line on white, well above 3:1 for graphics and 4.5:1 for text.
 *
 * @example lineChart({ id: 'threads', title: 'Threads', description: '…', points, format: String })
 */
export function lineChart(chart: LineChart): Markup {
  const values = chart.points.map((point) => point.value).filter((value): value is number => value !== null)
  const { top, step } = axisTop(values)
  const count = chart.points.length
  const x = (index: number): number => round(margin.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1)))
  const y = (value: number): number => round(margin.top + plotHeight - (value / top) * plotHeight)
  const xy = chart.points.map((point, index): [number, number] | null => (point.value === null ? null : [x(index), y(point.value)]))
  const gridValues = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step)
  const labelled = count === 0 ? [] : [...new Set([0, Math.floor((count - 1) / 2), count - 1])]
  const markers = count <= 60
  return html`<svg
    class="chart"
    role="img"
    viewBox=${`0 0 ${width} ${height}`}
    aria-labelledby=${`${chart.id}-title`}
    aria-describedby=${`${chart.id}-desc`}
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id=${`${chart.id}-title`}>${chart.title}</title>
    <desc id=${`${chart.id}-desc`}>${chart.description}</desc>
    <g class="chart-grid" aria-hidden="true">
      ${gridValues.map(
        (value) =>
          html`<line x1=${margin.left} x2=${width - margin.right} y1=${y(value)} y2=${y(value)} />
            <text x=${margin.left - 8} y=${y(value) + 4} text-anchor="end">${chart.format(value)}</text>`,
      )}
      ${labelled.map(
        (index) =>
          html`<text x=${x(index)} y=${height - 12} text-anchor=${index === 0 ? 'start' : index === count - 1 ? 'end' : 'middle'}>
            ${chart.points[index]?.label}
          </text>`,
      )}
    </g>
    <g class="chart-line" aria-hidden="true">
      ${segments(xy).map((points) => html`<polyline points=${points} />`)}
      ${markers ? html`<path class="chart-points" d=${dots(xy)} />` : null}
    </g>
  </svg>`
}

interface BarChart {
  id: string
  title: string
  description: string
  bars: ReadonlyArray<{ label: string; value: number | null; text: string }>
}

/**
 * Horizontal bars as server-rendered SVG, each labelled with its name and its figure in text (the
 * incubator funnel): the length only repeats what the text says. A null value draws no bar.
 *
 * @example barChart({ id: 'funnel', title: 'Funnel', description: '…', bars: [{ label: 'Proposed', value: 40, text: '40' }] })
 */
export function barChart(chart: BarChart): Markup {
  const rowHeight = 36
  const labelWidth = 160
  const barSpace = width - labelWidth - 120
  const chartHeight = chart.bars.length * rowHeight + 8
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value ?? 0))
  return html`<svg
    class="chart"
    role="img"
    viewBox=${`0 0 ${width} ${chartHeight}`}
    aria-labelledby=${`${chart.id}-title`}
    aria-describedby=${`${chart.id}-desc`}
    xmlns="http://www.w3.org/2000/svg"
  >
    <title id=${`${chart.id}-title`}>${chart.title}</title>
    <desc id=${`${chart.id}-desc`}>${chart.description}</desc>
    <g aria-hidden="true">
      ${chart.bars.map((bar, index) => {
        const top = 4 + index * rowHeight
        const length = bar.value === null ? 0 : round((bar.value / max) * barSpace)
        return html`<text class="chart-label" x=${labelWidth - 8} y=${top + 22} text-anchor="end">${bar.label}</text>
          <rect class="chart-bar" x=${labelWidth} y=${top + 6} width=${length} height=${rowHeight - 12} />
          <text class="chart-label" x=${labelWidth + length + 8} y=${top + 22}>${bar.text}</text>`
      })}
    </g>
  </svg>`
}
