import { describe, expect, it } from 'vitest';
import type { HotPayload } from './hotPayload';
import { escapeMrkdwn, slackMessage } from './slackMessage';

const base: HotPayload = {
  id: 'whd_1',
  type: 'lead.hot',
  site: 'demo',
  lead: 'ana@example.com',
  identified: true,
  score: 85,
  band: 'hot',
  at: '2026-01-05T10:00:00.000Z',
  traits: {},
  reasons: [{ rule: 'webinar', label: 'Webinar sign-up', points: 40, count: 1 }],
};

describe('slackMessage', () => {
  it('names the lead by its name trait when there is one, else by its id', () => {
    expect(slackMessage({ ...base, traits: { name: 'Ana Lima' } }).text).toBe('Hot lead on demo: Ana Lima (ana@example.com), score 85 — Webinar sign-up +40');
    expect(slackMessage(base).text).toBe('Hot lead on demo: ana@example.com, score 85 — Webinar sign-up +40');
    expect(slackMessage(base).blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Hot lead: ana@example.com' } });
  });

  it('says when the visitor is not identified yet, and leaves out the reasons block when there are none', () => {
    const m = slackMessage({ ...base, lead: 'v123', identified: false, reasons: [] });
    expect(m.text).toBe('Hot lead on demo: visitor v123 (not identified yet), score 85');
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect((m.blocks[1] as { fields: { text: string }[] }).fields[0]!.text).toBe('*Visitor (not identified yet)*\nv123');
  });

  it('keeps within Slack’s limits: 10 fields, 150 header characters, long values cut', () => {
    const traits = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, 'x'.repeat(500)]));
    const m = slackMessage({ ...base, traits: { ...traits, name: 'N'.repeat(400) } });
    const fields = (m.blocks[1] as { fields: { text: string }[] }).fields;
    expect(fields).toHaveLength(10);
    expect(Math.max(...fields.map((f) => f.text.length))).toBeLessThanOrEqual(2000);
    expect([...(m.blocks[0] as { text: { text: string } }).text.text].length).toBe(150);
  });

  it('escapes &, < and > so browser-sent traits cannot mention or link', () => {
    expect(escapeMrkdwn('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
    const m = slackMessage({ ...base, traits: { company: '<!here>' } });
    expect(JSON.stringify(m)).not.toContain('<!here>');
  });
});
