// Makes sure `.dev.vars` holds an API_TOKEN for the marketer API, creating a random one when missing.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Ensures `.dev.vars` at `root` has an API_TOKEN; returns the token. */
export function ensureDevVars(root = process.cwd()) {
  const file = resolve(root, '.dev.vars');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const found = /^API_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(text);
  if (found) return found[1];
  const token = randomBytes(24).toString('base64url');
  const line = `API_TOKEN="${token}"\n`;
  if (text) appendFileSync(file, (text.endsWith('\n') ? '' : '\n') + line);
  else writeFileSync(file, `# Local secrets for wrangler dev (git-ignored).\n${line}`);
  console.log(`Created an API token for the marketer API in ${file}`);
  return token;
}
