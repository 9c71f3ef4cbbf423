/**
 * The debugger script's connection to the collector's event stream. A new collector instance
 * (restart) resets the page's baseline; a reconnect to the same one keeps what the user cleared.
 */
export const STREAM_CONNECTION_SCRIPT = String.raw`
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
`;
