// The dashboard's script, served as /dashboard/app.js. Plain browser JavaScript without dependencies:
// it fetches the marketer API with the token kept in sessionStorage and draws its charts as inline SVG.
// Every value from the API goes into the page through textContent or attributes, never as HTML:
// lead ids, traits and paths come from visitors' browsers.

/** `GET /dashboard/app.js`. */
export const DASHBOARD_JS = String.raw`'use strict';
(function () {
  var TOKEN_KEY = 'leadpulse.token';
  var SITE_KEY = 'leadpulse.site';
  var NS = 'http://www.w3.org/2000/svg';
  var BAND_COLORS = { hot: '#e8590c', warm: '#f08c00', cold: '#4c6ef5' };
  var TYPE_COLORS = { pageview: '#4c6ef5', visit: '#868e96', download: '#0ca678', event: '#e8590c', engaged: '#adb5bd', identify: '#7048e8', vitals: '#15aabf' };
  var state = { site: 'demo', band: '', cursor: null, bands: { warm: 40, hot: 80 }, lead: null };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (var k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null) node.setAttribute(k, String(attrs[k]));
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function store(key, value) {
    try { if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value); } catch (e) { /* storage unavailable */ }
  }

  function load(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }

  function bandOf(score) { return score >= state.bands.hot ? 'hot' : score >= state.bands.warm ? 'warm' : 'cold'; }

  function fmt(n, digits) { return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 0 : digits }); }

  function ago(iso) {
    var s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 60) return 'just now';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }

  /** Calls the API with the token; a 401 or 503 signs out with the server's message. */
  function api(path, init) {
    var headers = { Authorization: 'Bearer ' + (load(TOKEN_KEY) || '') };
    if (init && init.body) headers['Content-Type'] = 'application/json';
    return fetch(path, Object.assign({}, init, { headers: headers, cache: 'no-store' })).then(function (res) {
      if (res.ok) return res;
      return res.json().catch(function () { return null; }).then(function (body) {
        var message = body && body.error ? body.error.message : 'HTTP ' + res.status;
        if (res.status === 401 || res.status === 503) signOut(message);
        var error = new Error(message);
        error.status = res.status;
        throw error;
      });
    });
  }

  function json(path) { return api(path).then(function (res) { return res.json(); }); }

  function q(params) {
    return Object.keys(params).filter(function (k) { return params[k] !== '' && params[k] !== null && params[k] !== undefined; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
  }

  function showError(message) {
    var banner = $('app-error');
    banner.textContent = message || '';
    banner.hidden = !message;
  }

  // ── Sign in / out ──

  function signOut(message) {
    store(TOKEN_KEY, null);
    $('app').hidden = true;
    $('actions').hidden = true;
    $('site-form').hidden = true;
    $('signin').hidden = false;
    $('signin-error').textContent = message || '';
    $('token').value = '';
    $('token').focus();
  }

  function signedIn() {
    $('signin').hidden = true;
    $('app').hidden = false;
    $('actions').hidden = false;
    $('site-form').hidden = false;
    $('site').value = state.site;
    refresh();
  }

  // ── Overview ──

  function refresh() {
    showError('');
    $('site-name').textContent = 'site ' + state.site;
    return json('/v1/sites/' + encodeURIComponent(state.site) + '/config')
      .then(function (config) { state.bands = config.bands; })
      .then(function () { return Promise.all([loadStats(), loadLeads(false), loadVitals()]); })
      .then(function () {
        var wanted = location.hash.match(/^#lead=([^&]+)(?:&kind=(lead|visitor))?$/);
        if (wanted) return openLead(decodeURIComponent(wanted[1]), wanted[2]);
      })
      .catch(function (e) { if (e.status !== 401 && e.status !== 503) showError(e.message); });
  }

  function loadStats() {
    return json('/v1/stats?' + q({ site: state.site })).then(function (stats) {
      ['hot', 'warm', 'cold'].forEach(function (b) { $('count-' + b).textContent = fmt(stats.bands[b]); });
      $('count-total').textContent = fmt(stats.total);
      $('range-hot').textContent = 'score ' + state.bands.hot + '–100';
      $('range-warm').textContent = 'score ' + state.bands.warm + '–' + (state.bands.hot - 1);
      $('range-cold').textContent = 'score 0–' + (state.bands.warm - 1);
      drawHistogram(stats.histogram);
    });
  }

  function drawHistogram(histogram) {
    var W = 560, H = 240, L = 44, R = 12, T = 16, B = 40;
    var max = Math.max.apply(null, histogram.concat([1]));
    var step = Math.pow(10, Math.floor(Math.log10(max)));
    var top = Math.ceil(max / step) * step;
    if (top / step <= 2) top = Math.ceil(max / (step / 5)) * (step / 5);
    var plotW = W - L - R, plotH = H - T - B, bw = plotW / histogram.length;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Leads per score decile', id: 'histogram' });
    for (var i = 0; i <= 4; i++) {
      var v = (top / 4) * i, y = T + plotH - (v / top) * plotH;
      root.appendChild(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid-line' }));
      root.appendChild(svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, fmt(v, 1)));
    }
    histogram.forEach(function (n, i) {
      var h = (n / top) * plotH, x = L + i * bw + 3, y = T + plotH - h;
      var bar = svg('rect', { x: x, y: y, width: bw - 6, height: Math.max(h, n ? 1 : 0), rx: 3, fill: BAND_COLORS[bandOf(i * 10)], class: 'bar', 'data-count': n },
        svg('title', {}, fmt(n) + ' leads scoring ' + i * 10 + '–' + (i === 9 ? 100 : i * 10 + 9)));
      root.appendChild(bar);
      if (n) root.appendChild(svg('text', { x: x + (bw - 6) / 2, y: y - 4, 'text-anchor': 'middle', class: 'value' }, fmt(n)));
      root.appendChild(svg('text', { x: L + i * bw + bw / 2, y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, i * 10));
    });
    root.appendChild(svg('line', { x1: L, x2: W - R, y1: T + plotH, y2: T + plotH, class: 'base-line' }));
    root.appendChild(svg('text', { x: L + plotW / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, 'score'));
    var box = $('distribution');
    clear(box);
    box.appendChild(root);
  }

  function loadLeads(more) {
    var params = { site: state.site, band: state.band, limit: 20, cursor: more ? state.cursor : '' };
    return json('/v1/leads?' + q(params)).then(function (page) {
      var rows = $('lead-rows');
      if (!more) clear(rows);
      page.leads.forEach(function (lead) {
        var open = el('button', { type: 'button', class: 'link', title: lead.id }, lead.id);
        // The kind says which id this is: a lead id may equal some visitor's id (the API answers 409 then).
        open.addEventListener('click', function () { openLead(lead.id, lead.identified ? 'lead' : 'visitor'); });
        var bar = svg('svg', { viewBox: '0 0 100 8', class: 'mini', 'aria-hidden': 'true' }, [
          svg('rect', { x: 0, y: 0, width: 100, height: 8, rx: 4, class: 'track' }),
          svg('rect', { x: 0, y: 0, width: Math.max(lead.score, 1), height: 8, rx: 4, fill: BAND_COLORS[lead.band] }),
        ]);
        rows.appendChild(el('tr', { 'data-id': lead.id }, [
          el('td', { class: 'id' }, [open, lead.identified ? null : el('span', { class: 'tag' }, 'anonymous')]),
          el('td', { class: 'num' }, [el('span', { class: 'score-num' }, lead.score), bar]),
          el('td', {}, el('span', { class: 'pill ' + lead.band }, lead.band)),
          el('td', { class: 'seen', title: new Date(lead.lastSeen).toLocaleString() }, ago(lead.lastSeen)),
        ]));
      });
      state.cursor = page.cursor;
      $('more').hidden = !page.cursor;
      $('no-leads').hidden = rows.childNodes.length > 0;
    });
  }

  function loadVitals() {
    return json('/v1/vitals?' + q({ site: state.site })).then(function (report) {
      var rows = $('vitals-rows');
      clear(rows);
      // Core Web Vitals thresholds: https://web.dev/articles/vitals
      var limits = { lcp: [2500, 4000], inp: [200, 500], cls: [0.1, 0.25] };
      report.paths.forEach(function (p) {
        var cell = function (metric) {
          var m = p[metric];
          if (!m) return el('td', { class: 'num muted' }, '–');
          var rating = m.p75 <= limits[metric][0] ? 'good' : m.p75 <= limits[metric][1] ? 'fair' : 'poor';
          var shown = metric === 'cls' ? fmt(m.p75, 3) : fmt(m.p75) + ' ms';
          return el('td', { class: 'num ' + rating, title: m.samples + ' samples' }, shown);
        };
        rows.appendChild(el('tr', {}, [el('td', { class: 'path' }, p.path), cell('lcp'), cell('inp'), cell('cls'), el('td', { class: 'num' }, fmt(p.samples))]));
      });
      $('no-vitals').hidden = report.paths.length > 0;
    });
  }

  // ── One lead ──

  function openLead(id, kind) {
    return json('/v1/leads/' + encodeURIComponent(id) + '?' + q({ site: state.site, kind: kind })).then(function (lead) {
      state.lead = lead;
      history.replaceState(null, '', '#lead=' + encodeURIComponent(id) + (kind ? '&kind=' + kind : ''));
      $('lead').hidden = false;
      $('lead-title').textContent = lead.id;
      $('lead-score').textContent = lead.score;
      $('lead-band').textContent = lead.band;
      $('lead-band').className = 'pill ' + lead.band;
      $('lead-meta').textContent = (lead.identified ? 'Identified lead' : 'Anonymous visitor') + ' · ' + lead.visitorCount + ' visitor' + (lead.visitorCount === 1 ? '' : 's') +
        ' · ' + lead.eventCount + ' events · first seen ' + new Date(lead.firstSeen).toLocaleString() + ' · last seen ' + ago(lead.lastSeen);
      var traits = $('lead-traits');
      clear(traits);
      Object.keys(lead.traits).forEach(function (k) { append(traits, [el('dt', {}, k), el('dd', {}, String(lead.traits[k]))]); });
      drawContributions(lead);
      drawTimeline(lead.events);
      $('lead').scrollIntoView({ block: 'nearest' });
    }).catch(function (e) {
      if (e.status === 404) { history.replaceState(null, '', location.pathname); $('lead').hidden = true; }
      if (e.status !== 401 && e.status !== 503) showError(e.message);
    });
  }

  function drawContributions(lead) {
    var items = lead.contributions.filter(function (c) { return c.count > 0 || c.points !== 0; })
      .sort(function (a, b) { return Math.abs(b.points) - Math.abs(a.points); });
    var W = 560, rowH = 30, L = 130, R = 70, T = 8;
    var H = T + Math.max(items.length, 1) * rowH + 34;
    var extent = Math.max(10, Math.max.apply(null, items.map(function (c) { return Math.abs(c.points); }).concat([0])));
    var hasNeg = items.some(function (c) { return c.points < 0; });
    var plotW = W - L - R;
    var zero = hasNeg ? L + plotW / 2 : L;
    var scale = (hasNeg ? plotW / 2 : plotW) / extent;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Points per rule', id: 'contrib-chart' });
    if (!items.length) root.appendChild(svg('text', { x: L, y: T + 20, class: 'axis' }, 'No rule matched yet.'));
    items.forEach(function (c, i) {
      var y = T + i * rowH, w = Math.abs(c.points) * scale, x = c.points >= 0 ? zero : zero - w;
      root.appendChild(svg('text', { x: L - 8, y: y + 19, 'text-anchor': 'end', class: 'label' }, c.rule));
      root.appendChild(svg('rect', { x: x, y: y + 6, width: Math.max(w, 1), height: 18, rx: 3, class: c.points >= 0 ? 'pos' : 'neg', 'data-rule': c.rule, 'data-points': c.points },
        svg('title', {}, c.rule + ': ' + fmt(c.points, 2) + ' points from ' + fmt(c.count, 2) + ' event' + (c.count === 1 ? '' : 's'))));
      var label = (c.points >= 0 ? '+' : '−') + fmt(Math.abs(c.points), 1);
      root.appendChild(svg('text', { x: c.points >= 0 ? x + w + 6 : x - 6, y: y + 19, 'text-anchor': c.points >= 0 ? 'start' : 'end', class: 'value' }, label));
    });
    var bottom = T + Math.max(items.length, 1) * rowH;
    root.appendChild(svg('line', { x1: zero, x2: zero, y1: T, y2: bottom, class: 'base-line' }));
    var clamped = lead.raw < 0 || lead.raw > 100 ? ', clamped to 0–100' : '';
    root.appendChild(svg('text', { x: L, y: bottom + 24, class: 'total' }, 'Sum ' + fmt(lead.raw, 2) + ' → score ' + lead.score + clamped));
    var box = $('contributions');
    clear(box);
    box.appendChild(root);
  }

  function describe(e) {
    switch (e.type) {
      case 'pageview': return 'Viewed ' + e.path;
      case 'visit': return 'Started a visit';
      case 'download': return 'Downloaded ' + e.url;
      case 'event': return 'Event ' + e.name;
      case 'engaged': return 'Engaged ' + fmt((e.ms || 0) / 1000) + ' s on ' + e.path;
      case 'identify': return 'Identified as ' + e.lead;
      case 'vitals': return 'Web vitals on ' + e.path;
      default: return e.type;
    }
  }

  function drawTimeline(events) {
    var list = $('timeline');
    clear(list);
    events.forEach(function (e) {
      list.appendChild(el('li', { class: 'ev ' + e.type }, [
        el('span', { class: 'dot', 'aria-hidden': 'true' }),
        el('time', { datetime: e.at, title: new Date(e.at).toLocaleString() }, ago(e.at)),
        el('span', { class: 'what' }, describe(e) + (e.count > 1 ? ' ×' + e.count : '')),
      ]));
    });
    var strip = $('timeline-strip');
    clear(strip);
    if (!events.length) return;
    var W = 560, H = 46, L = 8, R = 8;
    var times = events.map(function (e) { return Date.parse(e.at); });
    var from = Math.min.apply(null, times), to = Math.max.apply(null, times);
    var span = Math.max(to - from, 60000);
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Events over time', id: 'timeline-chart' });
    root.appendChild(svg('line', { x1: L, x2: W - R, y1: 18, y2: 18, class: 'base-line' }));
    events.forEach(function (e, i) {
      var x = L + ((times[i] - from) / span) * (W - L - R);
      root.appendChild(svg('circle', { cx: x, cy: 18, r: 6, fill: TYPE_COLORS[e.type] || '#495057', class: 'tick' }, svg('title', {}, describe(e))));
    });
    root.appendChild(svg('text', { x: L, y: 42, class: 'axis' }, new Date(from).toLocaleString()));
    root.appendChild(svg('text', { x: W - R, y: 42, 'text-anchor': 'end', class: 'axis' }, new Date(to).toLocaleString()));
    strip.appendChild(root);
  }

  // ── Actions ──

  function exportCsv() {
    api('/v1/leads.csv?' + q({ site: state.site, band: state.band })).then(function (res) { return res.blob(); }).then(function (blob) {
      var a = el('a', { href: URL.createObjectURL(blob), download: 'leads-' + state.site + '.csv' });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function (e) { showError(e.message); });
  }

  function eraseLead() {
    var lead = state.lead;
    if (!lead || !confirm('Erase every trace of ' + lead.id + '? This cannot be undone.')) return;
    api('/v1/leads/' + encodeURIComponent(lead.id) + '?' + q({ site: state.site, kind: lead.identified ? 'lead' : 'visitor' }), { method: 'DELETE' }).then(function () {
      $('lead').hidden = true;
      state.lead = null;
      history.replaceState(null, '', location.pathname);
      refresh();
    }).catch(function (e) { showError(e.message); });
  }

  function start() {
    state.site = load(SITE_KEY) || new URLSearchParams(location.search).get('site') || 'demo';
    $('signin-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      store(TOKEN_KEY, $('token').value.trim());
      signedIn();
    });
    $('site-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      state.site = $('site').value.trim();
      store(SITE_KEY, state.site);
      $('lead').hidden = true;
      history.replaceState(null, '', location.pathname);
      refresh();
    });
    $('band-filter').addEventListener('click', function (ev) {
      var b = ev.target.closest('button');
      if (!b) return;
      state.band = b.getAttribute('data-band');
      [].forEach.call($('band-filter').querySelectorAll('button'), function (x) { x.setAttribute('aria-pressed', String(x === b)); });
      loadLeads(false).catch(function (e) { showError(e.message); });
    });
    $('more').addEventListener('click', function () { loadLeads(true).catch(function (e) { showError(e.message); }); });
    $('refresh').addEventListener('click', refresh);
    $('export').addEventListener('click', exportCsv);
    $('erase').addEventListener('click', eraseLead);
    $('signout').addEventListener('click', function () { signOut(''); });
    if (load(TOKEN_KEY)) signedIn(); else signOut('');
  }

  start();
})();
`;
