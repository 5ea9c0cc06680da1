// Worker entry: the app and the Durable Object classes wrangler.toml binds.
import { app } from './app';

export { LeadObject } from './storage/LeadObject';
export { SiteObject } from './storage/SiteObject';

export default app;
