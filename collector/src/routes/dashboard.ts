// `/dashboard`: the marketers' page and its script and styles, under a strict Content-Security-Policy.
// The page is public; every number on it comes from the authenticated API with the token it asks for.
// Its source is collector/dashboard/, built and embedded by `npm run build` (collector/src/generated/).
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Env } from '../env';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from '../generated/dashboard';

/** The dashboard routes. */
export const dashboard = new Hono<{ Bindings: Env }>();

/** Headers of the dashboard only: the SDK and the browser routes must stay embeddable by customer sites. */
const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
});

const files: [string, string, string][] = [
  ['/dashboard', 'text/html; charset=utf-8', DASHBOARD_HTML],
  ['/dashboard/app.js', 'text/javascript; charset=utf-8', DASHBOARD_JS],
  ['/dashboard/app.css', 'text/css; charset=utf-8', DASHBOARD_CSS],
];

for (const [path, type, body] of files) {
  dashboard.get(path, headers, (c) => {
    c.header('Content-Type', type);
    // Revalidated on every load so that a deploy reaches open dashboards at once.
    c.header('Cache-Control', 'no-cache');
    return c.body(body);
  });
}
