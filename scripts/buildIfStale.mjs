// wrangler.toml's `[build] command`: `wrangler deploy` and `wrangler dev` run it before bundling, so a fresh
// clone needs no manual `npm run build` (the Worker imports the built SDK and dashboard from
// collector/src/generated/; `--assets demo-site` serves the demo pages built from demo-site/_src/). It runs `npm run build`
// only when a built file is missing or older than a source it is built from, so that the many `wrangler dev`
// starts of the tests cost a few stat calls.
import { spawnSync } from 'node:child_process';
import { staleBecause } from './builtFiles.mjs';

const why = staleBecause();
if (why) {
  console.log(`leadpulse: building the SDK and dashboard (${why})`);
  const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(run.status ?? 1);
}
