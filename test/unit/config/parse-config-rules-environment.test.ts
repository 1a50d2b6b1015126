import { PORT_MSG, rejectsEveryRow, row } from '../../helpers/config-rule-rows.js';
import { validConfig } from '../../helpers/valid-config.js';

/** The rules of what comes from the environment: env: references and PORT, one row each. */

rejectsEveryRow('env: references and PORT', [
  // env: references
  row(['zoom', 'clientSecret'], 'env:ZOOM_SECRET', 'zoom.clientSecret: environment variable ZOOM_SECRET is not set', {}),
  row(['clients', 1, 'key'], 'env:CRM_KEY', 'clients[1].key: environment variable CRM_KEY is not set', { OTHER: 'x' }),
  row(['clients', 1, 'users', 1], 'env:CRM_USER', 'clients[1].users[1]: environment variable CRM_USER is not set', {}),
  row(['links', 'secret'], 'env:LINK_SECRET', 'links.secret: must be at least 32 characters', { LINK_SECRET: '' }),
  row(['zoom', 'accountId'], 'env:ZOOM_ACCOUNT', 'zoom.accountId: must not be empty', { ZOOM_ACCOUNT: '' }),
  row(['listen', 'port'], 'env:LISTEN_PORT', `listen.port: ${PORT_MSG} (a JSON number, not a string)`, { LISTEN_PORT: '8080' }),
  row(['zoom', 'clientId'], 'env:', 'zoom.clientId: "env:" must be followed by an environment variable name (letters, digits and _, not starting with a digit)'),
  row(['zoom', 'clientId'], 'env:1ID', 'zoom.clientId: "env:" must be followed by an environment variable name (letters, digits and _, not starting with a digit)'),

  // PORT
  ['PORT not a number', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: 'http' }],
  ['PORT empty', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '' }],
  ['PORT negative', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '-1' }],
  ['PORT too large', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '65536' }],
  ['PORT fractional', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '80.5' }],
  ['PORT hexadecimal', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '0x50' }],
  ['PORT with a space', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: ' 80' }],
  ['PORT in exponent form', validConfig(), 'PORT: must be an integer from 0 to 65535', { PORT: '8e3' }],
]);
