/**
 * Turns off zod's compiled parsers before any schema is built. zod probes for
 * `new Function` when its first object schema is created; under the app's
 * Content-Security-Policy (no 'unsafe-eval') that probe is refused and Chromium logs
 * a CSP error on every load, even though zod catches it. Imported first by main.ts,
 * so it runs before the modules that define schemas.
 */
import { z } from "zod";

z.config({ jitless: true });
