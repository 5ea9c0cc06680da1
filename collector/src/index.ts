// Worker entry: the app and the Durable Object classes wrangler.toml binds.
import { app } from './app';

export { InsightsObject } from './insights/InsightsObject';
export { LeadObject } from './lead/LeadObject';
export { SiteObject } from './site/SiteObject';

export default app;
