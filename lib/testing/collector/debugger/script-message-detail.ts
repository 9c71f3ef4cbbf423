/** The debugger script's detail pane: one message's problems first, then its facts and JSON. */
export const MESSAGE_DETAIL_SCRIPT = String.raw`
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
`;
