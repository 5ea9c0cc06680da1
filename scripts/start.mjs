// `npm start`: serves the demo site, the SDK and the collector on http://127.0.0.1:8787 with
// wrangler's local mode, state persisted under .wrangler/state (kept across restarts).
import { spawn } from 'node:child_process';
import { ensureDevVars } from './devVars.mjs';

const port = process.env.PORT || '8787';
ensureDevVars();
console.log(`Marketer API token: API_TOKEN in .dev.vars; dashboard at http://127.0.0.1:${port}/dashboard`);
const child = spawn(
  process.execPath,
  ['node_modules/wrangler/bin/wrangler.js', 'dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', '.wrangler/state', '--show-interactive-dev-session=false'],
  { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
