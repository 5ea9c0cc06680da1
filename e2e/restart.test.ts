// Exactly once across a restart of the local server (issue 4 point 5): concurrent beacons for one lead
// from three devices, a `wrangler dev` restart while beacons are in flight, then every beacon resent
// (as the SDK's outbox does for batches it never saw confirmed). Each signal counts once.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { request } from './request';
import { send as sendTo, type Reply } from './send';
import { demoSignature } from './signIdentify';
import { useWorker } from './useWorker';
import { SERVER_START_MS, SERVER_STOP_MS } from './waits';

const server = useWorker();

const id = () => 'e' + randomBytes(12).toString('base64url');
const newVisitor = () => randomBytes(16).toString('base64url');
type Event = Record<string, unknown> & { id: string };
const webinar = (): Event => ({ id: id(), type: 'event', ts: Date.now(), name: 'webinar_signup' });
const careers = (): Event => ({ id: id(), type: 'pageview', ts: Date.now(), path: '/careers' });
const download = (): Event => ({ id: id(), type: 'download', ts: Date.now(), url: '/files/leadpulse-guide.pdf' });

/** POST /v1/collect as the SDK does; resolves to the reply, or null when the server was not there. */
const send = (visitor: string, events: Event[]): Promise<Reply | null> => sendTo(server.origin, visitor, events, { orNull: true });

async function score(visitor: string) {
  return (await request(server.url(`/v1/score?site=demo&visitor=${visitor}`))).json();
}

it('counts every signal once when the server restarts mid-stream and every beacon is resent', async () => {
  const lead = `restart-${randomBytes(6).toString('hex')}@example.com`;
  const devices = [newVisitor(), newVisitor(), newVisitor()];
  // The demo site requires signed identifies: its signing handler signs the lead id once.
  const sig = await demoSignature(server.origin, lead);
  const identify = (): Event => ({ id: id(), type: 'identify', ts: Date.now(), lead, sig });
  const sent: [string, Event[]][] = [];
  const fire = (batches: [string, Event[]][]) => {
    sent.push(...batches);
    return Promise.all(batches.map(([v, events]) => send(v, events)));
  };

  // Before the restart, all at once: three devices identify as the lead; two webinar sign-ups (+40
  // each) and one careers visit (-15) with them. Demo rules: 80 - 15 = 65.
  const first = await fire([
    [devices[0]!, [identify(), webinar()]],
    [devices[1]!, [identify(), webinar()]],
    [devices[2]!, [identify(), careers()]],
  ]);
  expect(first.every((r) => r !== null)).toBe(true);

  // The server restarts while two more careers visits are in flight; some may never arrive.
  const inFlight = fire([
    [devices[0]!, [careers()]],
    [devices[1]!, [careers()]],
  ]);
  await server.restart();
  await inFlight;

  // After the restart every device resends everything it sent, twice and concurrently.
  const resent = await Promise.all([...sent, ...sent].map(([v, events]) => send(v, events)));
  expect(resent.every((r) => r !== null)).toBe(true);
  // 2 webinars (80) and 3 careers visits (-45), whatever arrived how often: 35 (read with one more
  // resend, since concurrent replies each show the score when their beacon was counted).
  expect(await send(devices[0]!, sent[0]![1])).toEqual({ score: 35, band: 'cold' });

  // A download (+10) and a third webinar (+40) turn the lead hot: published at once, for every device.
  expect(await send(devices[2]!, [download()])).toEqual({ score: 45, band: 'warm' });
  expect(await send(devices[1]!, [webinar()])).toEqual({ score: 85, band: 'hot' });
  for (const v of devices) expect(await score(v)).toEqual({ score: 85, band: 'hot' });

  // Another restart: the published scores and the history survive, and resending changes nothing.
  await server.restart();
  for (const v of devices) expect(await score(v)).toEqual({ score: 85, band: 'hot' });
  await Promise.all(sent.map(([v, events]) => send(v, events)));
  expect(await send(devices[2]!, sent[2]![1])).toEqual({ score: 85, band: 'hot' });
}, 2 * (SERVER_STOP_MS + SERVER_START_MS) + 60_000);
