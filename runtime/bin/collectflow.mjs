#!/usr/bin/env node
// The `collectflow` command. Runs the TypeScript sources directly through tsx, so that the
// workspace packages need no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
