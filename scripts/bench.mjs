// `npm run bench`: runs every benchmark (scripts/bench-*.mjs) in turn; each prints its own figures.
// Interrupted (Ctrl-C, SIGTERM), it passes the signal on and waits for the running benchmark to stop
// its servers (scripts/devServer.mjs) before exiting.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2];
const benches = readdirSync('scripts').filter((f) => /^bench-.+\.mjs$/.test(f) && (!only || f.includes(only))).sort();
let current = null;
let interrupted = null;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = signal;
    // Ctrl-C reaches the benchmark too (same terminal process group); a SIGTERM sent here alone does not.
    current?.kill(signal);
  });
}

let failed = false;
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  current = spawn(process.execPath, [`scripts/${file}`], { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } });
  const { code, signal } = await new Promise((done) => current.once('exit', (code, signal) => done({ code, signal })));
  current = null;
  if (interrupted) {
    console.error(`${file} interrupted (${interrupted})`);
    process.exit(130);
  }
  if (code !== 0) {
    console.error(`${file} failed with ${signal ?? `exit code ${code}`}`);
    failed = true;
  }
}
if (failed) process.exit(1);
