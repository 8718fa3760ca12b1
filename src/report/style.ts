/**
 * The report page's stylesheet, inline (the page loads nothing): a dark gallery, cards in a grid that
 * folds to two columns on a phone, and the status colours. Its SHA-256 goes into the page's CSP.
 */
export const STYLE = `
:root{color-scheme:dark;--bg:#14161a;--panel:#1d2026;--line:#2c3038;--text:#e6e8eb;--dim:#9aa1ab;--accent:#6cb6ff;
--ok:#3fb950;--warn:#d29922;--bad:#f85149;--new:#a371f7;--none:#6e7681}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP",sans-serif}
header,main>section{padding:16px 24px}
h1{margin:0 0 4px;font-size:22px}h2{margin:0 0 12px;font-size:17px}h3{margin:0;font-size:14px;line-height:1.3;overflow-wrap:anywhere}
p{margin:0}.dim{color:var(--dim)}code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere;user-select:all}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px}
.tile{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px;color:inherit;font:inherit;text-align:left}
button.tile{cursor:pointer}button.tile:hover{border-color:var(--accent)}
.tile b{display:block;font-size:22px}.tile span{color:var(--dim);font-size:12px}
.tile.bad b{color:var(--bad)}.tile.new b{color:var(--new)}.tile.ok b{color:var(--ok)}.tile.warn b{color:var(--warn)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
.chart{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px}
.chart svg{display:block;overflow:visible}
.chart text{fill:var(--text);font-size:13px}.chart .v{fill:var(--dim)}.chart .hit{fill:transparent}
.chart rect:not(.hit){fill:var(--accent);opacity:.85}.chart g[data-filter]{cursor:pointer}.chart g[data-filter]:hover rect:not(.hit){opacity:1}.chart g[data-filter]:hover text{fill:var(--accent)}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:10px}
.controls input,.controls select{background:var(--panel);color:var(--text);border:1px solid var(--line);border-radius:6px;padding:6px 8px;font:inherit}
.controls input{flex:1 1 220px;min-width:0}.controls label{display:flex;flex-direction:column;font-size:11px;color:var(--dim);gap:2px}
#shown{margin:0 0 10px}
#grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;overflow:hidden;display:flex;flex-direction:column;
content-visibility:auto;contain-intrinsic-size:auto 340px}
.card[hidden]{display:none}
.thumb{aspect-ratio:4/5;background:#0e0f12;display:flex;align-items:center;justify-content:center;overflow:hidden}
.thumb img{width:100%;height:100%;object-fit:cover}
.ph{color:var(--none);font-size:13px;letter-spacing:.05em;text-transform:uppercase}
.body{padding:8px 10px 10px;display:flex;flex-direction:column;gap:4px;min-width:0}
.body .dim{font-size:12px;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:4px 8px;color:var(--dim);font-size:12px}
.badges{display:flex;flex-wrap:wrap;gap:4px}
.st{border-radius:10px;padding:1px 8px;font-size:11px;font-weight:600;border:1px solid currentColor}
.st-verified{color:var(--ok)}.st-not_checked{color:var(--none)}.st-missing,.st-size_mismatch,.st-hash_mismatch{color:var(--bad)}
.st-newer{color:var(--new)}.st-failed_last{color:var(--warn)}
.card.broken{border-color:var(--bad)}
.detail{font-size:12px;color:var(--dim);overflow-wrap:anywhere}
.words{font-size:11px;color:var(--dim);overflow-wrap:anywhere}
.table{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13px;white-space:nowrap}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:right}th{color:var(--dim);font-weight:600;background:var(--panel)}
td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}tr.bad td:nth-child(6){color:var(--bad);font-weight:600}
.failures{margin-bottom:12px;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px}
.failures ul{margin:8px 0;padding-left:18px}.failures li{overflow-wrap:anywhere}
details{margin-top:8px}summary{cursor:pointer;color:var(--dim)}details .table{margin-top:8px}
.rerun{display:block;margin-top:6px;padding:8px;background:#0e0f12;border-radius:6px}
@media (max-width:600px){header,main>section{padding:12px}#grid{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}.tile b{font-size:18px}
.controls{display:grid;grid-template-columns:1fr 1fr}.controls input{grid-column:1/-1}.controls select{width:100%}}
`;
