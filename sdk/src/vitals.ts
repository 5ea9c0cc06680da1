// The Web Vitals add-on (`lp-vitals.js`, loaded by `lp.js` only with `data-vitals`): keeps the latest
// LCP, INP and CLS from the `web-vitals` package and hands them to the core once per page load, when the
// page is first hidden, so they travel in the batch the core beacons at that moment.
import { onCLS, onINP, onLCP, type Metric } from 'web-vitals';
import type { Vitals } from './types.js';

try {
  const v: Partial<Vitals> = {};
  const keep = (key: 'lcp' | 'inp' | 'cls') => (m: Metric) => (v[key] = key == 'cls' ? +m.value.toFixed(4) : Math.round(m.value));
  // Every change, so the values are current at whatever moment the page is hidden.
  onLCP(keep('lcp'), { reportAllChanges: true });
  onINP(keep('inp'), { reportAllChanges: true });
  onCLS(keep('cls'), { reportAllChanges: true });
  let sent = false;
  // On document, this runs after web-vitals' own hidden handlers (on window, capture; they report what was
  // pending) and before the core's (on window, bubble), so the final values join the hide beacon.
  document.addEventListener(
    'visibilitychange',
    () => {
      try {
        if (document.visibilityState == 'hidden' && !sent && (v.lcp != null || v.inp != null || v.cls != null)) {
          sent = true;
          (window as unknown as { lp: (cmd: string, v: Vitals) => void }).lp('vitals', { ...v, path: location.pathname });
        }
      } catch {
        /* never into the host page */
      }
    },
  );
} catch {
  /* never into the host page */
}
