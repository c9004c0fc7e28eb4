#!/usr/bin/env node
// tsc writes dist/cli.js without the execute bit. npm sets it on the bin of an installed package,
// but in a clone `npx helpdesk-jwt-receiver` runs the project's own bin as it is: without this step
// a fresh clone answers "Permission denied" (the README's run blocks caught it). Run after `tsc`.
'use strict';
const { chmodSync } = require('node:fs');
const { join } = require('node:path');

chmodSync(join(__dirname, '..', 'dist', 'cli.js'), 0o755);
