/** The debugger script's list of requests, newest first, trimmed to what the collector keeps for late pages. */
export const BATCH_LIST_SCRIPT = String.raw`
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
`;
