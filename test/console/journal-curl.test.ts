import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { entryAsCurl, type JournalEntry } from '../../src/console/client/curl.ts';
import { REDACTED as CLIENT_REDACTED } from '../../src/console/client/redacted.ts';
import { REDACTED } from '../../src/core/journal.ts';
import { useTestApp } from '../helpers/app.ts';

/**
 * "Copy as curl" of a journal entry (issue 14): the journal keeps no headers and redacts
 * credentials, so the command has placeholders; with the placeholders replaced by the sandbox's
 * credentials, the command pasted into sh gets the status the journaled request got.
 */
const sh = promisify(execFile);

describe('console: a journal entry as curl', () => {
  const app = useTestApp({}, { listen: true });

  it('the console knows how the journal writes a redacted credential', () => {
    expect(CLIENT_REDACTED).toBe(REDACTED);
  });

  it('each dialect: with its placeholders filled in, the command gets the journaled status again', async () => {
    const sb = await app.t.sandbox();
    const c = sb.credentials;
    const jwt = (await (await fetch(`${app.url}/reversio/api/v1/token`, { headers: { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, 'Ocp-Apim-Secret-Value': c.reversio.secretValue } })).json()).value as string;
    const sent: Array<[string, RequestInit?]> = [
      [`/touchoffice/vouchers?TAK=${c.touchoffice.tak}&limit=2`],
      [`/touchoffice/vouchers/NOSUCH?TAK=${c.touchoffice.tak}`],
      ['/revel/resources/Product/?limit=1', { headers: { 'API-AUTHENTICATION': `${c.revel.apiKey}:${c.revel.apiSecret}` } }],
      ['/revel/resources/Product/424242/', { headers: { 'API-AUTHENTICATION': `${c.revel.apiKey}:${c.revel.apiSecret}` } }],
      ['/comeback/v1/customers', { headers: { authorization: c.comeback.token } }],
      ['/intouch/api/v1/solo/urls', { headers: { account: c.intouch.account, authorization: `Bearer ${c.intouch.apiToken}` } }],
      ['/reversio/api/v1/catalog/models?pageSize=2', { headers: { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, authorization: `Bearer ${jwt}` } }],
    ];
    for (const [path, init] of sent) await (await fetch(`${app.url}${path}`, init)).arrayBuffer();
    const journal = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests?limit=${sent.length}` })).body.requests as JournalEntry[];
    expect(journal.length).toBe(sent.length);
    const fills: Record<string, string> = {
      '<tak>': c.touchoffice.tak,
      '<apiKey>': c.revel.apiKey,
      '<apiSecret>': c.revel.apiSecret,
      '<token>': c.comeback.token,
      '<account>': c.intouch.account,
      '<apiToken>': c.intouch.apiToken,
      '<subscriptionKey>': c.reversio.subscriptionKey,
      '<jwt>': jwt,
    };
    for (const entry of journal) {
      const curl = entryAsCurl(entry, app.url);
      // No credential in the command as copied; a placeholder where each one goes.
      for (const secret of Object.values(fills)) expect(curl).not.toContain(secret);
      expect(curl).toMatch(/<[a-zA-Z]+>/);
      const filled = curl.replace(/<[a-zA-Z]+>/g, (p) => fills[p] ?? p);
      const { stdout } = await sh('sh', ['-c', `${filled} -s -o /dev/null -w '%{http_code}'`]);
      expect({ path: entry.path, status: Number(stdout) }).toEqual({ path: entry.path, status: entry.status });
    }
  });

  it('a body goes with --data-raw as sent, one shell word whatever it holds', async () => {
    const entry: JournalEntry = {
      id: 1,
      at: new Date().toISOString(),
      dialect: 'comeback',
      method: 'POST',
      path: '/customers',
      query: {},
      status: 201,
      durationMs: 1,
      requestBody: { name: "O'Brien $(touch /tmp/pwned) `id`", email: 'o@example.com' },
      responseBody: null,
    };
    const curl = entryAsCurl(entry, 'http://127.0.0.1:1');
    const echoed = await sh('sh', ['-c', curl.replace(/^curl /, 'printf "%s\\n" ')]);
    const words = echoed.stdout.trimEnd().split('\n');
    expect(words).toEqual(['-X', 'POST', 'http://127.0.0.1:1/comeback/v1/customers', '-H', 'Authorization: <token>', '-H', 'Content-Type: application/json', '--data-raw', JSON.stringify(entry.requestBody)]);
  });
});
