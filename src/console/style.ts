/** The console's stylesheet: light and dark by the system setting, one column on a phone. */
export const CONSOLE_CSS = `
:root { color-scheme: light dark; --bg: #f7f7f8; --panel: #fff; --text: #1b1d21; --muted: #5d6470; --line: #d9dce1;
  --accent: #2457c5; --accent-text: #fff; --ok: #1c7c3c; --warn: #9a6400; --bad: #b3261e; --bad-bg: #fdecea; --code: #f0f1f4; --focus: #2457c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --panel: #1e2125; --text: #e7e9ec; --muted: #a2a9b4; --line: #353a41; --accent: #7ea6ff; --accent-text: #0b1020;
    --ok: #6fd08c; --warn: #f0c05a; --bad: #ff8a80; --bad-bg: #3a1d1b; --code: #262a30; --focus: #7ea6ff; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
header.top { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--line); }
header.top h1 { font-size: 17px; margin: 0 8px 0 0; }
header.top h1 a { color: inherit; text-decoration: none; }
header.top .spacer { flex: 1; }
main { padding: 16px; max-width: 1400px; margin: 0 auto; }
nav.tabs { display: flex; gap: 4px; flex-wrap: wrap; border-bottom: 1px solid var(--line); margin: 8px 0 16px; }
nav.tabs a { padding: 8px 12px; text-decoration: none; color: var(--muted); border-bottom: 3px solid transparent; }
nav.tabs a[aria-current="page"] { color: var(--text); border-bottom-color: var(--accent); font-weight: 600; }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; }
section.panel h2, section.panel h3 { margin: 0 0 10px; font-size: 16px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
label { display: inline-flex; flex-direction: column; gap: 3px; font-size: 13px; color: var(--muted); }
label.inline { flex-direction: row; align-items: center; gap: 6px; }
input, select, textarea, button { font: inherit; color: inherit; }
input, select, textarea { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; min-width: 0; }
textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
button { border: 1px solid var(--line); background: var(--code); border-radius: 6px; padding: 6px 12px; cursor: pointer; }
button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
button.danger { color: var(--bad); border-color: var(--bad); background: transparent; }
button:disabled { opacity: .5; cursor: default; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { white-space: nowrap; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.scroll { overflow-x: auto; }
tbody tr.clickable { cursor: pointer; }
tbody tr.clickable:hover, tbody tr[aria-selected="true"] { background: var(--code); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: var(--code); padding: 10px; border-radius: 6px; overflow: auto; max-height: 60vh; white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
.muted { color: var(--muted); }
.status-2 { color: var(--ok); } .status-3 { color: var(--muted); } .status-4 { color: var(--warn); } .status-5 { color: var(--bad); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; }
.badge.delivered { color: var(--ok); } .badge.pending { color: var(--warn); } .badge.failed { color: var(--bad); }
tr.failed { background: var(--bad-bg); }
.notice { padding: 8px 12px; border-radius: 6px; margin: 8px 0; border: 1px solid var(--line); }
.notice.error { color: var(--bad); border-color: var(--bad); background: var(--bad-bg); }
.notice.ok { color: var(--ok); border-color: var(--ok); }
.split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
.clock-now { font-size: 28px; font-variant-numeric: tabular-nums; margin: 4px 0 10px; }
input.num { width: 7em; }
.gap-top { margin-top: 12px; }
.break { word-break: break-all; }
button.linklike { all: unset; cursor: pointer; word-break: break-all; color: var(--accent); }
button.linklike:focus-visible { outline: 2px solid var(--focus); }
.cred { margin-bottom: 14px; display: grid; grid-template-columns: 110px minmax(0, 1fr); gap: 6px 12px; align-items: start; }
.cred pre { margin: 0; }
.cred code { overflow-wrap: anywhere; }
main { overflow-wrap: anywhere; }
.copy-line { display: flex; gap: 6px; align-items: start; }
.copy-line pre { flex: 1; margin: 0; }
dialog { border: 1px solid var(--line); border-radius: 8px; background: var(--panel); color: var(--text); max-width: 480px; }
dialog::backdrop { background: rgb(0 0 0 / .4); }
.live { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; color: var(--muted); }
.live::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
.live.on::before { background: var(--ok); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 800px) {
  main { padding: 10px; }
  .split { grid-template-columns: minmax(0, 1fr); }
  .cred { grid-template-columns: minmax(0, 1fr); }
  .copy-line { flex-direction: column; align-items: stretch; }
  th, td { padding: 5px 4px; }
  .hide-narrow { display: none; }
}
`;
