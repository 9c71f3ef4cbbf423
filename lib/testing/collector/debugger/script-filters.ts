/** The debugger script's filters; they hide rows rather than remove them, so clearing a filter is instant. */
export const FILTERS_SCRIPT = String.raw`
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
`;
