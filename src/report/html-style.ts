// The report's only stylesheet: inline (the page must work offline from disk), system fonts, light and dark.
const base = `
:root{color-scheme:light dark;--bg:#f6f7f9;--panel:#fff;--ink:#16181d;--muted:#5d6470;--line:#e3e6eb;--accent:#4f46e5;
--ok:#0f7b4a;--ok-bg:#e3f6ec;--bad:#b42318;--bad-bg:#fde8e6;--warn:#9a5b00;--warn-bg:#fff1d6;--cache:#1d5fbf;--cache-bg:#e3eeff;
--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.08);--radius:14px}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--panel:#171a21;--ink:#e8eaef;--muted:#9aa3b2;--line:#2a2f3a;
--accent:#8b85ff;--ok:#5ad19a;--ok-bg:#12301f;--bad:#ff8a80;--bad-bg:#3a1714;--warn:#f5c46b;--warn-bg:#33260c;
--cache:#8db8ff;--cache-bg:#14243d;--shadow:none}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;-webkit-font-smoothing:antialiased}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.92em}
a{color:var(--accent)}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
.top{padding:36px 0 20px}
.eyebrow{margin:0;color:var(--muted);font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;font-weight:600}
h1{margin:4px 0 10px;font-size:2rem;line-height:1.2;letter-spacing:-.01em;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:36px 0 14px}
.meta{margin:0;color:var(--muted);display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.badge{display:inline-flex;align-items:center;gap:5px;padding:2px 10px;border-radius:999px;font-size:.78rem;
font-weight:650;white-space:nowrap;background:var(--line);color:var(--ink)}
.badge::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor}
.b-ok{background:var(--ok-bg);color:var(--ok)}.b-bad{background:var(--bad-bg);color:var(--bad)}
.b-warn{background:var(--warn-bg);color:var(--warn)}.b-cache{background:var(--cache-bg);color:var(--cache)}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:var(--radius);box-shadow:var(--shadow)}
.hero{padding:14px}
video{display:block;width:100%;aspect-ratio:16/9;max-height:64vh;background:#000;border-radius:10px}
.nocut{padding:22px 24px;border-left:4px solid var(--bad)}
.nocut h2{margin:0 0 6px}
.strip{display:flex;gap:3px;margin:14px 0 10px;height:10px}
.strip a{display:block;border-radius:3px;background:var(--accent);opacity:.85;min-width:4px}
.strip a:nth-child(6n+2){background:#0ea5e9}.strip a:nth-child(6n+3){background:#10b981}
.strip a:nth-child(6n+4){background:#f59e0b}.strip a:nth-child(6n+5){background:#ec4899}.strip a:nth-child(6n){background:#8b5cf6}
.entries{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:6px 16px}
.entries li{display:flex;gap:10px;align-items:baseline;font-size:.88rem;min-width:0}
.entries .tc{color:var(--muted);white-space:nowrap}
.entries a{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;text-decoration:none}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:14px;margin-top:18px}
.stat{padding:16px 18px}
.stat .label{color:var(--muted);font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.06em}
.stat .value{font-size:1.6rem;font-weight:700;margin:2px 0;font-variant-numeric:tabular-nums}
.stat .sub{color:var(--muted);font-size:.85rem}
meter{width:100%;height:8px;margin-top:8px}
.attention{margin-top:18px;padding:14px 18px;border-left:4px solid var(--bad)}
.attention h2{margin:0 0 6px;font-size:1rem}
.attention ul{margin:0;padding-left:18px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:18px}
.card{display:flex;flex-direction:column;overflow:hidden}
.card.is-failed{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad)}
.card.is-skipped{border-style:dashed;border-color:var(--warn)}
.thumb{position:relative;background:#0b0c10;aspect-ratio:16/9;display:flex;align-items:center;justify-content:center}
.thumb img{position:absolute;inset:0;width:100%;height:100%;object-fit:contain}
.thumb.empty{color:#9aa3b2;font-size:.85rem;background:repeating-linear-gradient(135deg,#14161c 0 12px,#191c23 12px 24px)}
.card .body{padding:14px 16px 16px;display:flex;flex-direction:column;gap:10px;flex:1}
.card h3{margin:0;font-size:1rem;display:flex;flex-wrap:wrap;gap:6px 8px;align-items:center}
.card h3 code{font-size:1rem;font-weight:700;overflow-wrap:anywhere;margin-right:auto}
.prompt{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;color:var(--ink);font-size:.92rem;
border-left:3px solid var(--line);padding-left:10px}
.reason{border-radius:10px;padding:10px 12px;font-size:.88rem}
.reason.bad{background:var(--bad-bg);color:var(--bad)}.reason.warn{background:var(--warn-bg);color:var(--warn)}
.reason strong{display:block}.reason p{margin:4px 0 0;color:var(--ink);overflow-wrap:anywhere}
.params{display:grid;grid-template-columns:auto 1fr;gap:3px 14px;margin:auto 0 0;font-size:.84rem}
.params dt{color:var(--muted)}.params dd{margin:0;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
.timeline,.costs{margin-top:18px;padding:16px 18px}
.timeline h2,.costs h2{margin:0 0 2px;font-size:1.05rem}
.timeline .sub,.costs .sub{margin:0 0 10px;color:var(--muted);font-size:.86rem}
.legend{list-style:none;margin:0 0 8px;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.8rem;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:12px;height:10px;border-radius:2px}
.tl-scroll{overflow-x:auto}
.tl{display:block;width:100%;height:auto;min-width:820px;font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.tl-lane{fill:transparent}.tl-odd .tl-lane{fill:var(--bg)}
.tl-grid{stroke:var(--line);stroke-width:1}
.tl-tick{fill:var(--muted);font-size:11px;font-variant-numeric:tabular-nums}
.tl-label{fill:var(--ink);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:11.5px}
.tl-finish .tl-label{font-family:inherit;font-weight:650}
.tl-note{font-size:11px;fill:var(--muted)}.n-bad{fill:var(--bad);font-weight:650}.n-warn{fill:var(--warn)}.n-cache{fill:var(--cache)}
.ph-queued{fill:#c3c8d2;background:#c3c8d2}.ph-generating{fill:var(--accent);background:var(--accent)}
.ph-downloading{fill:#0ea5e9;background:#0ea5e9}.ph-checking{fill:#10b981;background:#10b981}
.ph-cached{fill:var(--cache);background:var(--cache)}.ph-publishing{fill:#f59e0b;background:#f59e0b}
.ph-stitching{fill:#ec4899;background:#ec4899}.ph-contact-sheet{fill:#8b5cf6;background:#8b5cf6}
@media (prefers-color-scheme:dark){.ph-queued{fill:#4b5260;background:#4b5260}}
.cost-rows{display:grid;grid-template-columns:minmax(70px,auto) minmax(120px,1fr) auto;gap:6px 14px;align-items:center}
.cost-row{display:contents}
.cost-id{font-size:.84rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:200px}
.cost-bar{display:block;overflow:visible}
.c-track{fill:var(--bg);stroke:var(--line)}.c-est{fill:none;stroke:var(--muted);stroke-dasharray:3 2}
.c-cost{fill:var(--accent)}.c-possibly{fill:var(--warn);opacity:.6}.c-cap{stroke:var(--bad);stroke-width:2}
.cost-amt{font-size:.84rem;color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap}
.cost-total .cost-id{font-size:.9rem}.cost-total .c-cost{fill:var(--ink)}
.cost-total .cost-amt{color:var(--ink);font-weight:650}
@media (max-width:600px){.cost-rows{grid-template-columns:minmax(60px,auto) 1fr}.cost-amt{grid-column:1/-1;margin-top:-4px}}
footer.wrap{padding-top:40px;padding-bottom:32px;color:var(--muted);font-size:.82rem;display:flex;flex-wrap:wrap;gap:6px 16px}
@media (max-width:600px){.wrap{padding:0 14px}h1{font-size:1.5rem}.grid{grid-template-columns:1fr}}
@media print{video,.strip{display:none}.card{break-inside:avoid}}
`;

/** Timeline segments sized by duration; generated here because the CSP forbids inline `style` attributes. */
export function stylesheet(segmentSeconds: readonly number[]): string {
  const segments = segmentSeconds.map((s, i) => `.strip a:nth-child(${i + 1}){flex:${Math.max(s, 0.001).toFixed(3)} 1 0}`);
  return base.trim() + '\n' + segments.join('\n');
}
