import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hotDelivery } from '../webhook/hotDelivery';
import { hotPayloadSchema } from '../webhook/hotPayload';
import { ORIGIN } from '../../test/helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

describe('the lead.hot webhook in /openapi.json', () => {
  it('documents the delivery, its headers and both formats; a real JSON body fits the schema', async () => {
    const doc: Doc = await (await SELF.fetch(`${ORIGIN}/openapi.json`)).json();
    const op = doc.webhooks['lead.hot'].post;
    expect(op.parameters.map((p: Doc) => `${p.in} ${p.name}`)).toEqual(['header X-Leadpulse-Signature', 'header X-Leadpulse-Delivery']);
    expect(op.requestBody.content['application/json'].schema.oneOf).toEqual([{ $ref: '#/components/schemas/LeadHot' }, { $ref: '#/components/schemas/LeadHotSlack' }]);
    const leadHot = doc.components.schemas.LeadHot;
    expect(leadHot.required).toEqual(['id', 'type', 'site', 'lead', 'identified', 'score', 'band', 'at', 'traits', 'reasons']);
    expect(doc.components.schemas.LeadHotSlack.required).toEqual(['text', 'blocks']);
    // The config's webhook options are in the configuration's schema.
    const webhook = doc.components.schemas.SiteConfigInput.properties.webhook;
    expect(webhook.properties.format.enum).toEqual(['json', 'slack']);
    expect(webhook.properties.anonymous.type).toBe('boolean');

    const body = JSON.parse(hotDelivery({ site: 'demo', lead: 'ana@example.com', identified: true, score: 85, traits: { name: 'Ana' }, reasons: [{ rule: 'webinar', label: 'webinar', points: 40, count: 1 }] }, Date.now()).body);
    expect(hotPayloadSchema.strict().parse(body)).toEqual(body);
    expect(z.object({ text: z.string(), blocks: z.array(z.unknown()) }).strict().parse(JSON.parse(hotDelivery({ site: 'demo', lead: 'x', identified: true, score: 85, traits: {}, reasons: [] }, Date.now(), 'slack').body))).toBeTruthy();
  });
});
