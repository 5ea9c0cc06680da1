// The Worker's Hono app: thin routes wired to small modules. Static demo pages are served before it.
import { Hono } from 'hono';
import { except } from 'hono/combine';
import { cors } from 'hono/cors';
import { requireScope } from './auth/requireScope';
import { requireToken } from './auth/requireToken';
import type { Env } from './env';
import { errorJson, renderError } from './errors';
import { requireHashKey } from './auth/requireHashKey';
import { collect } from './routes/collect';
import { conversions } from './routes/conversions';
import { dashboard } from './routes/dashboard';
import { keys } from './routes/keys';
import { demoSign } from './routes/demoSign';
import { addressBudget } from './middleware/abuseLimits';
import { insights } from './routes/insights';
import { leadEdits } from './routes/leadEdits';
import { leads } from './routes/leads';
import { openapi } from './routes/openapi';
import { score } from './routes/score';
import { sdkFiles } from './routes/sdkFiles';
import { sites } from './routes/sites';
import { stats } from './routes/stats';
import { vitals } from './routes/vitals';

/** The leadpulse app. */
export const app = new Hono<{ Bindings: Env }>();

// Public browser routes answer any origin at the CORS level; the collect route checks the site's
// origins itself, because the site is only known from the body.
const publicCors = cors({ origin: (origin) => origin || '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'], maxAge: 86400 });
app.use('/v1/collect', publicCors);
app.use('/v1/score', publicCors);

// Secure by default: every /v1 route but the two the browser calls needs a marketer's token. A set
// lookup rather than except's path patterns, which run a router match on every beacon.
// With a trailing slash too: those match no route and get a JSON 404, never an auth challenge.
const PUBLIC_PATHS = new Set(['/v1/collect', '/v1/score', '/v1/collect/', '/v1/score/']);
// Authentication (the admin token or a site's API key), then what the caller may do: a key reaches only
// its own site, with its scope, and never key management (requireScope.ts).
app.use('/v1/*', except((c) => PUBLIC_PATHS.has(c.req.path), requireToken(), requireScope()));
// Routes that name leads need the hash key (after the token check: unauthenticated calls still get 401).
app.use('/v1/collect', requireHashKey());
app.use('/v1/leads/:id', requireHashKey());
app.use('/v1/leads/:id/*', requireHashKey());
// The demo's signing handler (its contact form's server side) signs with a secret derived from the hash key.
app.use('/demo/sign', requireHashKey(), addressBudget());
app.use('/v1/conversions', requireHashKey());

app.route('/v1/collect', collect);
app.route('/v1/score', score);
app.route('/v1', leads);
app.route('/v1', leadEdits);
app.route('/v1', vitals);
app.route('/v1', stats);
app.route('/v1', sites);
app.route('/v1', keys);
app.route('/v1', conversions);
app.route('/v1', insights);
app.route('/', openapi);
app.route('/', dashboard);
app.route('/', sdkFiles);
app.route('/demo/sign', demoSign);
app.get('/healthz', (c) => c.json({ ok: true }));

app.notFound((c) => (c.req.path.startsWith('/v1/') ? errorJson(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`) : c.env.ASSETS.fetch(c.req.raw)));
app.onError(renderError);
