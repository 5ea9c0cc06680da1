// A copy of the Worker's files in a temporary folder, for a benchmark's `wrangler dev` (which reloads the
// Worker when a file of its folder changes: edits in the repository while a benchmark runs must not reach it).
import { cpSync, existsSync, mkdtempSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OUTPUTS } from './builtFiles.mjs';

/** What `wrangler dev` needs of the repository: its configuration, the Worker, the demo site, the build check. */
const FILES = ['wrangler.toml', 'package.json', 'tsconfig.json', 'collector/src', 'collector/public', 'demo-site', 'scripts'];

/**
 * Copies the Worker's files (the SDK and dashboard already built) into a new folder named after `prefix`;
 * returns the folder and the copy's root (`app`, with node_modules linked to the repository's).
 */
export function snapshotWorker(prefix) {
  const temp = mkdtempSync(join(tmpdir(), prefix));
  const app = join(temp, 'app');
  for (const f of FILES) cpSync(f, join(app, f), { recursive: true });
  symlinkSync(resolve('node_modules'), join(app, 'node_modules'));
  // The copy gives every file and folder the time it was made, sources after the built files they came from:
  // the built files are marked newest, so that wrangler's [build] command (scripts/buildIfStale.mjs) finds them
  // current, as they are, and does not try to build in the copy (which has no sdk/).
  const now = new Date();
  for (const f of OUTPUTS) if (existsSync(join(app, f))) utimesSync(join(app, f), now, now);
  return { temp, app };
}
