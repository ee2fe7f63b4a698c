import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../app/js/xmpp/xml-tree.js';
import { servicesToIce, applyServicesPush } from '../app/js/xmpp/extdisco.js';

const NS = 'urn:xmpp:extdisco:2';

test('services become ice servers with their credentials', () => {
  const ice = servicesToIce(
    parse(
      `<services xmlns='${NS}'><service type='stun' host='s.example' port='3478'/>` +
        `<service type='turn' host='t.example' port='443' transport='tcp' username='1:u' password='p'/>` +
        `<service type='ftp' host='x'/></services>`,
    ),
  );
  assert.deepEqual(ice, [
    { urls: 'stun:s.example:3478' },
    { urls: 'turn:t.example:443?transport=tcp', username: '1:u', credential: 'p' },
  ]);
});

test("a push deletes the server's default turn and adds the meeting's", () => {
  const before = [{ urls: 'stun:s.example:3478' }, { urls: 'turn:t.example:443?transport=tcp', username: 'a', credential: 'b' }];
  const after = applyServicesPush(
    before,
    parse(
      `<services xmlns='${NS}'><service action='delete' type='turn' host='t.example' port='443' transport='tcp'/>` +
        `<service action='add' type='turn' host='10.0.0.5' port='3478' transport='udp' username='2:u' password='q'/></services>`,
    ),
  );
  assert.deepEqual(after, [
    { urls: 'stun:s.example:3478' },
    { urls: 'turn:10.0.0.5:3478?transport=udp', username: '2:u', credential: 'q' },
  ]);
});
