// The y axis of a chart of counts (leads per score decile): whole numbers only, a round top, few lines.

/** Steps of 1, 2 and 5 times a power of ten: the ones a reader counts in. */
const STEPS = [1, 2, 5];

/**
 * Ticks from 0 to the smallest round top at or above `max`, every `step` apart: the step is the smallest of
 * 1, 2, 5, 10, 20, 50, … that needs at most `intervals` intervals, so every tick is a whole number (a count
 * of leads has no fractions). An empty chart (`max` 0) still gets the axis 0–1.
 */
export function axisScale(max: number, intervals = 5): { top: number; step: number; ticks: number[] } {
  if (!(max > 0)) max = 0;
  let step = 1;
  for (let i = 1; Math.ceil(max / step) > intervals; i++) step = STEPS[i % 3]! * 10 ** Math.floor(i / 3);
  const top = Math.max(1, Math.ceil(max / step)) * step;
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  return { top, step, ticks };
}
