// The signals the SDK records by itself and through its API, asserted on the payloads it sends.
import { beforeEach, describe, expect, it } from 'vitest';
import { API, click, collector, fakeFetch, freshBrowser, html, loadPage, sentEvents, setHidden, settle } from '../test/harness';

const types = () => sentEvents().map((e) => e.type);
const MINUTE = 60e3;

beforeEach(() => freshBrowser());

describe('pageview and visit', () => {
  it('sends a visit and a pageview on load, with fetch keepalive, as text/plain JSON', async () => {
    loadPage('/pricing', { title: 'Pricing — Northwind' });
    await settle();
    expect(fakeFetch).toHaveBeenCalledTimes(1);
    const [req] = collector.requests;
    expect(req).toMatchObject({ via: 'fetch', url: `${API}/v1/collect`, keepalive: true });
    expect(req!.contentType).toMatch(/^text\/plain/);
    expect(req!.body).toMatchObject({ site: 'demo', visitor: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(req!.body.events.map((e) => e.type)).toEqual(['visit', 'pageview']);
    expect(req!.body.events[1]).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), type: 'pageview', ts: Date.now() - 200, path: '/pricing', referrer: '' });
    expect(req!.body.events[0]!.id).not.toBe(req!.body.events[1]!.id);
  });

  it('keeps one visitor id across pages, in localStorage, without cookies', async () => {
    loadPage('/');
    await settle();
    loadPage('/pricing');
    await settle();
    const [a, b] = collector.requests;
    expect(a!.body.visitor).toBe(b!.body.visitor);
    expect(localStorage.getItem('lp_vid')).toBe(a!.body.visitor);
    expect(document.cookie).toBe('');
  });

  it('sends a pageview on pushState, replaceState and popstate, never twice for the same URL in a row', async () => {
    loadPage('/');
    await settle();
    history.pushState(null, '', '/product');
    history.pushState(null, '', '/product#features');
    history.replaceState(null, '', '/product?tab=2');
    history.replaceState(null, '', '/pricing');
    history.pushState(null, '', '/careers');
    history.back();
    await settle();
    // happy-dom's back() does not fire popstate: the browser does, after moving to the entry.
    history.replaceState(null, '', '/pricing');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    const paths = collector.of('pageview').map((e) => e.path);
    expect(paths).toEqual(['/', '/product', '/pricing', '/careers', '/pricing']);
  });

  it('starts a visit after 30 minutes without a signal, not before, across reloads and tabs', async () => {
    loadPage('/');
    await settle();
    await settle(29 * MINUTE);
    loadPage('/pricing');
    await settle();
    expect(collector.of('visit')).toHaveLength(1);
    await settle(31 * MINUTE);
    loadPage('/pricing');
    await settle();
    expect(collector.of('visit')).toHaveLength(2);
    // Each visit comes just before the pageview that starts it.
    const order = [...collector.stored.values()].map((e) => e.type).filter((t) => t == 'visit' || t == 'pageview');
    expect(order).toEqual(['visit', 'pageview', 'pageview', 'visit', 'pageview']);
  });

  it('does not let the engaged time sent at hide extend a visit (a tab left in the background)', async () => {
    loadPage('/');
    await settle();
    click(document.body, { type: 'pointerdown' });
    await settle(40 * MINUTE);
    setHidden(true);
    await settle();
    expect(sentEvents().some((e) => e.type == 'engaged')).toBe(true);
    setHidden(false);
    loadPage('/pricing');
    await settle();
    expect(collector.of('visit')).toHaveLength(2);
  });
});

describe('download', () => {
  const linkTo = (href: string, attrs = '') => html(`<p><a href="${href}" ${attrs}><span>Get it</span></a></p>`).querySelector('a')!;

  it('records a click on a file link, matching the extension case-insensitively without query or hash', async () => {
    loadPage('/resources');
    await settle();
    click(linkTo('/files/Guide.PDF?utm=x#page=2').firstElementChild!);
    await settle();
    expect(collector.of('download')).toEqual([expect.objectContaining({ url: 'http://localhost:3000/files/Guide.PDF?utm=x#page=2' })]);
  });

  it('knows every extension of Plausible’s list, and nothing else', async () => {
    loadPage('/resources');
    const list = 'pdf xlsx docx txt rtf csv exe key pps ppt pptx 7z pkg rar gz zip avi mov mp4 mpeg wmv midi mp3 wav wma dmg'.split(' ');
    for (const ext of list) click(linkTo(`/f/file.${ext}`));
    for (const href of ['/page?file=report.pdf', '/page#x.zip', '/pdf', '/blog/zip-files', '/a.pdfx', '/a.html']) click(linkTo(href));
    await settle();
    expect(collector.of('download').map((e) => (e.url as string).split('.').pop()).sort()).toEqual([...list].sort());
  });

  it('records links with a download attribute', async () => {
    loadPage('/resources');
    click(linkTo('/export?format=report', 'download'));
    await settle();
    expect(collector.of('download')).toEqual([expect.objectContaining({ url: 'http://localhost:3000/export?format=report' })]);
  });

  it('records middle-clicks and modified clicks, not right-clicks, and never delays navigation', async () => {
    loadPage('/resources');
    const a = linkTo('/files/roi.xlsx');
    const events = [
      click(a, { type: 'auxclick', button: 1 }),
      click(a, { ctrlKey: true }),
      click(a, { metaKey: true }),
      click(a, { shiftKey: true }),
      click(a, { type: 'auxclick', button: 2 }),
    ];
    // The browser follows the link: nothing was prevented, nothing waits for the network.
    expect(events.map((e) => e.defaultPrevented)).toEqual([false, false, false, false, false]);
    await settle();
    expect(collector.of('download')).toHaveLength(4);
  });
});

