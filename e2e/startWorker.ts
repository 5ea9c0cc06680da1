// The end-to-end tests' launcher of `wrangler dev`: the one in scripts/devServer.mjs, which the benchmarks share.
export { freePort, startWorker, type RunningWorker } from '../scripts/devServer.mjs';
