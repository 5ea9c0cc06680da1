// `npm run bench`: runs every benchmark (scripts/bench-*.mjs) in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2];
const benches = readdirSync('scripts').filter((f) => /^bench-.+\.mjs$/.test(f) && (!only || f.includes(only))).sort();
let failed = false;
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  const run = spawnSync(process.execPath, [`scripts/${file}`], { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } });
  if (run.status !== 0) {
    console.error(`${file} failed with exit code ${run.status}`);
    failed = true;
  }
}
if (failed) process.exit(1);
