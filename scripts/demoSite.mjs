// Where the demo site is served: `npm start`, the end-to-end tests and `npm run deploy:demo` pass these options
// to wrangler; wrangler.toml alone (what `wrangler deploy` ships) serves collector/public and no demo pages.

/**
 * wrangler options that serve demo-site/ (its pages laid out from demo-site/_src/ by `npm run build`) as the Worker's assets and
 * turn on its server side (DEMO_SITE).
 */
export const DEMO_ARGS = ['--assets', 'demo-site', '--var', 'DEMO_SITE:true'];
