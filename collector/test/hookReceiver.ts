// Global setup of the collector's workerd tests: a local webhook receiver on 127.0.0.1 (workerd may fetch
// loopback addresses locally; production Workers may not). It answers every POST with 200 and records it;
// `GET /received` lists what it got, so that tests inside workerd can read it. Its URL is provided to the
// tests as `hookReceiver` (`inject('hookReceiver')`).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

/** A request the receiver got. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the local webhook receiver (no trailing slash). */
    hookReceiver: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/received') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
        return;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('hookReceiver', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
