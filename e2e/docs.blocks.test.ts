// Every fenced block of README.md and docs/*.md is accounted for (issue 15): run by a named test that reads it
// from the markdown, or marked as reference text (route signatures, replies, diagrams) or as not run here, with
// why. A new block fails this test until someone says which it is, so no example drifts unnoticed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

type Fate = { run: string } | { reference: string } | { notRun: string };

/** By file, then by the block's language and the start of its first line. */
const BLOCKS: Record<string, [lang: string, first: string, fate: Fate][]> = {
  'README.md': [
    ['sh', 'npm install && npm start', { notRun: '`npm test` is how this suite runs; `npm start` is run by e2e/start.test.ts through scripts/start.mjs' }],
    ['html', '<script defer src="https://YOUR-COLLECTOR/lp.js"', { run: 'e2e/readme.claims.test.ts' }],
    ['html', '<script>window.lp=window.lp', { run: 'sdk/src/headSnippet.test.ts' }],
    ['html', '<a href="/resources" data-lp-show', { run: 'e2e/readme.claims.test.ts' }],
    ['sh', 'npm install', { run: 'e2e/deploy.test.ts' }],
    ['', 'sdk/src/', { reference: 'the map of the code' }],
  ],
  'docs/api.md': [
    ['json', '{"error":', { reference: 'the shape of an error reply' }],
    ['', 'POST /v1/collect', { reference: 'a route signature' }],
    ['', 'GET /v1/score', { reference: 'a route signature' }],
    ['', 'POST /demo/sign', { reference: 'a route signature' }],
    ['js', "import { createHmac } from 'node:crypto';", { run: 'e2e/docs.examples.test.ts' }],
    ['python', 'import hashlib', { run: 'e2e/docs.examples.test.ts' }],
    ['php', '<?php', { notRun: 'no PHP on the test machine; the Node and Python signers it mirrors are run' }],
    ['html', '<script>', { notRun: 'a PHP template around lp("identify"); the signed identify it sends is run by e2e/docs.examples.test.ts' }],
    ['', 'GET /v1/leads?', { reference: 'a route signature' }],
    ['', 'GET /v1/leads/:id', { reference: 'a route signature' }],
    ['', 'GET /v1/leads.csv', { reference: 'a route signature' }],
    ['', 'GET /v1/stats', { reference: 'a route signature' }],
    ['', 'GET /v1/vitals', { reference: 'a route signature' }],
    ['', 'DELETE /v1/leads/:id', { reference: 'a route signature' }],
    ['', 'GET /v1/sites/:site/config', { reference: 'a route signature' }],
    ['json', '{"id":"whd_', { run: 'e2e/docs.examples.test.ts' }],
    ['json', '{\n  "webhook"', { run: 'e2e/readme.claims.test.ts' }],
    ['js', "import { createHmac, timingSafeEqual }", { run: 'e2e/docs.examples.test.ts' }],
    ['', '→ 200 {"score": 10', { reference: 'the collect reply of a site with several models' }],
    ['', 'GET /v1/leads?site=demo&model=', { reference: 'a route signature' }],
    ['', 'PATCH /v1/leads/', { reference: 'a route signature' }],
    ['', 'PUT /v1/leads/', { reference: 'a route signature' }],
    ['json', '{"id":"whd_9a1e', { reference: 'an example lead.stage body; its fields are asserted by collector/src/routes/models.test.ts' }],
    ['sh', '# Try the API against npm start', { run: 'e2e/docs.examples.test.ts' }],
    ['sh', '# API keys against npm start', { run: 'e2e/docs.examples.test.ts' }],
  ],
  'docs/architecture.md': [['', 'page ──', { reference: 'a diagram' }]],
  'docs/deploy.md': [
    ['sh', 'npm install', { run: 'e2e/deploy.test.ts' }],
    ['sh', 'npx wrangler kv namespace create SCORES', { run: 'e2e/deploy.test.ts' }],
    ['sh', 'npx wrangler secret put HASH_KEY', { run: 'e2e/deploy.test.ts' }],
    ['sh', 'npm run deploy\n', { run: 'e2e/deploy.test.ts' }],
    ['sh', 'npm run deploy:demo', { run: 'e2e/deploy.test.ts' }],
    ['sh', 'COLLECTOR=', { run: 'e2e/deploy.test.ts' }],
    ['html', '<script defer src="https://leadpulse.YOUR-SUBDOMAIN', { run: 'e2e/deploy.test.ts' }],
  ],
  'docs/insights.md': [['sh', 'npm run simulate', { notRun: 'the simulator it starts (scripts/simulate.mjs) is run by e2e/insights.test.ts with 3,000 visitors, not through npm' }]],
  'docs/performance.md': [],
  'docs/personalization.md': [
    ['html', '<a href="/resources" data-lp-show', { run: 'e2e/readme.claims.test.ts' }],
    ['html', '<script defer src="https://COLLECTOR/lp.js"', { run: 'e2e/readme.claims.test.ts' }],
    ['js', '// In the page', { run: 'e2e/personalization.server.test.ts' }],
    ['js', '// server.mjs', { run: 'e2e/personalization.server.test.ts' }],
    ['js', '// worker.js', { run: 'e2e/personalization.server.test.ts' }],
  ],
  'docs/scoring.md': [
    ['json', '{\n  "origins"', { run: 'e2e/readme.claims.test.ts' }],
    ['json', '{\n  "rules"', { run: 'e2e/readme.claims.test.ts' }],
  ],
  'docs/sdk.md': [
    ['html', '<script defer src="https://YOUR-COLLECTOR/lp.js"', { run: 'e2e/readme.claims.test.ts' }],
    ['html', '<script>\n  lp(', { notRun: 'the commands with placeholders (a signature from your server); each command is run by the SDK tests' }],
    ['sh', 'npm install leadpulse', { run: 'e2e/sdk.package.test.ts' }],
    ['js', '// app.js', { run: 'e2e/sdk.package.test.ts' }],
    ['jsx', '// PricingCta.jsx', { run: 'e2e/sdk.package.test.ts' }],
    ['html', '<script type="module">', { run: 'e2e/sdk.package.test.ts' }],
  ],
};

const files = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

it('knows every fenced block of README.md and docs/, in order, and each test it names exists and reads that file', () => {
  expect(files.sort()).toEqual(Object.keys(BLOCKS).sort());
  for (const file of files) {
    const found = [...readFileSync(file, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);
    const known = BLOCKS[file]!;
    expect(found.map(([lang]) => lang), `${file}: the languages of its blocks, in order`).toEqual(known.map(([lang]) => lang));
    found.forEach(([lang, code], i) => {
      const [, first, fate] = known[i]!;
      expect(code.startsWith(first), `${file}, block ${i + 1} (${lang}) starts with ${JSON.stringify(code.slice(0, 40))}`).toBe(true);
      if ('run' in fate) {
        expect(existsSync(fate.run), fate.run).toBe(true);
        expect(readFileSync(fate.run, 'utf8'), `${fate.run} does not read ${file}`).toContain(file.replace(/^docs\//, '').replace('.md', ''));
      }
    });
  }
});
