// The head snippet's script (SPEC.md §3), inlined at the top of every page's <head>, before lp.js: a queue for
// the calls made before the SDK loads, and the cached band's class on <html> before first paint. The build joins
// it with headSnippet.css into sdk/dist/head-snippet.html (≤ 400 bytes, sdk/size-budget.json), the one copy
// that README.md and every demo page carry (headSnippet.test.ts holds them to it).
// Plain ES5 on purpose: it runs unguarded in every browser that opens the page, before anything can detect
// features, and a syntax error here would be the host page's.

/** The stub `lp`: keeps each call's `arguments` for lp.js to replay in order. */
type Queue = { (...args: unknown[]): void; q?: IArguments[] };
// Module-local declarations: they type the globals here without declaring them for the rest of the SDK.
declare const window: { lp?: Queue };
declare const lp: Queue;

window.lp =
  window.lp ||
  function () {
    (lp.q = lp.q || []).push(arguments);
  };

// Only `hot` and `warm` from the cache become a class (the cache is the page's storage, anyone can write it);
// anything else, or storage that throws (blocked cookies, sandboxed frames), reads cold.
(function (b?: string) {
  try {
    b = localStorage.lp_band;
  } catch (e) {
    /* storage unavailable: cold */
  }
  document.documentElement.className += ' lp-' + (b == 'hot' || b == 'warm' ? b : 'cold');
})();

export {};
