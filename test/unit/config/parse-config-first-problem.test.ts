import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../../src/config/parse-config.js';
import { PORT_MSG } from '../../helpers/config-rule-rows.js';
import { changed, validConfig } from '../../helpers/valid-config.js';

describe('parseConfig reports only the first problem', () => {
  test('problems are reported in the order of the keys in the contract', () => {
    const raw = changed(changed(validConfig(), ['listen', 'port'], -1), ['links', 'secret'], 'short');
    assert.throws(() => parseConfig(raw, {}), { message: `listen.port: ${PORT_MSG}` });
  });

  test('an unknown key comes before the key it misspells is reported missing', () => {
    const raw = { zoom: { accountID: 'acct', clientId: 'id', clientSecret: 'secret' }, links: { secret: 'l'.repeat(32) } };
    assert.throws(() => parseConfig(raw, {}), { message: 'zoom.accountID: unknown key (did you mean accountId?)' });
  });

  test('rules spanning several keys are checked once each key is valid', () => {
    const raw = changed(changed(validConfig(), ['clients', 1, 'name'], 'scheduler'), ['log', 'level'], 'loud');
    assert.throws(() => parseConfig(raw, {}), { message: 'log.level: must be one of fatal, error, warn, info, debug, trace, silent' });
  });

  test('an unset env: reference is reported before any rule', () => {
    const raw = changed(changed(validConfig(), ['listen', 'port'], -1), ['bots', 0, 'token'], 'env:BOT_TOKEN');
    assert.throws(() => parseConfig(raw, {}), { message: 'bots[0].token: environment variable BOT_TOKEN is not set' });
  });
});
