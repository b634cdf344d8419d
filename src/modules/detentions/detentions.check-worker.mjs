// Starts the bulk-file checking worker thread from its TypeScript source (as bin/sereno.mjs starts the server: no
// separate server build). A worker does not inherit the parent's loader hooks, so it registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./detentions.check-worker.ts');
