import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formDataBoundary, isWellFormedMultipart } from '../../../src/passthrough/multipart-body.js';

test('the boundary of a multipart/form-data Content-Type: token or quoted, one only', () => {
  assert.equal(formDataBoundary('multipart/form-data; boundary=AaB03x'), 'AaB03x');
  assert.equal(formDataBoundary('Multipart/Form-Data;charset=utf-8; BOUNDARY="a b:c"'), 'a b:c');
  for (const type of ['multipart/form-data', 'multipart/mixed; boundary=x', 'application/json; boundary=x', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=x; boundary=y', `multipart/form-data; boundary=${'a'.repeat(71)}`]) {
    assert.equal(formDataBoundary(type), undefined, type);
  }
});

test('well-formed multipart: the first delimiter, parts with a header block, the close delimiter', () => {
  const part = 'Content-Disposition: form-data; name="pic_file"\r\n\r\n\u0000--x-not-a-delimiter\r\n';
  for (const body of [`--x\r\n${part}\r\n--x--`, `--x\r\n${part}\r\n--x--\r\n`, `--x \r\n${part}\r\n--x\r\n${part}\r\n--x--`, '--x\r\n\r\n\r\n--x--']) {
    assert.equal(isWellFormedMultipart(Buffer.from(body), 'x'), true, JSON.stringify(body));
  }
  for (const body of ['{"schedule_for":"bob@example.com"}', '--x--', `--x\r\n${part}`, `--x\r\n${part}\r\n--y--`, `pre\r\n--x\r\n${part}\r\n--x--`, `--x\r\n${part}\r\n--x--junk`, '--x\r\nno header end\r\n--x--', '--xy\r\n\r\n\r\n--x--', '']) {
    assert.equal(isWellFormedMultipart(Buffer.from(body), 'x'), false, JSON.stringify(body));
  }
});
