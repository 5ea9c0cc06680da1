// Signed identify (issue 11): a site's server signs the lead id, the page passes the signature, and an
// identify without a valid one never links the visitor, reveals the lead's score or changes its traits.
import { createHmac } from 'node:crypto';
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import demoConfig from '../site/demoConfig.json';
import { SECRET_MASK } from '../marketer/maskSecret';
import { identifySignature } from './identifyProof';
import type { LeadObject } from './LeadObject';
import { collect, identify, newEventId, newVisitor, ORIGIN, pageview, readScore, webinar } from '../../test/helpers';
import { api, getJson } from '../../test/marketer';
import { explainLead, explainVisitor, visitorStub } from '../../test/sites';

const DAY = 86_400_000;
const VICTIM = 'ana.x@victim-corp.example';
/** An identify with other fields: a signature, traits. */
const identifyWith = (lead: string, extra: Record<string, unknown> = {}) => ({ ...identify(lead), ...extra });

/** A site created by PUT without a word about identify, with the demo rules; returns it and its secret. */
async function newSignedSite(extra: Record<string, unknown> = {}): Promise<{ site: string; secret: string }> {
  const site = `sig-${crypto.randomUUID().slice(0, 8)}`;
  const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify({ origins: [], rules: demoConfig.rules, bands: demoConfig.bands, ...extra }) });
  expect(res.status).toBe(201);
  const { identify } = (await res.json()) as { identify: { signed: boolean; secret: string } };
  return { site, secret: identify.secret };
}

/** How a site's server signs a lead id (docs/api.md, Node): hex HMAC-SHA256 of the normalized id. */
const serverSignature = (secret: string, lead: string) => createHmac('sha256', secret).update(lead.includes('@') ? lead.trim().toLowerCase() : lead.trim()).digest('hex');

async function send(site: string, visitor: string, events: object[]) {
  const res = await collect({ site, visitor, events });
  expect(res.status).toBe(200);
  return { reply: (await res.json()) as { score: number; band: string }, identify: res.headers.get('X-Leadpulse-Identify') };
}

