/** The debugger script's wording of messages, batches and answers, shared by the list and the detail pane. */
export const FORMATTING_SCRIPT = String.raw`
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
`;
