// How long ago something happened, in the words of the leads table and the timeline.

/** `iso` relative to `now`: "just now" under a minute, then whole minutes, hours or days (a future time reads "just now"). */
export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
