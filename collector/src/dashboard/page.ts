// The dashboard's HTML shell. Script and styles are separate files so the CSP needs no 'unsafe-inline'.

/** `GET /dashboard`. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>leadpulse · dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header class="top">
  <div class="brand"><span class="mark" aria-hidden="true">lp</span> leadpulse</div>
  <form id="site-form" class="site-form" hidden>
    <label for="site">Site</label>
    <input id="site" name="site" autocomplete="off" spellcheck="false" pattern="[a-z0-9][a-z0-9_\\-]{0,63}" required>
    <button type="submit">Load</button>
  </form>
  <div class="actions" id="actions" hidden>
    <button type="button" id="refresh" class="ghost">Refresh</button>
    <button type="button" id="export" class="ghost">Export CSV</button>
    <button type="button" id="signout" class="ghost">Sign out</button>
  </div>
</header>

<main>
  <section id="signin" class="card signin" hidden>
    <h1>Sign in</h1>
    <p class="muted">Enter the marketer API token (<code>API_TOKEN</code>; locally it is in <code>.dev.vars</code> at the repository root). It is kept in this tab's session storage only.</p>
    <form id="signin-form">
      <label for="token">API token</label>
      <input id="token" name="token" type="password" autocomplete="off" required>
      <button type="submit">Sign in</button>
    </form>
    <p id="signin-error" class="error" role="alert"></p>
  </section>

  <div id="app" hidden>
    <p id="app-error" class="error banner" role="alert" hidden></p>
    <section class="bands" aria-label="Leads per band">
      <div class="card band hot"><span class="label">Hot</span><span class="count" id="count-hot">–</span><span class="sub" id="range-hot"></span></div>
      <div class="card band warm"><span class="label">Warm</span><span class="count" id="count-warm">–</span><span class="sub" id="range-warm"></span></div>
      <div class="card band cold"><span class="label">Cold</span><span class="count" id="count-cold">–</span><span class="sub" id="range-cold"></span></div>
      <div class="card band total"><span class="label">All leads</span><span class="count" id="count-total">–</span><span class="sub" id="site-name"></span></div>
    </section>

    <div class="grid">
      <div class="column">
        <section class="card" aria-labelledby="dist-title">
          <h2 id="dist-title">Score distribution</h2>
          <div id="distribution" class="chart"></div>
        </section>

        <section class="card" aria-labelledby="vitals-title">
          <h2 id="vitals-title">Web vitals <span class="muted small">p75, last 28 days</span></h2>
          <table class="vitals">
            <thead><tr><th scope="col">Path</th><th scope="col">LCP</th><th scope="col">INP</th><th scope="col">CLS</th><th scope="col">Views</th></tr></thead>
            <tbody id="vitals-rows"></tbody>
          </table>
          <p id="no-vitals" class="muted" hidden>No web vitals yet (add <code>data-vitals</code> to the script tag).</p>
        </section>
      </div>

      <section class="card" aria-labelledby="leads-title">
        <div class="row">
          <h2 id="leads-title">Top leads</h2>
          <div class="chips" id="band-filter" role="group" aria-label="Filter by band">
            <button type="button" data-band="" aria-pressed="true">All</button>
            <button type="button" data-band="hot" aria-pressed="false">Hot</button>
            <button type="button" data-band="warm" aria-pressed="false">Warm</button>
            <button type="button" data-band="cold" aria-pressed="false">Cold</button>
          </div>
        </div>
        <table class="leads">
          <thead><tr><th scope="col">Lead</th><th scope="col">Score</th><th scope="col">Band</th><th scope="col">Last seen</th></tr></thead>
          <tbody id="lead-rows"></tbody>
        </table>
        <p id="no-leads" class="muted" hidden>No leads yet. Visit the demo site to make some.</p>
        <button type="button" id="more" class="ghost" hidden>More leads</button>
      </section>
    </div>

    <section class="card lead" id="lead" aria-labelledby="lead-title" hidden>
      <div class="row">
        <h2 id="lead-title"></h2>
        <div class="lead-score"><span id="lead-score" class="score"></span><span id="lead-band" class="pill"></span></div>
      </div>
      <p id="lead-meta" class="muted"></p>
      <dl id="lead-traits" class="traits"></dl>
      <div class="grid">
        <div>
          <h3>Why this score</h3>
          <div id="contributions" class="chart"></div>
        </div>
        <div>
          <h3>Timeline</h3>
          <div id="timeline-strip" class="chart"></div>
          <ol id="timeline" class="timeline"></ol>
        </div>
      </div>
      <div class="row end"><button type="button" id="erase" class="danger">Erase this lead</button></div>
    </section>

  </div>
</main>
</body>
</html>
`;
