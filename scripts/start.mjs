// `npm start`: serves the demo site, the SDK and the collector on http://127.0.0.1:8787 with wrangler's
// local mode, state persisted under .wrangler/state (kept across restarts). Another port:
// `npm start -- --port 8788` or `PORT=8788 npm start` (the option wins). Ctrl-C stops wrangler and every
// workerd process it started.
import { resolve } from 'node:path';
import { DEMO_ARGS } from './demoSite.mjs';
import { ensureDevVars } from './devVars.mjs';
import { isPortFree, nextFreePort } from './ports.mjs';
import { signalGroup, spawnGroup } from './processGroup.mjs';

/** Says what is wrong in one line and exits: no stack trace for a mistake a user can fix. */
function fail(message) {
  console.error(message);
  process.exit(1);
}

/** The port of `--port N` / `--port=N` in `argv`, else of PORT, else 8787. */
function chosenPort(argv, env) {
  let raw = env.PORT || '8787';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') raw = argv[++i] ?? '';
    else if (arg.startsWith('--port=')) raw = arg.slice('--port='.length);
    else fail(`unknown option ${arg}: npm start takes only --port N (e.g. npm start -- --port 8788)`);
  }
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) fail(`invalid port '${raw}': give a whole number from 1 to 65535, e.g. npm start -- --port 8788`);
  return port;
}

const port = chosenPort(process.argv.slice(2), process.env);
// Checked here, where the message can be one line: wrangler would print a stack trace for a busy port.
const free = await isPortFree(port).catch((err) => fail(`cannot listen on 127.0.0.1:${port} (${err.code ?? err.message}); try npm start -- --port 8788`));
if (!free) fail(`port ${port} is in use; try npm start -- --port ${await nextFreePort(port + 1)}`);

ensureDevVars();
console.log(`Marketer API token: API_TOKEN in .dev.vars; dashboard at http://127.0.0.1:${port}/dashboard`);
const server = spawnGroup(
  process.execPath,
  [resolve('node_modules/wrangler/bin/wrangler.js'), 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', '.wrangler/state', '--show-interactive-dev-session=false', ...DEMO_ARGS],
  { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
);

// wrangler runs in a process group of its own, so Ctrl-C reaches only this process: stop the group, then
// exit. A second Ctrl-C while stopping kills what is left at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return void signalGroup(server.pgid, 'SIGKILL');
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (err) => fail(err.message),
    );
  });
}
server.guard.on('exit', (code) => {
  if (!stopping) process.exit(code ?? 1);
});
