/** The page's stylesheet: light and dark themes through CSS variables; chart colours by class. */
export const REPORT_CSS = `
:root{--bg:#fff;--fg:#1d1d1f;--muted:#6e6e73;--line:#d2d2d7;--panel:#f5f5f7;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;
--s1:#0a84ff;--s2:#8fc1ff;--budget:#cf222e;--p50:#0a84ff;--p99:#bf5af2;--bin:#0a84ff;--over:#cf222e;
--ne:#30a46c;--gpu:#bf5af2;--cpu:#0a84ff;--cml:#ff9f0a;--app:#8e8e93;--sys:#c7c7cc;--unk:#e5e5ea}
@media (prefers-color-scheme:dark){:root{--bg:#1c1c1e;--fg:#f2f2f7;--muted:#a1a1a6;--line:#3a3a3c;--panel:#2c2c2e;--pass:#3fb950;--fail:#ff6b6b;--warn:#d29922;
--s1:#409cff;--s2:#1f4f80;--bin:#409cff;--app:#8e8e93;--sys:#636366;--unk:#48484a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
main,header,footer{max-width:1120px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:22px;margin:0 0 6px}
h2{font-size:17px;margin:28px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:14px;margin:14px 0 6px}
.facts{color:var(--muted);margin:0 0 4px}
.facts b{color:var(--fg);font-weight:600}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--panel);padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px}
td.num,th.num{text-align:right;white-space:nowrap}
table:not(.rows) tbody tr:nth-child(even),table.rows tbody:nth-of-type(even){background:var(--panel)}
tr.has-detail td{border-bottom:0;padding-bottom:2px}
tr.detail td{padding-top:0}
tr.detail .note{display:block;margin:0 0 2px}
td:first-child .note{overflow-wrap:anywhere}
.pass{color:var(--pass)}.fail{color:var(--fail)}.not-measured,.warn{color:var(--warn)}
.badge{display:inline-block;white-space:nowrap;padding:0 6px;border-radius:9px;font-size:12px;font-weight:600;border:1px solid currentColor}
ul.flags{list-style:none;padding:0;margin:6px 0}
ul.flags li{padding:6px 10px;margin:4px 0;border-left:4px solid var(--warn);background:var(--panel);border-radius:4px}
ul.flags li.severe{border-left-color:var(--fail)}
.kind{font-weight:600;margin-right:4px}
.note{color:var(--muted);font-size:12px;margin:2px 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted);margin:2px 0 6px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.hist-stack figure{margin:4px 0 10px}
.hist-stack h3{margin:8px 0 2px}
.table-wrap{overflow-x:auto;max-width:100%}
figure{margin:6px 0 12px}
figcaption{font-size:12px;color:var(--muted)}
svg.chart{width:100%;height:auto;display:block;overflow:visible}
svg.chart:not(.flame){max-width:960px}
svg text{font:11px -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;fill:var(--fg)}
svg .tick,svg .missing{fill:var(--muted);font-size:10px}
svg .grid{stroke:var(--line);stroke-width:1}
svg .axis{stroke:var(--muted);stroke-width:1}
svg .bar.s1{fill:var(--s1)}svg .bar.s2{fill:var(--s2)}svg .bar.s3{fill:var(--p99)}
svg .ref{stroke-width:1.5;stroke-dasharray:4 3}
svg .ref.budget{stroke:var(--budget)}svg .reflabel.budget{fill:var(--budget)}
svg .ref.limit{stroke:var(--warn)}svg .reflabel.limit{fill:var(--warn)}
svg .ref.mark-p50{stroke:var(--p50);stroke-dasharray:none}svg .reflabel.mark-p50{fill:var(--p50)}
svg .ref.mark-p99{stroke:var(--p99);stroke-dasharray:none}svg .reflabel.mark-p99{fill:var(--p99)}
svg .reflabel{font-size:11px;font-weight:600}
svg .value,svg .reflabel{paint-order:stroke;stroke:var(--bg);stroke-width:3px;stroke-linejoin:round}
svg .bin{fill:var(--bin)}svg .bin.overflow{fill:var(--over)}
svg .seg.eng-neuralEngine{fill:var(--ne)}svg .seg.eng-gpu{fill:var(--gpu)}svg .seg.eng-cpuCompute{fill:var(--cpu)}
svg .seg.eng-coremlOverhead{fill:var(--cml)}svg .seg.eng-app{fill:var(--app)}svg .seg.eng-system{fill:var(--sys)}svg .seg.eng-unknown{fill:var(--unk)}
svg .seglabel{fill:#fff;font-size:10px}
.legend i.eng-neuralEngine{background:var(--ne)}.legend i.eng-gpu{background:var(--gpu)}.legend i.eng-cpuCompute{background:var(--cpu)}
.legend i.eng-coremlOverhead{background:var(--cml)}.legend i.eng-app{background:var(--app)}.legend i.eng-system{background:var(--sys)}.legend i.eng-unknown{background:var(--unk)}
.legend i.s1{background:var(--s1)}.legend i.s2{background:var(--s2)}.legend i.budget{background:var(--budget)}.legend i.p99{background:var(--p99)}
svg.flame g.f{cursor:pointer}
svg.flame g.f text{font-size:10.5px;fill:#1d1d1f;pointer-events:none}
svg.flame g.f:hover rect,svg.flame g.f:focus rect{stroke:var(--fg);stroke-width:1}
.flame-tools{display:flex;gap:8px;align-items:center;font-size:12px;color:var(--muted)}
button{font:inherit;font-size:12px;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg);cursor:pointer}
footer{color:var(--muted);font-size:12px;padding:24px 20px 40px}
`;
