import { rejectsEveryRow, row } from '../../helpers/config-rule-rows.js';
import { REMOVE, VALID_LINK_SECRET, changed, validConfig } from '../../helpers/valid-config.js';

/** The rules of clients (keys during a key change included) and bots, one row each. */

const USERS_MSG = 'must be ["*"] or a non-empty list of Zoom user ids or emails';
const ME_MSG = 'must not be "me": to Zoom it means whoever the access token belongs to, so it names nobody here; list the user\'s id or email';

rejectsEveryRow('clients and bots', [
  // clients
  row(['clients'], {}, 'clients: must be a list of {"name", "key", "users"} objects'),
  row(['clients', 0], 'scheduler', 'clients[0]: must be an object with "name", "key" and "users"'),
  row(['clients', 1, 'extra'], 1, 'clients[1].extra: unknown key'),
  row(['clients', 1, 'user'], ['*'], 'clients[1].user: unknown key (did you mean users?)'),
  row(['clients', 0, 'name'], REMOVE, 'clients[0].name: required'),
  row(['clients', 0, 'name'], '', 'clients[0].name: must not be empty'),
  row(['clients', 1, 'key'], REMOVE, 'clients[1].key: required (or "keys", a list of keys, while a key is being changed)'),
  row(['clients', 1, 'key'], 'short-key', 'clients[1].key: must be at least 16 characters'),
  row(['clients', 1, 'key'], 1_234_567_890_123_456, 'clients[1].key: must be a string of at least 16 characters'),
  // Found in review: accepted, but a Bearer credential ends at a space, and header bytes are latin1.
  row(['clients', 1, 'key'], 'correct horse battery staple', 'clients[1].key: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['clients', 1, 'key'], 'ключ-ключ-ключ-ключ', 'clients[1].key: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['bots', 0, 'token'], 'a bot token with spaces', 'bots[0].token: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['clients', 1, 'users'], REMOVE, 'clients[1].users: required'),
  row(['clients', 1, 'users'], [], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], ['*', 'alice@example.com'], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], ['*', '*'], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], '*', `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], [''], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], ['alice@example.com '], `clients[1].users: ${USERS_MSG}`),
  row(['clients', 1, 'users'], [42], `clients[1].users: ${USERS_MSG}`),
  // Found in review: "me" matched /v2/users/me/..., the token owner's own calls.
  row(['clients', 1, 'users'], ['me'], `clients[1].users[0]: ${ME_MSG}`),
  row(['clients', 0, 'users'], ['alice@example.com', 'ME'], `clients[0].users[1]: ${ME_MSG}`),
  row(['clients', 1, 'name'], 'scheduler', 'clients[1].name: must be unique: clients[0] has the same name'),
  row(['clients', 1, 'key'], 'k'.repeat(16), 'clients[1].key: must be unique: clients[0] has the same key'),
  row(['clients', 1, 'key'], VALID_LINK_SECRET, 'clients[1].key: must not be the same as links.secret'),
  row(['clients', 0, 'key'], 'zoom-client-secret-value', 'clients[0].key: must not be the same as zoom.clientSecret'),

  // clients[].keys: several keys of one client while a key is being changed
  row(['clients', 1, 'keys'], ['n'.repeat(16)], 'clients[1].keys: must not be given together with "key": exactly one of the two'),
  row(['clients', 1], { name: 'crm', keys: [], users: ['*'] }, 'clients[1].keys: must be a non-empty list of keys'),
  row(['clients', 1], { name: 'crm', keys: 'n'.repeat(16), users: ['*'] }, 'clients[1].keys: must be a non-empty list of keys'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), 'short'], users: ['*'] }, 'clients[1].keys[1]: must be at least 16 characters'),
  row(['clients', 1], { name: 'crm', keys: ['a key with spaces!'], users: ['*'] }, 'clients[1].keys[0]: must be printable ASCII without spaces (it is sent in an HTTP header)'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), 'k'.repeat(16)], users: ['*'] }, 'clients[1].keys[1]: must be unique: clients[0] has the same key'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), 'n'.repeat(16)], users: ['*'] }, 'clients[1].keys[1]: must be unique: clients[1].keys[0] is the same'),
  row(['clients', 1], { name: 'crm', keys: ['n'.repeat(16), VALID_LINK_SECRET], users: ['*'] }, 'clients[1].keys[1]: must not be the same as links.secret'),
  row(['clients', 0], { name: 'scheduler', keys: ['c'.repeat(16)], users: ['*'] }, 'clients[1].key: must be unique: clients[0] has the same key'),
  [
    'bots[0].token = one of clients[1].keys',
    changed(changed(validConfig(), ['clients', 1], { name: 'crm', keys: ['c'.repeat(16), 'd'.repeat(16)], users: ['*'] }), ['bots', 0, 'token'], 'd'.repeat(16)),
    'bots[0].token: must not be the same as clients[1].keys[1]',
  ],

  // bots
  row(['bots'], 'notetaker', 'bots: must be a list of {"name", "token", "user"} objects'),
  row(['bots', 0], null, 'bots[0]: must be an object with "name", "token" and "user"'),
  row(['bots', 0, 'tokn'], 'x', 'bots[0].tokn: unknown key (did you mean token?)'),
  row(['bots', 0, 'name'], REMOVE, 'bots[0].name: required'),
  row(['bots', 0, 'token'], REMOVE, 'bots[0].token: required'),
  row(['bots', 0, 'token'], 'short', 'bots[0].token: must be at least 16 characters'),
  row(['bots', 0, 'user'], REMOVE, 'bots[0].user: required'),
  row(['bots', 0, 'user'], '*', 'bots[0].user: must be one Zoom user id or email'),
  row(['bots', 0, 'user'], ['bot@example.com'], 'bots[0].user: must be one Zoom user id or email'),
  row(['bots', 0, 'user'], 'bot @example.com', 'bots[0].user: must be one Zoom user id or email'),
  row(['bots', 1], { name: 'notetaker', token: 'u'.repeat(16), user: 'x@example.com' }, 'bots[1].name: must be unique: bots[0] has the same name'),
  row(['bots', 1], { name: 'recorder', token: 't'.repeat(16), user: 'x@example.com' }, 'bots[1].token: must be unique: bots[0] has the same token'),
  row(['bots', 0, 'token'], 'c'.repeat(16), 'bots[0].token: must not be the same as clients[1].key'),
  row(['bots', 0, 'token'], VALID_LINK_SECRET, 'bots[0].token: must not be the same as links.secret'),
]);
