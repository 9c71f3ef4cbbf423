/** The debugger page's style. Status is always also spelt out in text and icons, never colour alone. */
export const DEBUGGER_STYLE = String.raw`
:root {
  --ink: #1d2330; --muted: #5b6475; --line: #dfe3ea; --paper: #ffffff; --wash: #f5f7fa;
  --accent: #2f5bd3; --ok: #1e7a46; --warn: #9a5b00; --warn-wash: #fff6e5; --bad: #b3261e; --bad-wash: #fdecea;
  --dup: #6b3fa0; --dup-wash: #f3edfa; --selected: #e8eefc;
  --columns: 8.5rem 5rem minmax(8rem, 1fr) minmax(7rem, 12rem) 6rem 7.5rem;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--wash);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
button, input, select { font: inherit; color: inherit; }
[hidden] { display: none !important; }

.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem; padding: .75rem 1.25rem; background: var(--paper); border-bottom: 1px solid var(--line); }
.title { display: flex; align-items: baseline; gap: 1rem; }
h1 { font-size: 1.15rem; margin: 0; font-weight: 650; }
.connection { margin: 0; color: var(--muted); font-size: .85rem; }
.connection[data-state="live"] { color: var(--ok); }
.connection[data-state="lost"] { color: var(--bad); }
.counters { display: flex; gap: 1.5rem; margin: 0; }
.counters div { display: flex; flex-direction: column; }
.counters dt { font-size: .72rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.counters dd { margin: 0; font-size: 1.1rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.actions { margin-left: auto; display: flex; gap: .5rem; }
.actions button { padding: .4rem .9rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); cursor: pointer; }
.actions button:hover { border-color: var(--accent); }
.actions button[aria-pressed="true"] { background: var(--ink); color: var(--paper); border-color: var(--ink); }

.filters { display: flex; flex-wrap: wrap; align-items: end; gap: .75rem 1.25rem; padding: .6rem 1.25rem; background: var(--paper); border-bottom: 1px solid var(--line); }
.filters label { display: flex; flex-direction: column; gap: .15rem; font-size: .75rem; color: var(--muted); }
.filters label.check { flex-direction: row; align-items: center; gap: .35rem; font-size: .85rem; color: var(--ink); padding-bottom: .35rem; }
.filters input[type="search"], .filters select { min-width: 10rem; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); color: var(--ink); font-size: .9rem; }

.notice { margin: 0; padding: .5rem 1.25rem; background: var(--warn-wash); border-bottom: 1px solid var(--line); color: var(--warn); font-weight: 500; }

.panes { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) minmax(22rem, 34%); min-height: 0; }
.stream { padding: .75rem 1.25rem 2rem; overflow: auto; }
.columns, .row { display: grid; grid-template-columns: var(--columns); gap: .75rem; align-items: center; }
.columns { padding: 0 .75rem .35rem; font-size: .72rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.empty { color: var(--muted); padding: 2rem .75rem; }

.batch { margin: 0 0 .75rem; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.batch > header { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: .4rem .75rem; background: var(--wash); border-bottom: 1px solid var(--line); font-size: .8rem; color: var(--muted); }
.batch > header .answer { margin-left: auto; font-weight: 600; color: var(--ok); }
.batch.refused > header .answer { color: var(--bad); }
.batch.refused > header { background: var(--bad-wash); }
.batch > header .reason { flex-basis: 100%; color: var(--bad); }
.row { width: 100%; padding: .45rem .75rem; border: 0; border-top: 1px solid var(--line); background: none; text-align: left; cursor: pointer; }
.batch > header + .row { border-top: 0; }
.row:hover { background: var(--wash); }
.row:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.row[aria-current="true"] { background: var(--selected); box-shadow: inset 3px 0 0 var(--accent); }
.row > span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.row .type { font-weight: 600; }
.row .name { font-weight: 500; }
.row .user, .row .client, .row .time { color: var(--muted); }
.status { font-size: .8rem; font-weight: 600; }
.status.ok { color: var(--ok); }
.status.duplicate { color: var(--dup); }
.status.violation { color: var(--warn); }
.status.refused { color: var(--bad); }
.row.has-duplicate { background: var(--dup-wash); }
.row.has-violation { background: var(--warn-wash); }
.more { padding: .4rem .75rem; font-size: .8rem; color: var(--muted); border-top: 1px solid var(--line); }

.detail { border-left: 1px solid var(--line); background: var(--paper); padding: 1rem 1.25rem 2rem; overflow: auto; }
.detail .placeholder { color: var(--muted); }
.detail .heading { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin: 0 0 .75rem; }
.detail .close { padding: .2rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--paper); cursor: pointer; }
.detail h2 { font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
.detail .problems { margin: 0 0 1rem; }
.problem-free { margin: 0; color: var(--ok); font-weight: 500; }
.detail h3 { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 1.25rem 0 .4rem; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; margin: 0; font-size: .85rem; }
.detail dt { color: var(--muted); }
.detail dd { margin: 0; overflow-wrap: anywhere; }
.detail pre { margin: 0; padding: .75rem; background: var(--wash); border: 1px solid var(--line); border-radius: 6px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.problem { margin: 0 0 .5rem; padding: .5rem .75rem; border-radius: 6px; border-left: 4px solid; }
.problem.violation { background: var(--warn-wash); border-color: var(--warn); }
.problem.duplicate { background: var(--dup-wash); border-color: var(--dup); }
.problem.refused { background: var(--bad-wash); border-color: var(--bad); }
.problem strong { display: block; }
.problem .rule { display: block; margin-top: .2rem; font-size: .8rem; }

@media (max-width: 960px) {
  .panes { grid-template-columns: 1fr; }
  .detail { border-left: 0; border-top: 1px solid var(--line); }
}
`;
