// A `lead.hot` delivery as a Slack-compatible message (`webhook.format: "slack"`): `text` for notifications
// and clients without blocks, and Block Kit `blocks` (https://api.slack.com/reference/block-kit/blocks) that
// say who, how hot and why. Traits come from browsers: escaped for mrkdwn, and cut to Slack's field limits.
import type { HotPayload } from './hotPayload';

/** Traits shown as fields besides lead, score and site (Slack allows 10 fields per section). */
const MAX_TRAIT_FIELDS = 7;
/** Characters of a trait value shown (a field allows 2,000). */
const MAX_VALUE_CHARS = 200;
/** Characters of the header (Slack allows 150). */
const MAX_HEADER_CHARS = 150;

/** A Slack message: the fallback text and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** `s` safe inside mrkdwn: Slack's three control characters escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

const points = (p: number) => `${p > 0 ? '+' : ''}${p}`;

/** The Slack message of `payload`. */
export function slackMessage(payload: HotPayload): SlackMessage {
  const name = typeof payload.traits.name === 'string' && payload.traits.name.trim() ? payload.traits.name.trim() : null;
  const who = payload.identified ? (name ? `${name} (${payload.lead})` : payload.lead) : `visitor ${payload.lead} (not identified yet)`;
  const why = payload.reasons.map((r) => `${r.label} ${points(r.points)}`).join(', ');
  const text = `Hot lead on ${payload.site}: ${who}, score ${payload.score}${why ? ` — ${why}` : ''}`;

  const traitFields = Object.entries(payload.traits)
    .filter(([, v]) => v !== null && v !== '')
    .slice(0, MAX_TRAIT_FIELDS)
    .map(([k, v]) => field(k, String(v)));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`Hot lead: ${name ?? payload.lead}`, MAX_HEADER_CHARS) } },
    { type: 'section', fields: [field(payload.identified ? 'Lead' : 'Visitor (not identified yet)', payload.lead), field('Score', `${payload.score} (${payload.band})`), field('Site', payload.site), ...traitFields] },
  ];
  if (payload.reasons.length) {
    const lines = payload.reasons.map((r) => `• ${escapeMrkdwn(cut(r.label, MAX_VALUE_CHARS))}: ${points(r.points)} (${r.count} ${r.count === 1 ? 'time' : 'times'})`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Why*\n${lines.join('\n')}` } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `leadpulse · ${escapeMrkdwn(payload.at)} · delivery ${escapeMrkdwn(payload.id)}` }] });
  return { text: escapeMrkdwn(text), blocks };
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${escapeMrkdwn(cut(label, 50))}*\n${escapeMrkdwn(cut(value, MAX_VALUE_CHARS))}` };
}
