#!/usr/bin/env node
import { runCli } from './run-cli.js';

// No top-level await: the exit code is set once the command settles.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
