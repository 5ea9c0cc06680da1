// @vitest-environment node
// `leadpulse` and `leadpulse/react` on a server: no window, no document, no storage. Importing them must not throw,
// and the hook renders cold.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';

it('imports and renders on a server without a DOM, reading cold', async () => {
  expect(typeof window).toBe('undefined');
  const lp = await import('./index');
  const { useLeadScore } = await import('./react');
  // Calls before init on a server are kept, as in a page, and harm nothing.
  lp.track('rendered_on_server');
  const Cta = () => {
    const { band, score } = useLeadScore();
    return createElement('a', { href: band == 'hot' ? '/contact' : '/resources', 'data-score': score }, band);
  };
  expect(renderToString(createElement(Cta))).toBe('<a href="/resources" data-score="0">cold</a>');
});
