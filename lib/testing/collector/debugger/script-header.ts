/** The debugger script's counters, notice and connection badge: what the top of the page says. */
export const HEADER_SCRIPT = String.raw`
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
`;