describe('event', () => {
  it('records a click on an element with data-lp-event (or inside it)', async () => {
    loadPage('/');
    const button = html('<div><button type="button" data-lp-event="webinar_signup"><b>Save my seat</b></button></div>').querySelector('b')!;
    click(button);
    await settle();
    expect(collector.of('event')).toEqual([expect.objectContaining({ name: 'webinar_signup' })]);
  });

  it('records a form’s submit, not the clicks inside it', async () => {
    loadPage('/contact');
    const form = html('<form data-lp-event="contact_form"><input name="email"><button type="submit">Send</button></form>') as HTMLFormElement;
    form.addEventListener('submit', (e) => e.preventDefault());
    click(form.querySelector('button')!);
    await settle();
    expect(collector.of('event')).toEqual([expect.objectContaining({ name: 'contact_form' })]);
    expect(sentEvents().filter((e) => e.type == 'event')).toHaveLength(1);
  });
});

describe('engaged', () => {
  it('sends the visible, active time when the page is hidden: idle time beyond 15 s and hidden time do not count', async () => {
    loadPage('/pricing');
    await settle();
    // 0.2 s since load, then activity every 5 s for 20 s.
    for (let i = 0; i < 4; i++) {
      await settle(5000);
      click(document.body, { type: 'pointermove' });
    }
    // A minute without input counts as 15 s of reading.
    await settle(60e3);
    setHidden(true);
    await settle(10 * MINUTE);
    setHidden(false);
    await settle(3000);
    click(document.body, { type: 'pointerdown' });
    setHidden(true);
    await settle();
    const engaged = collector.of('engaged');
    expect(engaged.map((e) => [e.path, e.ms])).toEqual([
      ['/pricing', 200 + 20_000 + 15_000],
      ['/pricing', 3000],
    ]);
  });

  it('sends the engaged time of the previous path on an SPA navigation', async () => {
    loadPage('/');
    await settle(4000);
    click(document.body, { type: 'keydown' });
    history.pushState(null, '', '/pricing');
    await settle();
    expect(collector.of('engaged')).toEqual([expect.objectContaining({ path: '/', ms: 4000 })]);
    expect(types().slice(-2)).toEqual(['engaged', 'pageview']);
  });

  it('sends nothing when there was no visible time', async () => {
    setHidden(true);
    loadPage('/');
    setHidden(true);
    await settle();
    expect(sentEvents().some((e) => e.type == 'engaged')).toBe(false);
  });
});

describe('vitals', () => {
  it('travel in the batch beaconed at hide, without extending the visit', async () => {
    const lp = loadPage('/product');
    await settle();
    const last = localStorage.getItem('lp_last');
    await settle(60e3);
    // What lp-vitals.js does when the page is first hidden (its listener runs before the core's).
    lp.vitals({ path: '/product', lcp: 1200, inp: 80, cls: 0.02 });
    setHidden(true);
    const beacon = collector.requests.at(-1)!;
    expect(beacon.via).toBe('beacon');
    expect(beacon.body.events.find((e) => e.type == 'vitals')).toMatchObject({ path: '/product', lcp: 1200, inp: 80, cls: 0.02 });
    expect(localStorage.getItem('lp_last')).toBe(last);
  });
});

describe('API', () => {
  it('sends track and identify with their fields', async () => {
    const lp = loadPage('/contact');
    lp.track('quote_requested', { plan: 'growth', seats: 25 });
    lp.identify('Ana@Example.com', { company: 'Cobalt' });
    await settle();
    expect(collector.of('event')).toEqual([expect.objectContaining({ name: 'quote_requested', props: { plan: 'growth', seats: 25 } })]);
    expect(collector.of('identify')).toEqual([expect.objectContaining({ lead: 'Ana@Example.com', traits: { company: 'Cobalt' } })]);
    expect(collector.of('identify')[0]).not.toHaveProperty('sig');
  });

  it('sends the signature the site’s server made for the lead id as `sig`', async () => {
    const lp = loadPage('/contact');
    const signature = 'a'.repeat(64);
    lp.identify('ana@example.com', undefined, { signature });
    lp.identify('bea@example.com', { name: 'Bea' }, {});
    await settle();
    expect(collector.of('identify')).toEqual([
      expect.objectContaining({ lead: 'ana@example.com', sig: signature }),
      expect.objectContaining({ lead: 'bea@example.com', traits: { name: 'Bea' } }),
    ]);
    expect(collector.of('identify')[1]).not.toHaveProperty('sig');
  });

  it('keeps when each event happened, however late it is sent', async () => {
    collector.mode = 'offline';
    loadPage('/');
    const at = Date.now();
    await settle(5 * MINUTE);
    collector.mode = 'up';
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(collector.of('pageview')[0]!.ts).toBe(at);
  });
});
