/**
 * The debugger page's HTML. Its script and style are served next to it by the collector; the
 * page loads nothing else (its Content-Security-Policy forbids it), so it works offline.
 */
export const DEBUGGER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Segment event debugger</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/debugger/app.css">
<script src="/debugger/app.js" defer></script>
</head>
<body>
<header class="top">
  <div class="title">
    <h1>Segment event debugger</h1>
    <p id="connection" class="connection" role="status" data-state="connecting">… connecting</p>
  </div>
  <dl class="counters" aria-label="Counters since this page was cleared">
    <div><dt>Messages</dt><dd id="count-messages">0</dd></div>
    <div><dt>Batches</dt><dd id="count-batches">0</dd></div>
    <div><dt>Duplicates</dt><dd id="count-duplicates">0</dd></div>
    <div><dt>Violations</dt><dd id="count-violations">0</dd></div>
    <div><dt>Bytes</dt><dd id="count-bytes">0 B</dd></div>
  </dl>
  <div class="actions">
    <button type="button" id="pause" aria-pressed="false">Ⅱ Pause</button>
    <button type="button" id="clear">✕ Clear</button>
  </div>
</header>
<form class="filters" id="filters" role="search" aria-label="Filters">
  <label>Type
    <select id="filter-type">
      <option value="">all</option>
      <option>identify</option><option>track</option><option>page</option>
      <option>screen</option><option>group</option><option>alias</option>
    </select>
  </label>
  <label>Event or name <input id="filter-event" type="search" placeholder="e.g. Order" autocomplete="off"></label>
  <label>User <input id="filter-user" type="search" placeholder="userId or anonymousId" autocomplete="off"></label>
  <label>Client
    <select id="filter-client"><option value="">all</option></select>
  </label>
  <label class="check"><input id="filter-problems" type="checkbox"> Problems only</label>
</form>
<p id="notice" class="notice" role="status" hidden></p>
<main class="panes">
  <section class="stream" aria-label="Messages, newest first, grouped by request">
    <div class="columns" aria-hidden="true">
      <span>Status</span><span>Type</span><span>Event / name</span><span>User</span><span>Client</span><span>Time</span>
    </div>
    <div id="batches"></div>
    <p id="empty" class="empty">Waiting for messages. Send an event from your app: it appears here as soon as the collector receives it.</p>
  </section>
  <aside id="detail" class="detail" aria-label="Message detail">
    <p class="placeholder">Select a message to see its JSON, its context and any problem.</p>
  </aside>
</main>
</body>
</html>
`;
