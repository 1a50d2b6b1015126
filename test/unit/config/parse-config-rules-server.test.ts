import { URL_MSG, PORT_MSG, rejectsEveryRow, row, type Row } from '../../helpers/config-rule-rows.js';
import { REMOVE, changed, validConfig } from '../../helpers/valid-config.js';

/** The rules of the top level, listen, publicUrl, log and shutdownGraceSeconds, one row each. */

const LISTEN_HOST_MSG = 'must be a host name or IP address to listen on, such as "127.0.0.1" or "0.0.0.0"';

/** The valid configuration listening on `host`, without publicUrl. */
function listeningWithoutPublicUrl(host: string, message: string): Row {
  return [`listen.host = ${JSON.stringify(host)} without publicUrl`, changed(changed(validConfig(), ['publicUrl'], REMOVE), ['listen', 'host'], host), message];
}

rejectsEveryRow('the top level, listen, publicUrl, log and shutdownGraceSeconds', [
  // The top level
  ['top level is an array', [], '(top level): must be a JSON object'],
  ['top level is null', null, '(top level): must be a JSON object'],
  ['top level is a string', 'zoom', '(top level): must be a JSON object'],
  ['top level is a number', 42, '(top level): must be a JSON object'],
  row(['foo'], 1, 'foo: unknown key'),
  row(['client'], [], 'client: unknown key (did you mean clients?)'),
  row(['a b'], 1, '["a b"]: unknown key'),
  ['a JSON key "__proto__"', JSON.parse('{"__proto__": {"x": 1}}'), '__proto__: unknown key'],
  ['an empty object', {}, 'zoom.accountId: required'],

  // listen
  row(['listen'], 'localhost:8080', 'listen: must be an object'),
  row(['listen'], null, 'listen: must be an object'),
  row(['listen', 'foo'], true, 'listen.foo: unknown key'),
  row(['listen', 'host'], '', `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'host'], 'http://0.0.0.0', `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'host'], '0.0.0.0 ', `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'host'], 127, `listen.host: ${LISTEN_HOST_MSG}`),
  row(['listen', 'maxHeaderBytes'], 512, 'listen.maxHeaderBytes: must be a whole number of bytes from 1024 to 1048576'),
  row(['listen', 'maxHeaderBytes'], '16384', 'listen.maxHeaderBytes: must be a whole number of bytes from 1024 to 1048576 (a JSON number, not a string)'),
  row(['listen', 'port'], -1, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], 65_536, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], 80.5, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], null, `listen.port: ${PORT_MSG}`),
  row(['listen', 'port'], '8080', `listen.port: ${PORT_MSG} (a JSON number, not a string)`),
  // Found in review: links were written to http://0.0.0.0:PORT, which reaches nobody.
  listeningWithoutPublicUrl('0.0.0.0', 'publicUrl: required when listen.host is 0.0.0.0 (every interface): links would point at http://0.0.0.0:8080, which no client can reach'),
  listeningWithoutPublicUrl('::', 'publicUrl: required when listen.host is :: (every interface): links would point at http://[::]:8080, which no client can reach'),
  listeningWithoutPublicUrl('0:0:0:0:0:0:0:0', 'publicUrl: required when listen.host is 0:0:0:0:0:0:0:0 (every interface): links would point at http://[0:0:0:0:0:0:0:0]:8080, which no client can reach'),
  listeningWithoutPublicUrl('0', 'publicUrl: required when listen.host is 0 (every interface): links would point at http://0:8080, which no client can reach'),

  // publicUrl
  row(['publicUrl'], 'zoom-proxy.example.com', `publicUrl: ${URL_MSG}`),
  row(['publicUrl'], 'ftp://zoom-proxy.example.com', `publicUrl: ${URL_MSG}`),
  row(['publicUrl'], '/relative/path', `publicUrl: ${URL_MSG}`),
  row(['publicUrl'], 'https://zoom-proxy.example.com/?a=1', 'publicUrl: must not have a query (?) or a fragment (#)'),
  row(['publicUrl'], 'https://zoom-proxy.example.com/#top', 'publicUrl: must not have a query (?) or a fragment (#)'),
  row(['publicUrl'], 'https://user:pass@zoom-proxy.example.com', 'publicUrl: must not contain a user name or password'),
  row(['publicUrl'], 'https://zoom-proxy.example.com/a b', `publicUrl: ${URL_MSG} without spaces`),
  row(['publicUrl'], '', `publicUrl: ${URL_MSG}`),
  // Found in review: WHATWG URL forgives these; the text went into links as written.
  row(['publicUrl'], 'https:/zoom-proxy.example.com', `publicUrl: ${URL_MSG}, written with "//" before its host`),
  row(['publicUrl'], 'https:zoom-proxy.example.com', `publicUrl: ${URL_MSG}, written with "//" before its host`),
  row(['publicUrl'], 'https:\\\\zoom-proxy.example.com', `publicUrl: ${URL_MSG}, written with "//" before its host`),
  row(['zoom', 'webUrl'], 'https:/zoom.us', `zoom.webUrl: ${URL_MSG}, written with "//" before its host`),
  row(['publicUrl'], null, `publicUrl: ${URL_MSG}`),

  // log
  row(['log'], 'debug', 'log: must be an object'),
  row(['log', 'level'], 'verbose', 'log.level: must be one of fatal, error, warn, info, debug, trace, silent'),
  row(['log', 'level'], 'INFO', 'log.level: must be one of fatal, error, warn, info, debug, trace, silent'),
  row(['log', 'levle'], 'info', 'log.levle: unknown key (did you mean level?)'),

  // shutdownGraceSeconds
  row(['shutdownGraceSeconds'], -1, 'shutdownGraceSeconds: must be a number of seconds from 0 to 2147483'),
  row(['shutdownGraceSeconds'], 1e9, 'shutdownGraceSeconds: must be a number of seconds from 0 to 2147483'),
  row(['shutdownGraceSeconds'], '30', 'shutdownGraceSeconds: must be a number of seconds from 0 to 2147483 (a JSON number, not a string)'),
]);
