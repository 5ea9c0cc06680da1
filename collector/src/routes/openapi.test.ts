import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { app } from '../app';
import { conversionsBody, leadQuery, listLeadsQuery, MAX_CONVERSIONS, MAX_PAGE } from '../apiSchemas';
import { requiredScope } from '../auth/requireScope';
import { collectSchema } from '../collectSchema';
import { siteConfigSchema } from '../site/siteConfigSchema';
import { ORIGIN } from '../../test/helpers';
import { api } from '../../test/marketer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const load = async (): Promise<Doc> => (await SELF.fetch(`${ORIGIN}/openapi.json`)).json();
const registered = () => [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`))].sort();
const documented = (doc: Doc) => Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();
const strip = ({ $schema: _, ...rest }: Record<string, unknown>) => rest;

describe('GET /openapi.json', () => {
  it('is public OpenAPI 3.1 JSON', async () => {
    const res = await SELF.fetch(`${ORIGIN}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = await res.json<Doc>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: ORIGIN }]);
  });

  it('documents every route the app registers, and nothing it does not', async () => {
    const doc = await load();
    expect(registered().length).toBeGreaterThan(10);
    expect(documented(doc)).toEqual(registered());
  });

  it('marks exactly the marketer routes as needing the bearer token, with their 401 and 503', async () => {
    const doc = await load();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Doc>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const marketer = path.startsWith('/v1/') && path !== '/v1/collect' && path !== '/v1/score';
        expect({ route: `${method} ${path}`, secured: Boolean(op.security) }).toEqual({ route: `${method} ${path}`, secured: marketer });
        if (marketer) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '503']));
      }
    }
  });

  it("states what each marketer route requires of an API key, as the middleware enforces it, with its 403", async () => {
    const doc = await load();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Doc>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.security) continue;
        const scope = requiredScope(method.toUpperCase(), path.replace(/\{([A-Za-z_]+)\}/g, ':$1'));
        expect({ route: `${method} ${path}`, scope: op['x-leadpulse-scope'] }).toEqual({ route: `${method} ${path}`, scope });
        expect(Object.keys(op.responses)).toContain('403');
      }
    }
    expect(doc.paths['/v1/sites/{site}/keys'].post['x-leadpulse-scope']).toBe('admin');
    expect(doc.paths['/v1/leads/{id}'].delete['x-leadpulse-scope']).toBe('write');
    expect(doc.paths['/v1/leads.csv'].get['x-leadpulse-scope']).toBe('read');
    expect(doc.paths['/v1/sites/{site}/keys'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateKeyRequest' });
    expect(doc.components.schemas.IssuedKey.required).toEqual(expect.arrayContaining(['key', 'masked', 'scope', 'id']));
  });

  it('is generated from the schemas that validate requests', async () => {
    const doc = await load();
    expect(doc.components.schemas.SiteConfigInput).toEqual(strip(z.toJSONSchema(siteConfigSchema, { io: 'input' }) as Record<string, unknown>));
    expect(doc.components.schemas.CollectRequest).toEqual(strip(z.toJSONSchema(collectSchema, { io: 'input' }) as Record<string, unknown>));
    const params = doc.paths['/v1/leads'].get.parameters as Doc[];
    expect(params.map((p) => p.name)).toEqual(Object.keys(listLeadsQuery.shape));
    const limit = params.find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 50 } });
    expect(params.find((p) => p.name === 'site')).toMatchObject({ required: true, schema: { pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } });
    // What the document allows, the route accepts; one past it, the route refuses.
    expect((await api(`/v1/leads?site=demo&limit=${limit.schema.maximum}`)).status).toBe(200);
    expect((await api(`/v1/leads?site=demo&limit=${limit.schema.maximum + 1}`)).status).toBe(400);
    expect(doc.paths['/v1/leads/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    for (const method of ['get', 'delete']) {
      const lead = doc.paths['/v1/leads/{id}'][method];
      expect(lead.parameters.map((p: Doc) => p.name)).toEqual(['id', ...Object.keys(leadQuery.shape)]);
      expect(lead.parameters.find((p: Doc) => p.name === 'kind')).toMatchObject({ in: 'query', required: false, schema: { enum: ['lead', 'visitor'] } });
      expect(Object.keys(lead.responses)).toEqual(expect.arrayContaining(['409', '503']));
    }
    expect(Object.keys(doc.paths['/v1/collect'].post.responses)).toContain('503');
    expect(doc.paths['/v1/sites/{site}/config'].put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SiteConfigInput' });
    // Outcomes: JSON items as the route checks them, or CSV; a reply per item; insights and trend.
    expect(doc.components.schemas.ConversionsRequest).toEqual(strip(z.toJSONSchema(conversionsBody, { io: 'input' }) as Record<string, unknown>));
    const conversions = doc.paths['/v1/conversions'].post;
    expect(Object.keys(conversions.requestBody.content)).toEqual(['application/json', 'text/csv']);
    expect(conversions.requestBody.content['text/csv'].schema.type).toBe('string');
    expect(doc.components.schemas.ConversionsRequest.properties.conversions.maxItems).toBe(MAX_CONVERSIONS);
    expect(Object.keys(conversions.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '413', '415', '503']));
    expect(doc.paths['/v1/sites/{site}/trend'].get.parameters.find((p: Doc) => p.name === 'days')).toMatchObject({ in: 'query', required: false, schema: { minimum: 1, default: 30 } });
    expect(doc.paths['/v1/sites/{site}/insights'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Insights' });
    expect(doc.components.schemas.LeadList.properties.leads.items.properties).toHaveProperty('confidence');
  });

  it('resolves every $ref', async () => {
    const doc = await load();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const name = ref.slice(8, -1).replace('#/components/schemas/', '');
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });
});
