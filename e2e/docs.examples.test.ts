// The runnable examples of docs/api.md, run as written against a `wrangler dev` collector: the curl session
// (in bash, from a folder holding its own .dev.vars) and the webhook verifier on a real signed delivery.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from './startWorker';

const API_DOC = 'docs/api.md';
let worker: RunningWorker;
let scratch: string;

/** The first fenced block of `lang` in `file` whose code satisfies `pick`. */
function docBlock(file: string, lang: string, pick: (code: string) => boolean): string {
  for (const m of readFileSync(file, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)) if (m[1] === lang && pick(m[2]!)) return m[2]!;
  throw new Error(`${file}: no ${lang} block found`);
}

beforeAll(async () => {
  worker = await startWorker();
  scratch = mkdtempSync(join(tmpdir(), 'leadpulse-docs-'));
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs a bash block of docs/api.md as a reader would, from a folder holding `.dev.vars` with the token, with
 * each curl reply's status appended so that every step can be checked. Returns that folder and the replies.
 */
async function runSession(script: string): Promise<{ root: string; replies: { status: number; body: string }[] }> {
  expect(script).toContain('http://127.0.0.1:8787');
  // The repository root as a reader has it after `npm start`: .dev.vars with the token.
  const root = mkdtempSync(join(scratch, 'repo-'));
  writeFileSync(join(root, '.dev.vars'), '# Local secrets for wrangler dev (git-ignored).\nAPI_TOKEN="e2e-token"\nHASH_KEY="unused-here"\n');
  const bin = join(scratch, 'bin');
  mkdirSync(bin, { recursive: true });
  const curl = execFileSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'curl'), `#!/bin/sh\nexec ${curl} -sS -w '\\n@@ %{http_code}\\n' "$@"\n`);
  chmodSync(join(bin, 'curl'), 0o755);

  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script.replaceAll('http://127.0.0.1:8787', worker.origin)], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  const parts = stdout.split(/\n?@@ (\d{3})\n/);
  const replies: { status: number; body: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) replies.push({ body: parts[i]!, status: Number(parts[i + 1]) });
  return { root, replies };
}

describe('the curl session of docs/api.md', () => {
  it('makes the lead it reads, lists and exports it, creates a site with a webhook, and erases the lead', async () => {
    const script = docBlock(API_DOC, 'sh', (code) => code.startsWith('# Try the API against npm start'));
    const { root, replies } = await runSession(script);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 201, 200, 200, 204, 404]);
    const [collected, list, ana, csv, site, recorded, insights, erased, gone] = replies.map((r) => r.body);

    // The reply the block promises in its comment.
    const promised = /^# → (.+)$/m.exec(script)?.[1];
    expect(JSON.parse(collected!)).toEqual(JSON.parse(promised!));
    expect(JSON.parse(collected!)).toEqual({ score: 10, band: 'cold' });
    expect(JSON.parse(list!).leads).toContainEqual(expect.objectContaining({ id: 'ana@example.com', score: 10, band: 'cold', identified: true }));
    expect(JSON.parse(ana!)).toMatchObject({ id: 'ana@example.com', identified: true, score: 10, traits: { name: 'Ana Lima' } });
    expect(csv).toBe('');
    const rows = readFileSync(join(root, 'leads.csv'), 'utf8').split('\r\n');
    expect(rows[0]).toBe('id,score,band,lastSeen,identified,confidence,publishedAt');
    expect(rows.some((r) => r.startsWith('ana@example.com,10,cold,') && /,true,,[^,]+Z$/.test(r))).toBe(true);
    expect(JSON.parse(site!)).toMatchObject({ origins: ['https://www.example.com'], webhook: { url: 'https://www.example.com/hooks/leadpulse', secret: '****************' } });
    expect(JSON.parse(recorded!)).toMatchObject({ site: 'demo', received: 1, recorded: 1, results: [{ index: 0, result: 'recorded' }] });
    expect(JSON.parse(insights!).outcomes).toEqual([{ outcome: 'won', outcomes: 1, leads: 1, value: 1200 }]);
    expect(erased).toBe('');
    expect(JSON.parse(gone!).error.code).toBe('unknown_lead');
  });

  it('makes a read key that reads, is refused a write, is listed masked and stops working once revoked', async () => {
    const script = docBlock(API_DOC, 'sh', (code) => code.startsWith('# API keys against npm start'));
    const { replies } = await runSession(script);
    expect(replies.map((r) => r.status)).toEqual([200, 403, 200, 204, 401]);
    const [list, refused, keys, revoked, gone] = replies.map((r) => r.body);
    expect(JSON.parse(list!)).toHaveProperty('leads');
    expect(JSON.parse(refused!).error.code).toBe('insufficient_scope');
    expect(JSON.parse(keys!).keys).toContainEqual(expect.objectContaining({ site: 'demo', name: 'reporting', scope: 'read', masked: expect.stringMatching(/^lpk_demo_[0-9a-f]{12}_…[0-9a-f]{4}$/) }));
    expect(keys).not.toMatch(/lpk_demo_[0-9a-f]{12}_[0-9a-f]{64}/);
    expect(revoked).toBe('');
    expect(JSON.parse(gone!).error).toEqual({ code: 'unauthorized', message: 'unknown, revoked or rotated API key' });
  });
});

/** The Node signing code of docs/api.md's "Signed identify", imported as written. */
async function nodeSigner(): Promise<{ signLeadId(leadId: string, secret: string): string }> {
  const code = docBlock(API_DOC, 'js', (c) => c.includes('export function signLeadId'));
  return import(`data:text/javascript,${encodeURIComponent(code)}`);
}

