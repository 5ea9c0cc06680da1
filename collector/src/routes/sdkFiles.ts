// Serves the built SDK (`/lp.js`, `/lp-vitals.js`, `/lp.mjs`): cacheable, revalidated by ETag, CORS-safe.
import { Hono } from 'hono';
import { SDK_FILES } from '../generated/sdk';
import type { Env } from '../env';
import { conditionalGet } from '../middleware/conditionalGet';

/** Routes of the SDK files. */
export const sdkFiles = new Hono<{ Bindings: Env }>();

for (const [path, file] of Object.entries(SDK_FILES)) {
  sdkFiles.get(path, conditionalGet(), (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // Browsers keep it five minutes, then revalidate, so an update reaches every page within minutes.
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    c.header('ETag', file.etag);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(file.body);
  });
}
