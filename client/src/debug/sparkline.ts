// A sparkline as an SVG polyline. Pure; the view marks it aria-hidden and states the same trend in words.

export const SPARK_WIDTH = 80;
export const SPARK_HEIGHT = 20;

/** Polyline points scaled into the box; a flat series sits in the middle. */
export function sparklinePoints(values: readonly number[], width = SPARK_WIDTH, height = SPARK_HEIGHT): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const y = span === 0 ? height / 2 : height - 1 - ((v - min) / span) * (height - 2);
      return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

export function sparklineSvg(values: readonly number[]): string {
  return (
    // No width attribute: the view's CSS lets it shrink with the side bar (the line keeps its stroke width).
    `<svg class="spark" height="${SPARK_HEIGHT}" viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" preserveAspectRatio="none" aria-hidden="true">` +
    `<polyline fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" points="${sparklinePoints(values)}"/></svg>`
  );
}
