/** A journal entry as a dialect records it (core.journal.record), for tests that fill a journal directly: a TouchOffice GET unless `over` says otherwise. */
export const journalEntry = (sandboxId: string, path: string, over: Record<string, unknown> = {}) => ({
  sandboxId,
  at: Date.now(),
  dialect: 'touchoffice',
  method: 'GET',
  path,
  query: {},
  status: 200,
  durationMs: 1,
  requestBody: null,
  responseBody: { status: 1 },
  secrets: [],
  ...over,
});
