/** How the journal writes a credential it redacted (src/core/journal.ts REDACTED). */
export const REDACTED = '[REDACTED]';
