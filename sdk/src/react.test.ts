// `leadpulse/react`: useLeadScore in components, fed by the SDK's onScore; server HTML that hydrates without a
// mismatch.
import { act, createElement, type ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { API, collector, freshBrowser, settle } from '../test/harness';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let renders: string[];
let container: HTMLElement;

/** The SDK and the hook as one page loads them (`leadpulse/react` imports the SDK's one instance). */
async function load() {
  vi.resetModules();
  const lp = await import('./index');
  const { useLeadScore } = await import('./react');
  /** A component that prints the band and score it reads, and logs each render. */
  const Badge = ({ name }: { name: string }): ReactNode => {
    const { score, band } = useLeadScore();
    renders.push(`${name}: ${band} ${score}`);
    return createElement('p', { id: name }, `${band} ${score}`);
  };
  const page = () => createElement('div', null, createElement(Badge, { name: 'a' }), createElement(Badge, { name: 'b' }));
  return { lp, page };
}

const text = (id: string) => container.querySelector(`#${id}`)?.textContent;

beforeEach(() => {
  freshBrowser();
  renders = [];
  container = document.createElement('div');
  document.body.replaceChildren(container);
});
afterEach(() => {
  vi.restoreAllMocks();
});

it('reads cold before init, the cached score at init, then each fresh score the collector sends', async () => {
  localStorage.setItem('lp_score', '55');
  localStorage.setItem('lp_band', 'warm');
  const { lp, page } = await load();
  const root = createRoot(container);
  await act(() => root.render(page()));
  expect([text('a'), text('b')]).toEqual(['cold 0', 'cold 0']);

  await act(() => lp.init({ site: 'demo', api: API }));
  expect([text('a'), text('b')]).toEqual(['warm 55', 'warm 55']);

  collector.score = () => ({ score: 85, band: 'hot' });
  lp.track('pricing_calculator');
  await act(() => settle());
  expect(collector.requests).not.toHaveLength(0);
  expect([text('a'), text('b')]).toEqual(['hot 85', 'hot 85']);

  // A reply that changes nothing renders nothing.
  const before = renders.length;
  lp.track('pricing_calculator');
  await act(() => settle());
  expect(renders).toHaveLength(before);
  await act(() => root.unmount());
});

it('subscribes to the SDK once for every component, and lets unmounted ones go', async () => {
  const { lp, page } = await load();
  const onScore = vi.spyOn(lp, 'onScore');
  lp.init({ site: 'demo', api: API });
  const root = createRoot(container);
  await act(() => root.render(page()));
  await act(() => root.render(createElement('div', null)));
  await act(() => root.render(page()));
  expect(onScore).toHaveBeenCalledTimes(1);
  collector.score = () => ({ score: 45, band: 'warm' });
  lp.track('webinar_signup');
  await act(() => settle());
  expect([text('a'), text('b')]).toEqual(['warm 45', 'warm 45']);

  await act(() => root.unmount());
  const errors = vi.spyOn(console, 'error');
  const before = renders.length;
  collector.score = () => ({ score: 90, band: 'hot' });
  lp.track('demo_request');
  await act(() => settle());
  expect(renders).toHaveLength(before);
  expect(errors).not.toHaveBeenCalled();
});

it('hydrates server HTML without a mismatch while the score is already known, then shows it', async () => {
  const { lp, page } = await load();
  // The server knows no band: its HTML reads cold.
  const html = renderToString(page());
  expect(html).toContain('cold 0');

  // Another island of the page already reads the cached score when this one hydrates.
  localStorage.setItem('lp_score', '90');
  localStorage.setItem('lp_band', 'hot');
  lp.init({ site: 'demo', api: API });
  const other = document.createElement('div');
  document.body.appendChild(other);
  const otherRoot = createRoot(other);
  await act(() => otherRoot.render(page()));
  expect(other.textContent).toBe('hot 90hot 90');

  container.innerHTML = html;
  renders = [];
  const errors = vi.spyOn(console, 'error');
  const recoverable = vi.fn();
  let root: ReturnType<typeof hydrateRoot> | undefined;
  await act(() => {
    root = hydrateRoot(container, page(), { onRecoverableError: recoverable });
  });
  expect(recoverable).not.toHaveBeenCalled();
  expect(errors).not.toHaveBeenCalled();
  // The first render matched the server's HTML, the next one shows the score.
  expect(renders).toEqual(['a: cold 0', 'b: cold 0', 'a: hot 90', 'b: hot 90']);
  expect([text('a'), text('b')]).toEqual(['hot 90', 'hot 90']);
  await act(() => root!.unmount());
  await act(() => otherRoot.unmount());
});
