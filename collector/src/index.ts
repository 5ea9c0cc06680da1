// Worker entry: the app and the Durable Object classes wrangler.toml binds. With `METER=1` (the cost
// benchmark) it counts every request and serves the counts at `GET /__meter`.
import { app } from './app';
import type { Env } from './env';
import { count, metering, readMeter } from './meter/meter';
import { meteredEnv } from './meter/meteredEnv';

export { InsightsObject } from './insights/InsightsObject';
export { LeadObject } from './lead/LeadObject';
export { IndexObject } from './site/IndexObject';
export { SiteObject } from './site/SiteObject';

export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    if (!metering(env)) return app.fetch(req, env, ctx);
    const url = new URL(req.url);
    if (url.pathname === '/__meter') return Response.json(readMeter(url.searchParams.has('reset')));
    count('requests', url.pathname.startsWith('/v1/') ? url.pathname : url.pathname.endsWith('.js') ? 'script' : 'other');
    return app.fetch(req, meteredEnv(env), ctx);
  },
} satisfies ExportedHandler<Env>;
