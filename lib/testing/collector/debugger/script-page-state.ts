/**
 * The debugger script's shared state and element lookups, first in the script because every
 * other part reads them. `keep` and the counters' baseline come from the stream's hello.
 */
export const PAGE_STATE_SCRIPT = String.raw`
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
`;
