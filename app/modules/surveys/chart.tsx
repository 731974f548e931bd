/*
 * A horizontal bar chart drawn on the server as inline SVG: readable without JavaScript, scaled to
 * the width of the page (viewBox, width 100%), named for screen readers. The same numbers are shown
 * as a table beside it, so nothing is only in the picture.
 */

const WIDTH = 480
const ROW = 56
const LABEL_CHARS = 22

export type ChartBar = { label: string; count: number }

function short(label: string) {
  const chars = [...label]
  return chars.length > LABEL_CHARS ? chars.slice(0, LABEL_CHARS - 1).join('') + '…' : label
}

export function BarChart({ name, bars, unit }: { name: string; bars: ChartBar[]; unit: (count: number) => string }) {
  const max = Math.max(1, ...bars.map((b) => b.count))
  // Room at the end of the longest bar for its number.
  const room = WIDTH - 90
  const height = Math.max(ROW, bars.length * ROW)
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-label={name}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      {bars.map((b, i) => {
        const y = i * ROW
        const w = b.count === 0 ? 0 : Math.max(2, Math.round((b.count / max) * room))
        return (
          <g key={i} aria-hidden="true">
            <text x={0} y={y + 20} fontSize={18} fill="currentColor">
              {short(b.label)}
            </text>
            <rect className="bar" x={0} y={y + 28} width={w} height={18} rx={2} />
            <text x={w + 8} y={y + 44} fontSize={18} fill="currentColor">
              {unit(b.count)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
