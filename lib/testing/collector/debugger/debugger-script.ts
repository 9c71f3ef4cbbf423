import { BATCH_LIST_SCRIPT } from './script-batch-list.js';
import { CONTROLS_SCRIPT } from './script-controls.js';
import { FILTERS_SCRIPT } from './script-filters.js';
import { FORMATTING_SCRIPT } from './script-formatting.js';
import { HEADER_SCRIPT } from './script-header.js';
import { MESSAGE_DETAIL_SCRIPT } from './script-message-detail.js';
import { PAGE_STATE_SCRIPT } from './script-page-state.js';
import { STREAM_CONNECTION_SCRIPT } from './script-stream-connection.js';

/**
 * The debugger page's script: plain browser JavaScript, no framework and no build step.
 * Everything it shows is set with textContent, never parsed as HTML: messages are user data.
 *
 * Its parts share one function scope (state, elements, helpers), so they are joined into one
 * immediately invoked function and served as one file; each part starts and ends with a line
 * break, which leaves one blank line between parts.
 */
export const DEBUGGER_SCRIPT =
  `'use strict';\n(function () {` +
  [
    PAGE_STATE_SCRIPT,
    FORMATTING_SCRIPT,
    HEADER_SCRIPT,
    FILTERS_SCRIPT,
    BATCH_LIST_SCRIPT,
    MESSAGE_DETAIL_SCRIPT,
    STREAM_CONNECTION_SCRIPT,
    CONTROLS_SCRIPT,
  ].join('') +
  `})();\n`;
