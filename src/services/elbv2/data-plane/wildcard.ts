// ELBv2's condition wildcards: `*` matches any run of characters (none included), `?` exactly one; nothing else is special.
export { wildcardMatch } from '../../../aws/wildcard.js';
