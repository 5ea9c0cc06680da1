// Makes sure `.dev.vars` holds the Worker's local secrets, creating random ones when missing:
// API_TOKEN (the marketer API's bearer token) and HASH_KEY (keys the hash that names leads).
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SECRETS = ['API_TOKEN', 'HASH_KEY'];

/** The local secrets `.dev.vars` at `root` holds, by name (none when there is no file); writes nothing. */
export function readDevVars(root = process.cwd()) {
  const file = resolve(root, '.dev.vars');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const values = {};
  for (const name of SECRETS) {
    const found = new RegExp(`^${name}\\s*=\\s*"?([^"\\n]+)"?`, 'm').exec(text);
    if (found) values[name] = found[1];
  }
  return values;
}

/** Ensures `.dev.vars` at `root` has every local secret; returns them by name. */
export function ensureDevVars(root = process.cwd()) {
  const file = resolve(root, '.dev.vars');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const values = readDevVars(root);
  const added = [];
  for (const name of SECRETS) {
    if (values[name]) continue;
    values[name] = randomBytes(24).toString('base64url');
    added.push(`${name}="${values[name]}"`);
  }
  if (added.length) {
    if (!text) writeFileSync(file, (text = '# Local secrets for wrangler dev (git-ignored).\n'));
    appendFileSync(file, (text.endsWith('\n') ? '' : '\n') + added.join('\n') + '\n');
    console.log(`Created ${added.map((l) => l.split('=')[0]).join(' and ')} in ${file}`);
  }
  return values;
}
