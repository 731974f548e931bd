/*
 * A horizontal bar chart drawn on the server as inline SVG: readable without JavaScript, scaled to
 * the width of the page (viewBox, width 100%), named for screen readers. The same numbers are shown
 * as a table beside it, so nothing is only in the picture.
 */

const WIDTH = 480
/** Text at 22 of 480 units: about 13 px where the chart is 290 px wide (a 320 px phone). */
const FONT = 22
const ROW = 62
const LABEL_CHARS = 20

export type ChartBar = { label: string; count: number }

function short(label: string) {
  const chars = [...label]
  return chars.length > LABEL_CHARS ? chars.slice(0, LABEL_CHARS - 1).join('') + '…' : label
}

/** `name` says what is shown; the accessible name adds every bar's label and number. */
export function BarChart({ name, bars, unit }: { name: string; bars: ChartBar[]; unit: (count: number) => string }) {
  const max = Math.max(1, ...bars.map((b) => b.count))
  // Room at the end of the longest bar for its number.
  const room = WIDTH - 90
  const height = Math.max(ROW, bars.length * ROW)
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-label={`${name}: ${bars.map((b) => `${b.label} ${unit(b.count)}`).join(', ')}`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      {bars.map((b, i) => {
        const y = i * ROW
        const w = b.count === 0 ? 0 : Math.max(2, Math.round((b.count / max) * room))
        return (
          <g key={i} aria-hidden="true">
            <text x={0} y={y + FONT} fontSize={FONT} fill="currentColor">
              {short(b.label)}
            </text>
            <rect className="bar" x={0} y={y + FONT + 10} width={w} height={20} rx={2} fill="#0b5cab" />
            <text x={w + 8} y={y + FONT + 28} fontSize={FONT} fill="currentColor">
              {unit(b.count)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
