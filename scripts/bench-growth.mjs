// `npm run bench` (growth): runs collector/bench/growth.run.ts inside workerd (the collector's test pool, with
// the real Worker and Durable Objects, METER=1) and prints its figures: the cost of a beacon against its
// lead's history (1 / 100 / 10,000 events) and merged visitors (1 / 200), and of the first page of the leads
// list against the site's leads (100 / 10,000 / 100,000), as ratios. See docs/performance.md.
import { runWorkerdBench } from './runWorkerdBench.mjs';

runWorkerdBench('collector/bench/growth.run.ts', process.argv[2]); // argv[2]: a test name filter
