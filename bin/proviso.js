#!/usr/bin/env node
// The installed entry point: the CLI is written in TypeScript and built to dist/ by `npm run build`
// (run automatically by `npm install` through the `prepare` script).
import '../dist/cli/main.js';
