// Where the demo site is served: `npm start`, the end-to-end tests and `npm run deploy:demo` pass these options
// to wrangler; wrangler.toml alone (what `wrangler deploy` ships) serves collector/public and no demo pages.

/**
 * wrangler options that serve demo-site/ (laid out from demo/ by `npm run build`) as the Worker's assets and
 * turn on its server side (DEMO_SITE).
 */
export const DEMO_ARGS = ['--assets', 'demo-site', '--var', 'DEMO_SITE:true'];
