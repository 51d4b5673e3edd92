/**
 * The link codec where the architecture's public seam names it (`src/state/`: `encode(config)` and
 * `decode(query) → { config, problems }`, decoding never throws). It lives in `src/link/`, beneath
 * `state/` and `export/`, which both read links; this module keeps the seam's address.
 */
export * from '../link/urlCodec';
