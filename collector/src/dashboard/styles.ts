// The dashboard's style sheet, served as /dashboard/app.css.

/** `GET /dashboard/app.css`. */
export const DASHBOARD_CSS = `:root{--ink:#14213d;--muted:#5b6476;--bg:#f4f6fb;--card:#fff;--line:#e3e8f2;--brand:#1f5eff;--hot:#e8590c;--warm:#f08c00;--cold:#4c6ef5;--good:#0ca678;--fair:#f08c00;--poor:#e03131}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);padding:1px 4px;border-radius:4px}
h1,h2,h3{margin:0 0 .6em;line-height:1.2}
h1{font-size:1.5rem}h2{font-size:1.1rem}h3{font-size:.95rem;color:var(--muted)}
[hidden]{display:none!important}
.muted{color:var(--muted)}.small{font-size:.8rem;font-weight:400}
.top{display:flex;align-items:center;gap:16px;flex-wrap:wrap;padding:10px 24px;background:var(--ink);color:#fff}
.brand{display:flex;align-items:center;gap:8px;font-weight:800;font-size:1.1rem;margin-right:auto}
.mark{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:8px;background:var(--brand);font-size:.8rem}
.site-form{display:flex;align-items:center;gap:8px}
.site-form input{width:130px}
.actions{display:flex;gap:8px}
.top .ghost{color:#fff;border-color:rgba(255,255,255,.35)}
.top .ghost:hover{background:rgba(255,255,255,.12)}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin-bottom:18px;box-shadow:0 1px 2px rgba(20,33,61,.04)}
input{font:inherit;padding:7px 10px;border:1px solid var(--line);border-radius:8px;color:var(--ink);background:#fff}
button{font:inherit;font-weight:600;padding:7px 14px;border-radius:8px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer}
button:hover{filter:brightness(.95)}
button.ghost{background:transparent;color:var(--brand)}
button.danger{background:#fff;color:var(--poor);border-color:var(--poor)}
button.link{border:0;background:none;padding:0;color:var(--brand);font-weight:600;text-align:left;max-width:260px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button.link:hover{text-decoration:underline}
.signin{max-width:460px;margin:48px auto}
.signin form{display:grid;gap:8px;margin-top:12px}
.error{color:var(--poor);min-height:1em}
.banner{background:#fff5f5;border:1px solid #ffc9c9;border-radius:8px;padding:8px 12px}
.bands{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-bottom:4px}
.band{display:flex;flex-direction:column;border-top:4px solid var(--line)}
.band .label{font-weight:700;text-transform:uppercase;letter-spacing:.06em;font-size:.75rem;color:var(--muted)}
.band .count{font-size:2.1rem;font-weight:800;line-height:1.2}
.band .sub{font-size:.8rem;color:var(--muted)}
.band.hot{border-top-color:var(--hot)}.band.hot .count{color:var(--hot)}
.band.warm{border-top-color:var(--warm)}.band.warm .count{color:var(--warm)}
.band.cold{border-top-color:var(--cold)}.band.cold .count{color:var(--cold)}
.band.total{border-top-color:var(--ink)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px;align-items:start}
.grid>.card{margin-bottom:0}
.grid+.card,.grid+section{margin-top:18px}
.row{display:flex;align-items:center;justify-content:space-between;gap:12px;flex-wrap:wrap}
.row.end{justify-content:flex-end;margin-top:12px}
.chips{display:flex;gap:6px}
.chips button{padding:3px 10px;font-size:.8rem;background:#fff;color:var(--ink);border-color:var(--line)}
.chips button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}
table{width:100%;border-collapse:collapse;font-size:.9rem}
th{white-space:nowrap;text-align:left;font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:700;padding:6px 8px;border-bottom:1px solid var(--line)}
td{padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
tbody tr:hover{background:#f8f9fd}
td.num,td.seen{white-space:nowrap}
.column>.card:last-child{margin-bottom:0}
td.id{max-width:300px}
td.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
.score-num{display:inline-block;width:2.2em;font-weight:700}
svg.mini{width:80px;height:8px;vertical-align:middle}
svg.mini .track{fill:var(--line)}
.tag{margin-left:6px;font-size:.7rem;color:var(--muted);border:1px solid var(--line);border-radius:10px;padding:0 6px}
.pill{display:inline-block;padding:1px 9px;border-radius:999px;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#fff;background:var(--muted)}
.pill.hot{background:var(--hot)}.pill.warm{background:var(--warm)}.pill.cold{background:var(--cold)}
#more{margin-top:10px}
.chart svg{width:100%;height:auto;display:block}
.chart text{font-size:12px;fill:var(--ink)}
.chart .axis{fill:var(--muted);font-size:11px}
.chart .value{font-weight:700;font-size:11px}
.chart .label{font-size:12px;font-weight:600}
.chart .total{font-weight:700;font-size:13px}
.chart .grid-line{stroke:var(--line);stroke-width:1}
.chart .base-line{stroke:#adb5bd;stroke-width:1.5}
.chart .pos{fill:var(--good)}.chart .neg{fill:var(--poor)}
.chart .tick{stroke:#fff;stroke-width:1.5}
.lead-score{display:flex;align-items:center;gap:10px}
.lead-score .score{font-size:2rem;font-weight:800}
#lead-title{word-break:break-all}
.traits{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 14px;font-size:.9rem}
.traits dt{color:var(--muted)}.traits dd{margin:0}
.timeline{list-style:none;margin:8px 0 0;padding:0;max-height:360px;overflow:auto}
.ev{display:grid;grid-template-columns:14px 90px 1fr;gap:8px;align-items:baseline;padding:5px 0;border-bottom:1px dashed var(--line);font-size:.88rem}
.ev .dot{width:10px;height:10px;border-radius:50%;background:#495057;align-self:center}
.ev time{color:var(--muted);font-size:.8rem;white-space:nowrap}
.ev .what{word-break:break-word}
.ev.pageview .dot{background:#4c6ef5}.ev.visit .dot{background:#868e96}.ev.download .dot{background:#0ca678}.ev.event .dot{background:#e8590c}
.ev.engaged .dot{background:#adb5bd}.ev.identify .dot{background:#7048e8}.ev.vitals .dot{background:#15aabf}
td.good{color:var(--good);font-weight:700}td.fair{color:var(--fair);font-weight:700}td.poor{color:var(--poor);font-weight:700}
@media (max-width:860px){.grid{grid-template-columns:1fr}.bands{grid-template-columns:repeat(2,1fr)}}
`;
