// The timeline of one lead on a time axis: a dot per event, from its first to its last.
import { describeEvent } from './describeEvent';
import { svg } from './dom';
import type { LeadEvent } from './types';

const W = 560;
const H = 46;
const L = 8;
const R = 8;
/** The shortest span drawn, so that events a few seconds apart do not spread over the whole strip. */
const MIN_SPAN_MS = 60_000;

/** The strip of `events`, each dot's class naming its type (for its colour); null without events. */
export function timelineStrip(events: LeadEvent[]): SVGSVGElement | null {
  if (!events.length) return null;
  const times = events.map((e) => Date.parse(e.at));
  const from = Math.min(...times);
  const to = Math.max(...times);
  const span = Math.max(to - from, MIN_SPAN_MS);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Events over time', id: 'timeline-chart' });
  root.append(svg('line', { x1: L, x2: W - R, y1: 18, y2: 18, class: 'base-line' }));
  events.forEach((e, i) => {
    const cx = L + ((times[i]! - from) / span) * (W - L - R);
    root.append(svg('circle', { cx, cy: 18, r: 6, class: `tick ${e.type}` }, svg('title', {}, describeEvent(e))));
  });
  root.append(
    svg('text', { x: L, y: 42, class: 'axis' }, new Date(from).toLocaleString()),
    svg('text', { x: W - R, y: 42, 'text-anchor': 'end', class: 'axis' }, new Date(to).toLocaleString()),
  );
  return root;
}
