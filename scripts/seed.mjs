// `npm run seed`: a first look at the dashboard with people to call. Sends the demo site's collector a week of
// browsing by a dozen named people — a few hot, some warm, some cold — and a few anonymous visitors, on the
// demo site's own rules, each identify signed by the demo's signing route as its contact form does.
//
//   npm run seed -- [--origin http://127.0.0.1:8787]
//
// Run it against `npm start` (the demo is served there); then open /dashboard. Every run adds new visitors.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const HOUR = 3_600_000;

/** The people: browsing on the demo rules (visits 5 up to 25, pricing 10 up to 30, downloads 10 up to 30, webinar 40, careers −15). */
export const PEOPLE = [
  { lead: 'ana.ortiz@northwind.example', traits: { name: 'Ana Ortiz', company: 'Northwind Traders', role: 'CFO' }, visits: 4, pricing: 3, downloads: 2, webinar: true, hoursAgo: 6 },
  { lead: 'ben.okafor@contoso.example', traits: { name: 'Ben Okafor', company: 'Contoso', role: 'Controller' }, visits: 3, pricing: 3, downloads: 2, webinar: true, hoursAgo: 20 },
  { lead: 'priya.nair@fabrikam.example', traits: { name: 'Priya Nair', company: 'Fabrikam', role: 'Head of Finance' }, visits: 3, pricing: 3, downloads: 1, webinar: true, hoursAgo: 30 },
  { lead: 'diego.alvarez@tailspin.example', traits: { name: 'Diego Alvarez', company: 'Tailspin Toys', role: 'VP Finance' }, visits: 3, pricing: 2, downloads: 2, webinar: true, hoursAgo: 44 },
  { lead: 'mei.chen@litware.example', traits: { name: 'Mei Chen', company: 'Litware', role: 'Accountant' }, visits: 2, pricing: 2, webinar: true, hoursAgo: 3 },
  { lead: 'tom.schulz@adventure-works.example', traits: { name: 'Tom Schulz', company: 'Adventure Works', role: 'Finance Manager' }, visits: 3, pricing: 2, downloads: 1, hoursAgo: 50 },
  { lead: 'sara.lind@wideworld.example', traits: { name: 'Sara Lind', company: 'Wide World Importers', role: 'Bookkeeper' }, visits: 1, webinar: true, hoursAgo: 12 },
  { lead: 'omar.haddad@proseware.example', traits: { name: 'Omar Haddad', company: 'Proseware', role: 'COO' }, visits: 2, pricing: 3, hoursAgo: 70 },
  { lead: 'julia.rossi@alpineski.example', traits: { name: 'Julia Rossi', company: 'Alpine Ski House', role: 'Owner' }, visits: 1, pricing: 1, hoursAgo: 90 },
  { lead: 'kenji.sato@cohowinery.example', traits: { name: 'Kenji Sato', company: 'Coho Winery', role: 'Analyst' }, visits: 2, pricing: 1, careers: 1, hoursAgo: 100 },
];

/** Anonymous visitors: browsing only, never identified. */
export const ANONYMOUS = [
  { visits: 3, pricing: 3, downloads: 1 },
  { visits: 2, pricing: 2, downloads: 2 },
  { visits: 1, pricing: 1 },
  { visits: 2, downloads: 1 },
  { visits: 1, pricing: 2, careers: 1 },
  { visits: 1 },
].map((spec, i) => ({ ...spec, hoursAgo: 4 + i * 15 }));

const rid = () => randomBytes(12).toString('base64url');

/** The events of one person's browsing, spread over the hours before `hoursAgo` (within the collector's 7 days). */
export function browsing(spec, now = Date.now()) {
  const events = [];
  let t = now - spec.hoursAgo * HOUR - (spec.visits ?? 1) * 8 * HOUR;
  const at = (gap = 6 * 60_000) => (t += gap);
  for (let v = 0; v < (spec.visits ?? 1); v++) {
    events.push({ id: rid(), type: 'visit', ts: at(8 * HOUR) }, { id: rid(), type: 'pageview', ts: at(), path: '/' });
    if (v < (spec.pricing ?? 0)) events.push({ id: rid(), type: 'pageview', ts: at(), path: '/pricing' });
    if (v < (spec.downloads ?? 0)) events.push({ id: rid(), type: 'download', ts: at(), url: ['/files/close-guide.pdf', '/files/roi-model.xlsx'][v % 2] });
  }
  for (let i = spec.visits ?? 1; i < (spec.pricing ?? 0); i++) events.push({ id: rid(), type: 'pageview', ts: at(), path: '/pricing' });
  for (let i = spec.visits ?? 1; i < (spec.downloads ?? 0); i++) events.push({ id: rid(), type: 'download', ts: at(), url: '/files/close-guide.pdf' });
  for (let i = 0; i < (spec.careers ?? 0); i++) events.push({ id: rid(), type: 'pageview', ts: at(), path: '/careers' });
  if (spec.webinar) events.push({ id: rid(), type: 'event', ts: at(), name: 'webinar_signup' });
  return events;
}

async function post(origin, path, body) {
  const res = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'Content-Type': path === '/v1/collect' ? 'text/plain' : 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Seeds site `demo` of the collector at `origin`; resolves to each person's lead id and score. */
export async function seedDemo(origin, now = Date.now()) {
  const people = [];
  for (const p of PEOPLE) {
    const visitor = rid();
    const { signature } = await post(origin, '/demo/sign', { lead: p.lead });
    const identify = { id: rid(), type: 'identify', ts: now - p.hoursAgo * HOUR, lead: p.lead, traits: p.traits, sig: signature };
    const reply = await post(origin, '/v1/collect', { site: 'demo', visitor, events: [...browsing(p, now), identify] });
    people.push({ lead: p.lead, ...reply });
  }
  for (const a of ANONYMOUS) await post(origin, '/v1/collect', { site: 'demo', visitor: rid(), events: browsing(a, now) });
  return people;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--origin');
  const origin = (i > 0 ? process.argv[i + 1] : undefined) ?? 'http://127.0.0.1:8787';
  try {
    const people = await seedDemo(origin);
    for (const p of people) console.log(`${p.band.padEnd(4)} ${String(p.score).padStart(3)}  ${p.lead}`);
    console.log(`\n${people.length} people and ${ANONYMOUS.length} anonymous visitors on site demo: open ${origin}/dashboard`);
  } catch (err) {
    console.error(`seed: ${err.message} (is npm start running at ${origin}?)`);
    process.exit(1);
  }
}