describe('the identify signing code of docs/api.md', () => {
  it('signs in Node and in Python as the collector verifies: the visitor is linked to the lead', async () => {
    const secret = 'docs-identify-secret-0123456789abcdef';
    const config = { rules: [{ id: 'boost', when: { type: 'event', name: 'boost' }, points: 30 }], bands: { warm: 40, hot: 80 }, identify: { secret } };
    const put = await fetch(`${worker.origin}/v1/sites/docs-signed/config`, { method: 'PUT', headers: { Authorization: 'Bearer e2e-token', 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
    expect(put.status).toBe(201);
    const { signLeadId } = await nodeSigner();
    const python = docBlock(API_DOC, 'python', (c) => c.includes('def sign_lead_id'));
    const signPython = async (lead: string) =>
      (await promisify(execFile)('python3', ['-c', `${python}\nimport sys\nprint(sign_lead_id(sys.argv[1], sys.argv[2]))`, lead, secret])).stdout.trim();

    for (const [lead, sign] of [
      ['  Cleo@Example.COM ', async (l: string) => signLeadId(l, secret)],
      ['CRM-0042', signPython],
      ['Dora@Example.com', signPython],
    ] as const) {
      const sig = await sign(lead);
      expect(sig).toBe(signLeadId(lead, secret));
      const visitor = `docs-signed-${sig.slice(0, 10)}`;
      const res = await fetch(`${worker.origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site: 'docs-signed', visitor, events: [{ id: `${visitor}-1`, type: 'event', ts: Date.now(), name: 'boost' }, { id: `${visitor}-2`, type: 'identify', ts: Date.now(), lead, sig }] }) });
      expect(res.headers.get('x-leadpulse-identify')).toBeNull();
      expect(await res.json()).toEqual({ score: 30, band: 'cold' });
      const details = await fetch(`${worker.origin}/v1/leads/${encodeURIComponent(lead.trim())}?site=docs-signed`, { headers: { Authorization: 'Bearer e2e-token' } });
      expect(await details.json()).toMatchObject({ identified: true, visitors: [visitor] });
    }
    // A signature made with another secret is refused.
    const forged = signLeadId('eve@example.com', 'not-the-site-secret-0123456789abcdef');
    const res = await fetch(`${worker.origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site: 'docs-signed', visitor: 'docs-signed-forged-01', events: [{ id: 'docs-forged-1', type: 'identify', ts: Date.now(), lead: 'eve@example.com', sig: forged }] }) });
    expect(res.headers.get('x-leadpulse-identify')).toBe('unverified');
    expect(await res.json()).toEqual({ score: 0, band: 'cold' });
  });
});

describe('the webhook verifier of docs/api.md', () => {
  const SECRET = 'docs-example-secret-0123456789';
  let receiver: Server;
  const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('accepts a real lead.hot delivery and refuses it altered or under another secret', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/leadpulse`;
    const config = { rules: [{ id: 'boost', when: { type: 'event', name: 'boost' }, points: 90 }], bands: { warm: 40, hot: 80 }, webhook: { url, secret: SECRET } };
    const put = await fetch(`${worker.origin}/v1/sites/docs-hooks/config`, { method: 'PUT', headers: { Authorization: 'Bearer e2e-token', 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
    expect(put.status).toBe(201);
    // A new site requires signed identifies: signed with the secret its PUT generated, by the doc's Node code.
    const { identify } = (await put.json()) as { identify: { secret: string } };
    const { signLeadId } = await nodeSigner();
    const ts = Date.now();
    const events = [
      { id: 'docs-hook-event-1', type: 'identify', ts, lead: 'Bea@Example.com', sig: signLeadId('Bea@Example.com', identify.secret) },
      { id: 'docs-hook-event-2', type: 'event', ts, name: 'boost' },
    ];
    const res = await fetch(`${worker.origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site: 'docs-hooks', visitor: 'docs-hook-visitor-01', events }) });
    expect(await res.json()).toEqual({ score: 90, band: 'hot' });
    while (!deliveries.length) await new Promise((r) => setTimeout(r, 50));
    const { headers, body } = deliveries[0]!;

    // The delivery is what the doc describes: its example's fields, its headers.
    const example = JSON.parse(docBlock(API_DOC, 'json', (code) => code.includes('"type":"lead.hot"')));
    const payload = JSON.parse(body);
    expect(Object.keys(payload)).toEqual(Object.keys(example));
    expect(payload).toMatchObject({ type: 'lead.hot', site: 'docs-hooks', lead: 'bea@example.com', score: 90, band: 'hot' });
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('leadpulse-webhook/1');
    expect(headers['x-leadpulse-delivery']).toBe(payload.id);

    const code = docBlock(API_DOC, 'js', (c) => c.includes('export function verifyLeadpulse'));
    const { verifyLeadpulse } = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
      verifyLeadpulse(rawBody: string, signatureHeader: string | undefined, secret: string): boolean;
    };
    const signature = headers['x-leadpulse-signature'] as string;
    expect(verifyLeadpulse(body, signature, SECRET)).toBe(true);
    expect(verifyLeadpulse(body.replace('"score":90', '"score":99'), signature, SECRET)).toBe(false);
    expect(verifyLeadpulse(body, signature, 'another-secret-0123456789')).toBe(false);
    expect(verifyLeadpulse(body, undefined, SECRET)).toBe(false);
  });
});
