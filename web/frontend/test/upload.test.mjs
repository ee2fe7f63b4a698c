import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, toXml } from '../app/js/xmpp/xml-tree.js';
import { slotRequest, readSlot, readUploadInfo, readFileMessage, oobElement, slotRefusal } from '../app/js/xmpp/upload.js';

test('a slot request names the file and the meeting', () => {
  const xml = toXml(slotRequest({ name: 'a b.pdf', size: 12, type: 'application/pdf', roomJid: 'r@muc.meet.jitsi' }));
  assert.match(xml, /<request xmlns=['"]urn:xmpp:http:upload:0['"]/);
  assert.match(xml, /filename=['"]a b.pdf['"]/);
  assert.match(xml, /size=['"]12['"]/);
  assert.match(xml, /<meeting xmlns=['"]urn:huddle:file-share:0['"] room=['"]r@muc.meet.jitsi['"]/);
});

test('a slot is read with its allowed headers only', () => {
  const iq = parse(
    "<iq type='result'><slot xmlns='urn:xmpp:http:upload:0'><put url='https://h/files/r/i/a.pdf'>" +
      "<header name='Authorization'>Bearer t</header><header name='X-Evil'>1</header></put>" +
      "<get url='https://h/files/r/i/a.pdf'/></slot></iq>",
  );
  assert.deepEqual(readSlot(iq), { put: 'https://h/files/r/i/a.pdf', headers: { Authorization: 'Bearer t' }, get: 'https://h/files/r/i/a.pdf' });
  assert.equal(readSlot(parse("<iq type='result'/>")), null);
});

test('the upload service is recognised with its largest file', () => {
  const q = parse(
    "<query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:http:upload:0'/>" +
      "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>urn:xmpp:http:upload:0</value></field>" +
      "<field var='max-file-size'><value>1000</value></field></x></query>",
  );
  assert.deepEqual(readUploadInfo(q), { maxSize: 1000 });
  assert.equal(readUploadInfo(parse("<query xmlns='http://jabber.org/protocol/disco#info'/>")), null);
});

test('a file message gives its link and name; other URLs schemes are not links', () => {
  const m = parse("<message type='groupchat'><body>https://h/files/r/i/a.pdf</body></message>");
  m.children.push(oobElement('https://h/files/r/i/a.pdf', 'Q3 report.pdf'));
  assert.deepEqual(readFileMessage(m), { url: 'https://h/files/r/i/a.pdf', name: 'Q3 report.pdf' });
  const bad = parse("<message><x xmlns='jabber:x:oob'><url>javascript:alert(1)</url></x></message>");
  assert.equal(readFileMessage(bad), null);
});

test('refusals read as sentences', () => {
  const big = parse(
    "<iq type='error'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>" +
      "<file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>2000000</max-file-size></file-too-large></error></iq>",
  );
  assert.match(slotRefusal(big), /too large \(at most 2.0 MB\)/);
  const quota = parse("<iq type='error'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  assert.match(slotRefusal(quota), /used up/);
});
