'use strict';
// Kept for existing callers (scripts, bench, tests): the simulator now lives in ./index.js, one file per API area.
module.exports = require('./index');