describe('an identify without the site’s proof', () => {
  it('replays the attack: an unsigned identify as a known address reveals no score, changes no trait and pushes nothing into her history', async () => {
    // Raw events are kept one day here, so that the victim's older history is folded into daily counts.
    const { site, secret } = await newSignedSite({ retentionDays: 1 });
    const victim = newVisitor();
    const old = Date.now() - 3 * DAY;
    await send(site, victim, [
      { id: newEventId(), type: 'visit', ts: old },
      pageview('/pricing', old),
      { id: newEventId(), type: 'download', ts: old, url: '/files/guide.pdf' },
      identifyWith(VICTIM, { traits: { name: 'Ana X', company: 'Victim Corp', phone: '+1 555 0100' }, sig: serverSignature(secret, VICTIM) }),
      pageview('/pricing/team'),
    ]);
    const before = (await explainLead(site, VICTIM))!;
    expect(before.score).toBe(35);
    expect(before.events.some((e) => e.count !== undefined)).toBe(true);
    expect(before.state.traits).toEqual({ name: 'Ana X', company: 'Victim Corp', phone: '+1 555 0100' });

    // A fresh visitor id claims her address: no signature, then a signature of another id, then one under another secret.
    const attacker = newVisitor();
    const claims = [
      identifyWith(VICTIM, { traits: { name: 'Mallory', phone: '+1 555 6666' } }),
      identifyWith(VICTIM, { traits: { company: 'Evil' }, sig: serverSignature(secret, 'mallory@evil.example') }),
      identifyWith(VICTIM, { sig: serverSignature('another-secret-of-at-least-32-characters', VICTIM) }),
    ];
    for (const claim of claims) {
      const { reply, identify: header } = await send(site, attacker, [claim]);
      // The reply is the attacker's own score (0: it did nothing), never hers (35) — not even whether she exists.
      expect(reply).toEqual({ score: 0, band: 'cold' });
      expect(header).toBe('unverified');
    }
    // What would have taken her score to 0 and pushed her events out: careers views, unique paths.
    const noise = [...Array.from({ length: 12 }, () => pageview('/careers')), ...Array.from({ length: 28 }, (_, i) => pageview(`/unique/${i}`))];
    expect((await send(site, attacker, [identifyWith(VICTIM), ...noise])).reply).toEqual({ score: 0, band: 'cold' });
    expect(await readScore(site, attacker)).toEqual({ score: 0, band: 'cold' });
    expect(await env.SCORES.get(`p:${site}/${attacker}`)).toBeNull();

    // Her lead is exactly as it was: history (folded counts included), traits, score, visitors.
    const after = (await explainLead(site, VICTIM))!;
    expect(after.events).toEqual(before.events);
    expect(after.state.traits).toEqual(before.state.traits);
    expect(after.score).toBe(35);
    expect(after.visitors).toEqual([victim]);
    // The attacker keeps its own anonymous history, without any identify.
    const own = (await explainVisitor(site, attacker))!;
    expect(own.state.kind).toBe('anonymous');
    expect(own.events.filter((e) => e.type === 'identify')).toEqual([]);
    expect(own.events).toHaveLength(40);
  });

  it('leaves nothing behind when it was all a fresh visitor sent', async () => {
    const { site } = await newSignedSite();
    const visitor = newVisitor();
    expect((await send(site, visitor, [identifyWith(VICTIM)])).reply).toEqual({ score: 0, band: 'cold' });
    expect(await runInDurableObject(visitorStub(site, visitor), (o: LeadObject) => o.inspect())).toBeNull();
  });

  it('refuses a malformed signature with 400 naming the field, and stores nothing', async () => {
    const { site } = await newSignedSite();
    const visitor = newVisitor();
    const res = await collect({ site, visitor, events: [pageview('/pricing'), identifyWith(VICTIM, { sig: 'not-hex' })] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_payload', message: "events[1].sig: must be 64 hex digits: the HMAC-SHA256 of the lead id with the site's identify secret" } });
    expect(await runInDurableObject(visitorStub(site, visitor), (o: LeadObject) => o.inspect())).toBeNull();
  });
});

describe('a signed identify', () => {
  it('links the visitor when the site’s server signed the lead id (normalized: trimmed, e-mails lower-cased)', async () => {
    const { site, secret } = await newSignedSite();
    const [laptop, phone] = [newVisitor(), newVisitor()];
    await send(site, laptop, [pageview('/pricing'), identifyWith('  Ana.Lima@Example.COM ', { traits: { name: 'Ana' }, sig: serverSignature(secret, 'ana.lima@example.com') })]);
    const { reply, identify: header } = await send(site, phone, [identifyWith('ana.lima@example.com', { sig: await identifySignature(secret, 'Ana.Lima@example.com') }), webinar()]);
    expect(header).toBeNull();
    expect(reply).toEqual({ score: 50, band: 'warm' });
    const lead = (await explainLead(site, 'ana.lima@example.com'))!;
    expect(lead.visitors.sort()).toEqual([laptop, phone].sort());
    expect(lead.state.traits).toEqual({ name: 'Ana' });
    // Signatures are proofs, not data: none is stored.
    expect(lead.events.filter((e) => 'sig' in e)).toEqual([]);
    // CRM ids are signed as they are (trimmed).
    const crm = newVisitor();
    await send(site, crm, [identifyWith(' CRM-42 ', { sig: serverSignature(secret, 'CRM-42') }), webinar()]);
    expect((await explainLead(site, 'CRM-42'))!.visitors).toEqual([crm]);
  });

  it('is optional where the site says identify.signed: false, but a wrong signature is still refused', async () => {
    const { site, secret } = await newSignedSite({ identify: { signed: false, secret: 'a-site-chosen-secret-of-32-characters!' } });
    // A secret the owner gives is never shown back.
    expect(secret).toBe(SECRET_MASK);
    const [plain, wrong] = [newVisitor(), newVisitor()];
    expect((await send(site, plain, [webinar(), identifyWith('plain@example.com')])).identify).toBeNull();
    expect((await explainLead(site, 'plain@example.com'))!.visitors).toEqual([plain]);
    expect((await send(site, wrong, [webinar(), identifyWith('wrong@example.com', { sig: serverSignature('not-the-secret-at-all-0123456789ab', 'wrong@example.com') })])).identify).toBe('unverified');
    expect(await explainLead(site, 'wrong@example.com')).toBeNull();
  });

  it('works on the demo site through its signing handler, as its contact form does', async () => {
    const sign = async (lead: string) => SELF.fetch(`${ORIGIN}/demo/sign`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: ORIGIN }, body: JSON.stringify({ lead }) });
    const res = await sign(' Demo.Person@Example.com ');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { lead, signature } = (await res.json()) as { lead: string; signature: string };
    expect(lead).toBe('demo.person@example.com');
    const visitor = newVisitor();
    const reply = await collect({ site: 'demo', visitor, events: [webinar(), identifyWith(lead, { traits: { name: 'Demo Person' }, sig: signature })] }, { Origin: ORIGIN });
    expect(await reply.json()).toEqual({ score: 40, band: 'warm' });
    expect((await explainLead('demo', lead))!.state.traits).toEqual({ name: 'Demo Person' });
    // Unsigned, the demo site refuses the same identify from another visitor.
    const other = newVisitor();
    expect((await send('demo', other, [identifyWith(lead)])).identify).toBe('unverified');
    // Bad input is a JSON 400.
    for (const body of ['{', '{}', JSON.stringify({ lead: 'x'.repeat(300) })]) {
      const bad = await SELF.fetch(`${ORIGIN}/demo/sign`, { method: 'POST', body });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
  });
});

describe('traits', () => {
  it('keep where they came from, and a browser trait never replaces one the marketer API set', async () => {
    const { site, secret } = await newSignedSite();
    const visitor = newVisitor();
    const sig = serverSignature(secret, VICTIM);
    await send(site, visitor, [identifyWith(VICTIM, { traits: { name: 'Ana', company: 'Browser Co' }, sig })]);
    expect((await explainLead(site, VICTIM))!.state.traitSources).toEqual({ name: 'browser', company: 'browser' });
    // The marketer API sets the company from the CRM.
    const edit = await api(`/v1/leads/${encodeURIComponent(VICTIM)}/traits?site=${site}`, { method: 'PATCH', body: JSON.stringify({ traits: { company: 'Victim Corp (CRM)' } }) });
    expect(edit.status).toBe(200);
    await send(site, visitor, [identifyWith(VICTIM, { traits: { name: 'Ana X', company: 'Overwritten?' }, sig })]);
    const lead = (await explainLead(site, VICTIM))!;
    expect(lead.state.traits).toEqual({ name: 'Ana X', company: 'Victim Corp (CRM)' });
    expect(lead.state.traitSources).toEqual({ name: 'browser', company: 'api' });
  });
});

describe('the identify secret', () => {
  it('is generated by the PUT that creates a signed site, shown in that reply only, masked in GET and kept by later PUTs', async () => {
    const { site, secret } = await newSignedSite();
    expect(secret).toMatch(/^lpis_[A-Za-z0-9_-]{43}$/);
    const read = await getJson(`/v1/sites/${site}/config`);
    expect(read.identify).toEqual({ signed: true, secret: SECRET_MASK });
    // Sent back masked, or left out: the stored secret stays; the reply masks it.
    for (const body of [read, { ...read, identify: undefined }, { ...read, identify: { signed: true } }]) {
      const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { identify: unknown }).identify).toEqual({ signed: true, secret: SECRET_MASK });
    }
    const visitor = newVisitor();
    await send(site, visitor, [identifyWith(VICTIM, { sig: serverSignature(secret, VICTIM) })]);
    expect((await explainLead(site, VICTIM))!.visitors).toEqual([visitor]);
    // A secret of the owner's own replaces it.
    const own = 'owner-chosen-identify-secret-0123456789';
    const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify({ ...read, identify: { secret: own } }) });
    expect(((await res.json()) as { identify: unknown }).identify).toEqual({ signed: true, secret: SECRET_MASK });
    const next = newVisitor();
    expect((await send(site, next, [identifyWith(VICTIM, { sig: serverSignature(secret, VICTIM) })])).identify).toBe('unverified');
  });

  it('is refused when too short, and the mask is refused where no secret is stored', async () => {
    const site = `sig-${crypto.randomUUID().slice(0, 8)}`;
    const put = (identify: unknown) => api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify({ rules: [], bands: { warm: 40, hot: 80 }, identify }) });
    for (const [identify, message] of [
      [{ secret: 'short' }, 'identify.secret: must be at least 32 characters'],
      [{ secret: SECRET_MASK }, 'identify.secret: the masked secret can only be sent back to keep a stored one; give a secret or leave it out'],
      [{ signed: 'yes' }, 'identify.signed: must be true or false'],
      [{ signed: true, extra: 1 }, 'identify.extra: unknown field'],
    ] as const) {
      const res = await put(identify);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'invalid_config', message } });
    }
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(404);
  });
});
