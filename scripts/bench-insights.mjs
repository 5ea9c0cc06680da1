// `npm run bench` (insights): runs collector/bench/insightsCost.run.ts inside workerd (the collector's test
// pool, with the real Worker and Durable Objects) and prints its figures: the insights read time on 1,000 and
// 100,000 leads as a ratio, and the rows written per beacon and per conversion. See docs/performance.md.
import { runWorkerdBench } from './runWorkerdBench.mjs';

runWorkerdBench('collector/bench/insightsCost.run.ts', process.argv[2]); // argv[2]: a test name filter
