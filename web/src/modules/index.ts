/**
 * Every web module, in registration order. A module is one folder with an `index.tsx` that calls
 * `registerNav` / `registerRoute` (see ../nav.ts and web/README.md); add one import line here to plug it in.
 */
import './core';
import './admin';
import './audit';
import './detentions';
import './agreements';
import './alerts';
import './watchlists';
import './persons';
import './vehicles';
