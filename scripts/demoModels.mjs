// `npm run demo:models`: gives the demo site (against `npm start`) the models of its two product areas, a fit
// model on the contact form's traits and lifecycle stages (collector/src/site/demoModels.json, docs/scoring.md
// #models). The demo ships with one model, so that its replies are the plain `{score, band}` of SPEC.md; this
// adds the rest to its current configuration, keeping its rules, bands and webhook, and the site rescores.
//
//   npm run demo:models -- [--origin http://127.0.0.1:8787] [--token TOKEN]   (default: API_TOKEN of .dev.vars)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readDevVars } from './devVars.mjs';

/** The models and stages the demo gets. */
export const DEMO_MODELS = JSON.parse(readFileSync(new URL('../collector/src/site/demoModels.json', import.meta.url), 'utf8'));

/** Adds DEMO_MODELS to site `demo` at `origin`; resolves to the configuration the collector accepted. */
export async function applyDemoModels(origin, token) {
  const url = `${origin}/v1/sites/demo/config`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const got = await fetch(url, { headers });
  if (got.status !== 200) throw new Error(`GET /v1/sites/demo/config: ${got.status} ${await got.text()}`);
  // The secrets come back masked, and the masks sent back keep the stored secrets (docs/api.md).
  const body = { ...(await got.json()), ...DEMO_MODELS };
  const put = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(body) });
  const text = await put.text();
  if (put.status !== 200 && put.status !== 201) throw new Error(`PUT /v1/sites/demo/config: ${put.status} ${text}`);
  return JSON.parse(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const origin = arg('--origin') ?? 'http://127.0.0.1:8787';
  const token = arg('--token') ?? readDevVars().API_TOKEN;
  try {
    if (!token) throw new Error('no --token and no API_TOKEN in .dev.vars');
    const config = await applyDemoModels(origin, token);
    console.log(`site demo: models ${config.models.map((m) => m.id).join(', ')}; stages ${config.stages.map((s) => s.id).join(' → ')}`);
  } catch (err) {
    console.error(`demo:models: ${err.message} (is npm start running at ${origin}?)`);
    process.exit(1);
  }
}
