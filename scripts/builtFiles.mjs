// What `npm run build` writes and what it reads (scripts/buildIfStale.mjs decides from them whether to build;
// the benchmarks' snapshots of the Worker mark the written files as current).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build writes and the Worker imports or serves. */
export const OUTPUTS = ['collector/src/generated/sdk.ts', 'collector/src/generated/dashboard.ts', 'demo-site/index.html'];
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

/** Why a build is needed in the current folder, or null when the built files are up to date. */
export function staleBecause() {
  const missing = OUTPUTS.find((f) => !existsSync(f));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs));
  const changed = INPUTS.find((f) => newest(f) > built);
  return changed ? `${changed} changed since the last build` : null;
}
