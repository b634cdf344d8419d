#!/usr/bin/env node
// Launcher: runs the TypeScript sources through tsx's loader, so there is no separate server build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
