// wrangler.toml's `[build] command`: `wrangler deploy` and `wrangler dev` run it before bundling, so a fresh
// clone needs no manual `npm run build` (the Worker imports the built SDK and dashboard from
// collector/src/generated/; `--assets demo-site` serves the demo pages built from demo-site/_src/). It runs `npm run build`
// only when a built file is missing or older than a source it is built from, so that the many `wrangler dev`
// starts of the tests cost a few stat calls.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build writes and the Worker imports or serves. */
const OUTPUTS = ['collector/src/generated/sdk.ts', 'collector/src/generated/dashboard.ts', 'demo-site/index.html'];
/** What they are built from (folders walked, `dist` folders skipped). */
const INPUTS = ['sdk/src', 'sdk/rollup.config.mjs', 'sdk/tsconfig.json', 'collector/dashboard', 'scripts/embed-sdk.mjs', 'scripts/embed-dashboard.mjs', 'scripts/minifyCss.mjs', 'demo-site/_src', 'scripts/build-demo.mjs', 'package-lock.json'];

/** The newest modification time under `path` (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== 'dist' && name !== 'node_modules')
    .reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

/** Why a build is needed, or null when the embedded files are up to date. */
export function staleBecause() {
  const missing = OUTPUTS.find((f) => !existsSync(f));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs));
  const changed = INPUTS.find((f) => newest(f) > built);
  return changed ? `${changed} changed since the last build` : null;
}

const why = staleBecause();
if (why) {
  console.log(`leadpulse: building the SDK and dashboard (${why})`);
  const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(run.status ?? 1);
}
