/** The debugger script's buttons and keys, then its start: last, so the state and elements it uses are already set. */
export const CONTROLS_SCRIPT = String.raw`
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
`;
