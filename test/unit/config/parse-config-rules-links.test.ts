import { SPACE_MSG, rejectsEveryRow, row } from '../../helpers/config-rule-rows.js';
import { REMOVE, VALID_LINK_SECRET, changed, validConfig } from '../../helpers/valid-config.js';

/** The rules of links (previous secrets included) and zak, one row each. */

const P1 = 'previous-secret-one-8Jd2Lq7Wz4Xc0Nb';
const P2 = 'previous-secret-two-3Hs9Ke1Vr6Tp5Ym';
const TTL_MSG = 'must be a whole number of seconds from 1 to 315360000 (ten years)';
const GUESSABLE_MSG =
  'is too easy to guess (fewer than 8 different characters, or one short piece repeated): make a random one with "openssl rand -base64 48"';

rejectsEveryRow('links and zak', [
  // links
  row(['links'], REMOVE, 'links.secret: required'),
  row(['links'], 'secret', 'links: must be an object'),
  row(['links', 'secret'], REMOVE, 'links.secret: required'),
  row(['links', 'secret'], 'too-short', 'links.secret: must be at least 32 characters'),
  row(['links', 'secret'], '', 'links.secret: must be at least 32 characters'),
  row(['links', 'secret'], 12_345, 'links.secret: must be a string of at least 32 characters'),
  row(['links', 'secret'], ` ${'l'.repeat(32)}`, `links.secret: ${SPACE_MSG}`),
  row(['links', 'sceret'], 'x', 'links.sceret: unknown key (did you mean secret?)'),
  // Found in review: one repeated character was accepted as a signing key.
  row(['links', 'secret'], 'l'.repeat(32), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'ab'.repeat(24), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'abcdefg'.repeat(5), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'Passw0rd!'.repeat(4), `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], `${'0123456789abcdefghij'.repeat(3)}0123`, `links.secret: ${GUESSABLE_MSG}`),
  row(['links', 'secret'], 'env:LINK_SECRET', `links.secret: ${GUESSABLE_MSG}`, { LINK_SECRET: 'x'.repeat(64) }),
  // links.previousSecrets: earlier secrets that still verify, never sign
  row(['links', 'previousSecrets'], P1, 'links.previousSecrets: must be a list of earlier links.secret values'),
  row(['links', 'previousSecrets'], ['too-short'], 'links.previousSecrets[0]: must be at least 32 characters'),
  row(['links', 'previousSecrets'], [P1, 42], 'links.previousSecrets[1]: must be a string of at least 32 characters'),
  row(['links', 'previousSecrets'], [`${P1} `], `links.previousSecrets[0]: ${SPACE_MSG}`),
  row(['links', 'previousSecrets'], [VALID_LINK_SECRET], 'links.previousSecrets[0]: must not be the same as links.secret (it signs; a previous secret only verifies)'),
  row(['links', 'previousSecrets'], [P1, P2, P1], 'links.previousSecrets[2]: must be unique: links.previousSecrets[0] is the same'),
  row(['links', 'previousSecret'], [], 'links.previousSecret: unknown key (did you mean previousSecrets?)'),
  [
    'clients[1].key = links.previousSecrets[0]',
    changed(changed(validConfig(), ['links', 'previousSecrets'], [P1]), ['clients', 1, 'key'], P1),
    'clients[1].key: must not be the same as links.previousSecrets[0]',
  ],
  [
    'bots[0].token = links.previousSecrets[1]',
    changed(changed(validConfig(), ['links', 'previousSecrets'], [P1, P2]), ['bots', 0, 'token'], P2),
    'bots[0].token: must not be the same as links.previousSecrets[1]',
  ],
  row(['links', 'previousSecrets'], ['p'.repeat(32)], `links.previousSecrets[0]: ${GUESSABLE_MSG}`),
  row(['links', 'startTtlSeconds'], 0, `links.startTtlSeconds: ${TTL_MSG}`),
  row(['links', 'startTtlSeconds'], 1.5, `links.startTtlSeconds: ${TTL_MSG}`),
  row(['links', 'downloadTtlSeconds'], -60, `links.downloadTtlSeconds: ${TTL_MSG}`),
  // Found in review: an "almost never" TTL made links whose exp the signer does not read (12 digits).
  row(['links', 'startTtlSeconds'], 1_000_000_000_000, `links.startTtlSeconds: ${TTL_MSG}`),
  row(['links', 'downloadTtlSeconds'], '3600', `links.downloadTtlSeconds: ${TTL_MSG} (a JSON number, not a string)`),
  row(['links', 'startUrls'], 'fresh', 'links.startUrls: must be "proxy" or "fresh-zak"'),
  row(['links', 'startUrls'], 'PROXY', 'links.startUrls: must be "proxy" or "fresh-zak"'),
  row(['links', 'startUrls'], 1, 'links.startUrls: must be "proxy" or "fresh-zak"'),

  // zak
  row(['zak'], 300, 'zak: must be an object'),
  row(['zak', 'cacheSecond'], 300, 'zak.cacheSecond: unknown key (did you mean cacheSeconds?)'),
  row(['zak', 'cacheSeconds'], -1, 'zak.cacheSeconds: must be a whole number of seconds, 0 or more'),
  row(['zak', 'cacheSeconds'], 2.5, 'zak.cacheSeconds: must be a whole number of seconds, 0 or more'),
]);
