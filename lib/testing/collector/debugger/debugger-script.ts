/**
 * The debugger page's script: plain browser JavaScript, no framework and no build step.
 * Everything it shows is set with textContent, never parsed as HTML: messages are user data.
 */
export const DEBUGGER_SCRIPT = String.raw`'use strict';
(function () {
  var ZERO = { messages: 0, batches: 0, duplicates: 0, violations: 0, bytes: 0 };
  var state = {
    instance: null,
    keep: 1000,
    totals: Object.assign({}, ZERO),
    baseline: Object.assign({}, ZERO),
    clearedAfter: 0,
    lastSeq: 0,
    paused: false,
    held: [],
    dropped: 0,
    rows: [],
    clients: {},
    selected: null
  };
  var $ = function (id) { return document.getElementById(id); };
  var batchesEl = $('batches');
  var detailEl = $('detail');
  var filters = {
    type: $('filter-type'), event: $('filter-event'), user: $('filter-user'),
    client: $('filter-client'), problems: $('filter-problems')
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatBytes(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
    return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  }

  function two(n) { return n < 10 ? '0' + n : String(n); }

  function formatTime(value) {
    var date = new Date(value);
    if (typeof value !== 'string' || isNaN(date.getTime())) return value === undefined ? '—' : String(value);
    var ms = date.getMilliseconds();
    return two(date.getHours()) + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds()) + '.' + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms;
  }

  function text(value) {
    return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  }

  function labelOf(message) {
    switch (message.type) {
      case 'track': return text(message.event) || '—';
      case 'page':
      case 'screen': return text(message.name) || text(message.category) || '—';
      case 'group': return 'group ' + text(message.groupId);
      case 'alias': return text(message.previousId) + ' → ' + text(message.userId);
      default: return '—';
    }
  }

  function userOf(message) {
    if (message.userId !== undefined && message.userId !== null) return text(message.userId);
    if (message.anonymousId !== undefined && message.anonymousId !== null) return 'anonymous ' + text(message.anonymousId);
    return '—';
  }

  function clientOf(batch) { return batch.client === null ? 'no key' : '#' + batch.client; }

  function refused(batch) { return batch.answer.status !== null && batch.answer.status >= 300; }

  function answerText(batch) {
    var answer = batch.answer;
    if (answer.status === null) return '↯ connection reset' + (answer.fault ? ' (planned fault)' : '');
    if (answer.status < 300) return '✓ ' + answer.status + ' accepted' + (answer.fault === 'delay' ? ' (answer held: delayNext)' : '');
    return '✗ ' + answer.status + ' ' + (answer.code || 'refused') + (answer.fault ? ' (planned fault)' : '');
  }

  function statusOf(row) {
    var parts = [];
    if (row.refused) parts.push({ kind: 'refused', text: '✗ not accepted' });
    if (row.entry.duplicate) parts.push({ kind: 'duplicate', text: '↻ duplicate' });
    var count = row.entry.violations.length;
    if (count > 0) parts.push({ kind: 'violation', text: '⚠ ' + (count === 1 ? 'violation' : count + ' violations') });
    if (parts.length === 0) parts.push({ kind: 'ok', text: '✓ ok' });
    return parts;
  }

  function showCounters() {
    ['messages', 'batches', 'duplicates', 'violations', 'bytes'].forEach(function (name) {
      var value = Math.max(0, state.totals[name] - state.baseline[name]);
      $('count-' + name).textContent = name === 'bytes' ? formatBytes(value) : value.toLocaleString('en');
    });
  }

  function showNotice() {
    var parts = [];
    if (state.paused) {
      var waiting = state.held.reduce(function (sum, batch) { return sum + batch.messages.length; }, 0);
      parts.push('Ⅱ Paused: ' + waiting + ' new message' + (waiting === 1 ? '' : 's') + ' held. Resume to show them.');
    }
    if (state.dropped > 0) {
      parts.push('⚠ ' + state.dropped + ' update' + (state.dropped === 1 ? ' was' : 's were') + ' dropped because this tab fell behind; the counters stay exact. Reload to see the latest messages.');
    }
    $('notice').textContent = parts.join('  ');
    $('notice').hidden = parts.length === 0;
  }

  function showConnection(stateName, label) {
    var node = $('connection');
    node.dataset.state = stateName;
    node.textContent = label;
  }

  function addClientOption(batch) {
    var value = batch.client === null ? '-' : batch.client;
    if (state.clients[value]) return;
    state.clients[value] = true;
    var option = el('option', '', clientOf(batch));
    option.value = value;
    filters.client.appendChild(option);
  }

  function matches(row) {
    var message = row.entry.message;
    var type = filters.type.value;
    if (type && message.type !== type) return false;
    var wanted = filters.event.value.trim().toLowerCase();
    if (wanted && (text(message.event) + '\n' + text(message.name)).toLowerCase().indexOf(wanted) === -1) return false;
    var user = filters.user.value.trim().toLowerCase();
    if (user && [message.userId, message.anonymousId, message.previousId].map(text).join('\n').toLowerCase().indexOf(user) === -1) return false;
    var client = filters.client.value;
    if (client && (row.batch.client === null ? '-' : row.batch.client) !== client) return false;
    if (filters.problems.checked && !row.refused && !row.entry.duplicate && row.entry.violations.length === 0) return false;
    return true;
  }

  function applyFilters() {
    var visible = 0;
    var batchVisible = new Map();
    state.rows.forEach(function (row) {
      var show = matches(row);
      row.node.hidden = !show;
      if (show) visible++;
      batchVisible.set(row.batchNode, (batchVisible.get(row.batchNode) || false) || show);
    });
    batchVisible.forEach(function (show, node) { node.hidden = !show; });
    var empty = $('empty');
    empty.hidden = visible > 0;
    empty.textContent = state.rows.length === 0
      ? 'Waiting for messages. Send an event from your app: it appears here as soon as the collector receives it.'
      : 'No message matches the filters.';
  }

  function render(batch) {
    addClientOption(batch);
    var article = el('article', 'batch' + (refused(batch) ? ' refused' : ''));
    article.dataset.seq = String(batch.seq);
    var header = el('header');
    header.appendChild(el('span', 'seq', 'Request #' + batch.seq));
    header.appendChild(el('span', 'received', formatTime(batch.receivedAt)));
    header.appendChild(el('span', 'path mono', 'POST ' + batch.path));
    header.appendChild(el('span', 'client', 'client ' + clientOf(batch)));
    var count = batch.messages.length + batch.omitted;
    header.appendChild(el('span', 'count', count + ' message' + (count === 1 ? '' : 's')));
    header.appendChild(el('span', 'size', formatBytes(batch.wireBytes) + (batch.gzip ? ' gzip (' + formatBytes(batch.jsonBytes || 0) + ' JSON)' : '')));
    header.appendChild(el('span', 'answer', answerText(batch)));
    if (batch.answer.text) header.appendChild(el('span', 'reason', batch.answer.text));
    article.appendChild(header);
    batch.messages.forEach(function (entry, index) {
      var row = { batch: batch, entry: entry, index: index, refused: refused(batch), batchNode: article, node: null };
      var node = el('button', 'row');
      node.type = 'button';
      node.dataset.id = batch.seq + '.' + index;
      if (entry.duplicate) node.classList.add('has-duplicate');
      if (entry.violations.length > 0) node.classList.add('has-violation');
      var status = el('span', 'status');
      statusOf(row).forEach(function (part, at) {
        if (at > 0) status.appendChild(document.createTextNode(' · '));
        status.appendChild(el('span', 'status ' + part.kind, part.text));
      });
      node.appendChild(status);
      node.appendChild(el('span', 'type', text(entry.message.type) || '?'));
      node.appendChild(el('span', 'name', labelOf(entry.message)));
      node.appendChild(el('span', 'user', userOf(entry.message)));
      node.appendChild(el('span', 'client mono', clientOf(batch)));
      node.appendChild(el('span', 'time mono', formatTime(entry.message.timestamp)));
      node.title = labelOf(entry.message) + ' (' + statusOf(row).map(function (part) { return part.text; }).join(', ') + ')';
      node.addEventListener('click', function () { select(row); });
      row.node = node;
      article.appendChild(node);
      state.rows.push(row);
    });
    if (batch.omitted > 0) article.appendChild(el('p', 'more', '… and ' + batch.omitted + ' more messages in this request, not kept by the debugger.'));
    batchesEl.insertBefore(article, batchesEl.firstChild);
    trim();
    applyFilters();
  }

  function trim() {
    while (state.rows.length > state.keep && batchesEl.lastElementChild) {
      var oldest = batchesEl.lastElementChild;
      batchesEl.removeChild(oldest);
      state.rows = state.rows.filter(function (row) { return row.batchNode !== oldest; });
    }
  }

  function select(row) {
    if (state.selected) state.selected.node.removeAttribute('aria-current');
    state.selected = row;
    row.node.setAttribute('aria-current', 'true');
    var message = row.entry.message;
    detailEl.textContent = '';
    var heading = el('div', 'heading');
    heading.appendChild(el('h2', '', (text(message.type) || '?') + ' · ' + labelOf(message)));
    var close = el('button', 'close', '✕ Close');
    close.type = 'button';
    close.addEventListener('click', unselect);
    heading.appendChild(close);
    detailEl.appendChild(heading);
    var problems = el('div', 'problems');
    if (row.refused) {
      var answer = row.batch.answer;
      problems.appendChild(problem('refused', '✗ Not accepted', 'The collector answered ' + answer.status + (answer.code ? ' ' + answer.code : '') + (answer.text ? ': ' + answer.text : '') + '.'));
    }
    if (row.entry.duplicate) {
      problems.appendChild(problem('duplicate', '↻ Duplicate', 'messageId ' + text(message.messageId) + ' was already accepted. Segment keeps one message per messageId, so this copy is dropped.'));
    }
    row.entry.violations.forEach(function (violation) {
      var node = problem('violation', violation.rule ? '⚠ Tracking plan violation' : '⚠ Spec violation', violation.text);
      if (violation.rule) node.appendChild(el('span', 'rule', 'Rule: ' + violation.rule));
      problems.appendChild(node);
    });
    if (problems.childNodes.length === 0) problems.appendChild(el('p', 'problem-free', '✓ Accepted, no problem found.'));
    detailEl.appendChild(problems);
    var facts = el('dl');
    var library = message.context && message.context.library;
    [
      ['Type', text(message.type)],
      ['Event / name', labelOf(message)],
      ['userId', text(message.userId)],
      ['anonymousId', text(message.anonymousId)],
      ['messageId', text(message.messageId)],
      ['Timestamp', text(message.timestamp)],
      ['Client', clientOf(row.batch)],
      ['Request', '#' + row.batch.seq + ' POST ' + row.batch.path + ', message ' + (row.index + 1) + ' of ' + (row.batch.messages.length + row.batch.omitted)],
      ['Library', library ? text(library.name) + ' ' + text(library.version) : '']
    ].forEach(function (pair) {
      if (!pair[1]) return;
      facts.appendChild(el('dt', '', pair[0]));
      facts.appendChild(el('dd', 'mono', pair[1]));
    });
    detailEl.appendChild(facts);
    detailEl.appendChild(el('h3', '', 'Context'));
    detailEl.appendChild(el('pre', 'context', message.context === undefined ? 'none' : JSON.stringify(message.context, null, 2)));
    detailEl.appendChild(el('h3', '', 'Message JSON'));
    detailEl.appendChild(el('pre', 'json', JSON.stringify(message, null, 2)));
  }

  function problem(kind, title, body) {
    var node = el('div', 'problem ' + kind);
    node.appendChild(el('strong', '', title));
    node.appendChild(el('span', 'problem-text', body));
    return node;
  }

  function unselect() {
    if (state.selected) state.selected.node.removeAttribute('aria-current');
    state.selected = null;
    detailEl.textContent = '';
    detailEl.appendChild(el('p', 'placeholder', 'Select a message to see its JSON, its context and any problem.'));
  }

  function clearView() {
    batchesEl.textContent = '';
    state.rows = [];
    state.held = [];
    unselect();
    applyFilters();
    showNotice();
  }

  function onBatch(data) {
    var batch = data.batch;
    state.totals = data.totals;
    state.lastSeq = Math.max(state.lastSeq, batch.seq);
    showCounters();
    if (batch.seq <= state.clearedAfter) return;
    if (state.paused) {
      state.held.push(batch);
      var heldMessages = state.held.reduce(function (sum, held) { return sum + held.messages.length; }, 0);
      while (heldMessages > state.keep && state.held.length > 1) heldMessages -= state.held.shift().messages.length;
      showNotice();
      return;
    }
    render(batch);
  }

  function connect() {
    var source = new EventSource('/debugger/events');
    source.addEventListener('open', function () { showConnection('live', '● live'); });
    source.addEventListener('error', function () { showConnection('lost', '✗ disconnected, retrying…'); });
    source.addEventListener('hello', function (event) {
      var data = JSON.parse(event.data);
      if (data.instance !== state.instance) {
        state.instance = data.instance;
        state.baseline = Object.assign({}, ZERO);
        state.clearedAfter = 0;
        state.lastSeq = 0;
      }
      state.keep = data.keep;
      state.totals = data.totals;
      showConnection('live', '● live');
      clearView();
      showCounters();
    });
    source.addEventListener('batch', function (event) { onBatch(JSON.parse(event.data)); });
    source.addEventListener('reset', function (event) {
      state.totals = JSON.parse(event.data).totals;
      state.baseline = Object.assign({}, ZERO);
      clearView();
      showCounters();
    });
    source.addEventListener('dropped', function (event) {
      state.dropped += JSON.parse(event.data).frames;
      showNotice();
    });
  }

  $('pause').addEventListener('click', function () {
    state.paused = !state.paused;
    var button = $('pause');
    button.setAttribute('aria-pressed', String(state.paused));
    button.textContent = state.paused ? '▶ Resume' : 'Ⅱ Pause';
    if (!state.paused) {
      var held = state.held;
      state.held = [];
      held.forEach(render);
    }
    showNotice();
  });

  $('clear').addEventListener('click', function () {
    state.baseline = Object.assign({}, state.totals);
    state.clearedAfter = state.lastSeq;
    state.dropped = 0;
    clearView();
    showCounters();
  });

  $('filters').addEventListener('submit', function (event) { event.preventDefault(); });
  $('filters').addEventListener('input', applyFilters);
  $('filters').addEventListener('change', applyFilters);
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') unselect(); });

  applyFilters();
  connect();
})();
`;
