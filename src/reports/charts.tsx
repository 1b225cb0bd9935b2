/**
 * Charts drawn on the server as SVG: no script, they print, and a screen reader gets the title and a description
 * with the figures (the table beside each chart has the same numbers). Bars for categories, columns for periods.
 */
import type { Translator } from "../i18n";
import { shortened } from "../text/shortened";

export type ChartPoint = { label: string; value: number; href?: string };

const barHeight = 22;
const gap = 6;
const labelWidth = 190;
const valueWidth = 64;
const width = 640;

/** "Training: 12; Seminar: 3": what the chart shows, as the SVG's description. */
const describe = (points: ChartPoint[], i18n: Translator) =>
  points.map((point) => `${point.label}: ${i18n.number(point.value)}`).join("; ");

type ChartProps = { id: string; title: string; i18n: Translator };

/** The SVG every chart is drawn in: an image named by its title, described by its figures. */
function Frame({
  id,
  title,
  description,
  width: frameWidth,
  height,
  wide = true,
  children,
}: {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  wide?: boolean;
  children: unknown;
}) {
  return (
    <svg
      class={wide ? "chart" : "chart network"}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${frameWidth} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

export function BarChart({ id, title, points, i18n }: ChartProps & { points: ChartPoint[] }) {
  const max = Math.max(1, ...points.map((point) => point.value));
  const plot = width - labelWidth - valueWidth;
  const height = points.length * (barHeight + gap) + gap;
  return (
    <Frame id={id} title={title} description={describe(points, i18n)} width={width} height={height}>
      {points.map((point, index) => {
        const y = gap + index * (barHeight + gap);
        const length = Math.round((point.value / max) * plot);
        return (
          <g>
            <text x={labelWidth - 8} y={y + barHeight * 0.7} text-anchor="end" class="chart-label">
              {shortened(point.label, 23)}
            </text>
            <rect
              x={labelWidth}
              y={y}
              width={Math.max(length, point.value > 0 ? 2 : 0)}
              height={barHeight}
              class="chart-bar"
            />
            <text x={labelWidth + length + 6} y={y + barHeight * 0.7} class="chart-value">
              {i18n.number(point.value)}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

export function ColumnChart({ id, title, points, i18n }: ChartProps & { points: ChartPoint[] }) {
  const max = Math.max(1, ...points.map((point) => point.value));
  const height = 220;
  const bottom = 40;
  const top = 20;
  const plot = height - bottom - top;
  const step = points.length > 0 ? (width - 20) / points.length : width;
  const columnWidth = Math.max(4, Math.min(48, step * 0.7));
  // Labels every few columns when there are many (36 months), so they do not overlap.
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  return (
    <Frame id={id} title={title} description={describe(points, i18n)} width={width} height={height}>
      <line x1="10" x2={width - 10} y1={height - bottom} y2={height - bottom} class="chart-axis" />
      {points.map((point, index) => {
        const columnHeight = Math.round((point.value / max) * plot);
        const x = 10 + index * step + (step - columnWidth) / 2;
        const y = height - bottom - columnHeight;
        return (
          <g>
            <rect x={x} y={y} width={columnWidth} height={columnHeight} class="chart-bar" />
            {points.length <= 24 && (
              <text x={x + columnWidth / 2} y={y - 4} text-anchor="middle" class="chart-value">
                {i18n.number(point.value)}
              </text>
            )}
            {index % labelEvery === 0 && (
              <text x={x + columnWidth / 2} y={height - bottom + 16} text-anchor="middle" class="chart-label">
                {point.label}
              </text>
            )}
          </g>
        );
      })}
    </Frame>
  );
}

export type NetworkLink = { a: string; b: string; value: number };

/**
 * Who met whom: the names on a circle, a line between two for each pair that met, thicker the more often. A few
 * countries, not hundreds: the pairs beyond the strongest 60 are left to the table.
 */
export function NetworkChart({ id, title, links, i18n }: ChartProps & { links: NetworkLink[] }) {
  const shown = links.slice(0, 60);
  const names = [...new Set(shown.flatMap((link) => [link.a, link.b]))].sort((x, y) => x.localeCompare(y));
  if (names.length === 0) return null;
  const size = 520;
  const centre = size / 2;
  const radius = size / 2 - 110;
  const at = new Map(
    names.map((name, index) => {
      const angle = (2 * Math.PI * index) / names.length - Math.PI / 2;
      return [
        name,
        { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle), angle },
      ] as const;
    }),
  );
  const max = Math.max(1, ...shown.map((link) => link.value));
  return (
    <Frame
      id={id}
      title={title}
      description={shown.map((link) => `${link.a} – ${link.b}: ${i18n.number(link.value)}`).join("; ")}
      width={size}
      height={size}
      wide={false}
    >
      {shown.map((link) => {
        const from = at.get(link.a);
        const to = at.get(link.b);
        if (!from || !to) return null;
        return (
          <line
            x1={from.x}
            y1={from.y}
            x2={to.x}
            y2={to.y}
            class="chart-link"
            stroke-width={1 + Math.round((link.value / max) * 9)}
          />
        );
      })}
      {names.map((name) => {
        const point = at.get(name);
        if (!point) return null;
        const right = Math.cos(point.angle) >= 0;
        return (
          <g>
            <circle cx={point.x} cy={point.y} r="7" class="chart-node" />
            <text
              x={point.x + (right ? 12 : -12)}
              y={point.y + 4}
              text-anchor={right ? "start" : "end"}
              class="chart-label"
            >
              {shortened(name, 17)}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}
