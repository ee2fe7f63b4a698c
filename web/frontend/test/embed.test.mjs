// The IFrame API's pure parts: the frame address external_api.js writes and the app reads back,
// the config allow-list, and the origin check against frameAncestors (embed/params.js); and the
// API object itself (external_api.js) run against a stand-in DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { readHash, allowedConfig, allowedUserInfo, mergeConfig, originAllowed } from '../app/js/embed/params.js';

/** Runs external_api.js as a browser would, in a context with just enough of a window. */
function loadApi() {
  const appended = [];
  const listeners = {};
  const element = () => {
    const el = { style: {}, attrs: {}, handlers: {}, contentWindow: { posted: [], postMessage(m, o) { this.posted.push([m, o]); } } };
    el.setAttribute = (k, v) => (el.attrs[k] = v);
    el.addEventListener = (k, fn) => (el.handlers[k] ||= []).push(fn);
    return el;
  };
  const window = {
    console: { error() {} },
    URL,
    document: { createElement: element, body: { appendChild: (e) => (appended.push(e), (e.parentNode = { removeChild: () => appended.splice(appended.indexOf(e), 1) }), e) } },
    addEventListener: (k, fn) => (listeners[k] = fn),
    setTimeout: () => 0,
    removeEventListener: (k, fn) => listeners[k] === fn && delete listeners[k],
  };
  vm.runInNewContext(readFileSync(new URL('../app/external_api.js', import.meta.url), 'utf8'), { window, URL, Promise, JSON, Object, Array, Error, TypeError, encodeURIComponent, isFinite });
  return { API: window.JitsiMeetExternalAPI, appended, listeners };
}

test('the frame address carries the room, the token and every override as Jitsi writes them', () => {
  const { API } = loadApi();
  const url = API._huddle.frameUrl('meet.example.com:8443', {
    roomName: 'Daily-Standup',
    jwt: 'eyJ.x.y',
    configOverwrite: { startWithAudioMuted: true, prejoinConfig: { enabled: false } },
    interfaceConfigOverwrite: { SHOW_JITSI_WATERMARK: false },
    userInfo: { displayName: 'Zoë & Иван', email: 'z@example.com' },
    lang: 'ru',
  }, 3);
  const u = new URL(url);
  assert.equal(u.origin, 'https://meet.example.com:8443');
  assert.equal(u.pathname, '/Daily-Standup');
  assert.equal(u.searchParams.get('jwt'), 'eyJ.x.y');
  const back = readHash(u.hash);
  assert.equal(back.apiId, 3);
  assert.deepEqual(back.config, { startWithAudioMuted: true, prejoinConfig: { enabled: false } });
  assert.deepEqual(back.interfaceConfig, { SHOW_JITSI_WATERMARK: false });
  assert.deepEqual(back.userInfo, { displayName: 'Zoë & Иван', email: 'z@example.com' });
  assert.equal(back.lang, 'ru');
  assert.match(API._huddle.frameUrl('h', { noSSL: true }, 0), /^http:\/\/h\/#jitsi_meet_external_api_id=0$/);
  assert.throws(() => API._huddle.frameUrl('evil.com/x?', {}, 0), /domain/);
});

test('sizes: numbers are pixels, strings keep their unit, anything else is left out', () => {
  const { sizeValue } = loadApi().API._huddle;
  assert.equal(sizeValue(700), '700px');
  assert.equal(sizeValue('100%'), '100%');
  assert.equal(sizeValue('40.5em'), '40.5em');
  assert.equal(sizeValue('480'), '480px');
  assert.equal(sizeValue('wide'), undefined);
  assert.equal(sizeValue('1px; background:red'), undefined);
});

test('dotted hash keys nest, bare words are taken as strings, broken escapes and prototype keys are skipped', () => {
  const h = readHash('#jitsi_meet_external_api_id=1&config.prejoinConfig.enabled=false&config.defaultLanguage=zh&config.bad=%E0%A4%A&config.__proto__.x=1&config.a.constructor.y=2');
  assert.deepEqual(h.config, { prejoinConfig: { enabled: false }, defaultLanguage: 'zh' });
  assert.equal({}.x, undefined);
  assert.equal(readHash('').apiId, null);
  assert.equal(readHash('#jitsi_meet_external_api_id=-1').apiId, null);
});

test('config overrides outside the allow-list are ignored: never the service URLs, hosts or the focus', () => {
  const { applied, ignored } = allowedConfig({
    startWithAudioMuted: true,
    prejoinConfig: { enabled: false, hideDisplayName: true },
    resolution: 360,
    channelLastN: 'all',
    bosh: 'https://evil.example/http-bind',
    websocket: 'wss://evil.example/xmpp-websocket',
    hosts: { domain: 'evil.example', muc: 'muc.evil.example' },
    focusUserJid: 'focus@evil.example',
    publicUrl: 'https://evil.example',
    frameAncestors: ['*'],
    serviceUrl: 'wss://evil.example',
  });
  assert.deepEqual(applied, { startWithAudioMuted: true, prejoinConfig: { enabled: false }, resolution: 360 });
  assert.deepEqual(ignored.sort(), ['bosh', 'channelLastN', 'focusUserJid', 'frameAncestors', 'hosts', 'prejoinConfig.hideDisplayName', 'publicUrl', 'serviceUrl', 'websocket']);
  const base = { bosh: '/http-bind', hosts: { domain: 'meet.jitsi' }, prejoinConfig: { other: 1 }, resolution: 720 };
  const merged = mergeConfig(base, applied);
  assert.equal(merged.bosh, '/http-bind');
  assert.deepEqual(merged.hosts, { domain: 'meet.jitsi' });
  assert.deepEqual(merged.prejoinConfig, { other: 1, enabled: false });
  assert.equal(merged.resolution, 360);
  assert.deepEqual(allowedUserInfo({ displayName: '  张伟 ', email: 3, avatarURL: 'x' }), { displayName: '张伟' });
});

test('commands are taken from the frame-ancestors origins only, matched as CSP matches them', () => {
  const self = 'https://meet.example.com';
  const list = ["'self'", 'https://lms.example.edu', 'https://*.corp.example', 'http://127.0.0.1:8080', 'https://dev.example:*'];
  for (const ok of [self, 'https://lms.example.edu', 'https://lms.example.edu:443', 'https://a.corp.example', 'https://b.a.corp.example', 'http://127.0.0.1:8080', 'https://dev.example:9999']) {
    assert.equal(originAllowed(new URL(ok).origin, list, self), true, ok);
  }
  for (const no of ['https://evil.example', 'http://lms.example.edu', 'https://lms.example.edu:8443', 'https://corp.example', 'https://evilcorp.example', 'http://127.0.0.1:8081', 'null', '', 'https://lms.example.edu/path']) {
    assert.equal(originAllowed(no, list, self), false, no);
  }
  assert.equal(originAllowed(self, ["'none'"], self), false);
  assert.equal(originAllowed(self, undefined, self), false);
});

test('the API object: iframe, queued commands until welcome, events kept for the participant functions', async () => {
  const { API, appended, listeners } = loadApi();
  const api = new API('meet.example.com', { roomName: 'r1', width: 640, height: '50vh', parentNode: undefined, userInfo: { displayName: 'Ann' } });
  const frame = api.getIFrame();
  assert.equal(appended[0], frame);
  assert.match(frame.allow, /camera; microphone; display-capture; autoplay/);
  assert.match(frame.allow, /fullscreen/);
  assert.equal(frame.style.width, '640px');
  assert.equal(frame.style.height, '50vh');
  const origin = 'https://meet.example.com';
  const id = api._id;
  const msg = (data, o = origin, source = frame.contentWindow) => listeners.message({ data: { protocol: 'huddle-iframe-api/1', apiId: id, ...data }, origin: o, source });

  api.executeCommand('toggleAudio');
  assert.equal(frame.contentWindow.posted.length, 0, 'nothing but hello goes out before the welcome');
  frame.handlers.load[0]();
  assert.deepEqual(frame.contentWindow.posted.map(([m, o]) => [m.kind, o]), [['hello', origin]]);
  msg({ kind: 'welcome' });
  assert.deepEqual(frame.contentWindow.posted.slice(1).map(([m]) => [m.kind, m.name]), [['command', 'toggleAudio']]);

  const errors = [];
  api.on('errorOccurred', (e) => errors.push(e));
  api.executeCommand('startRecording', { mode: 'file' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].details.command, 'startRecording');
  assert.match(errors[0].message, /startRecording/);

  const seen = [];
  const onJoin = (e) => seen.push(['joined', e.roomName]);
  api.addListener('videoConferenceJoined', onJoin);
  api.addEventListener('participantJoined', (e) => seen.push(['joined-other', e.id]));
  msg({ kind: 'event', name: 'videoConferenceJoined', data: { roomName: 'r1', id: 'me1', displayName: 'Ann' } });
  msg({ kind: 'event', name: 'participantJoined', data: { id: 'p2', displayName: 'Bob' } });
  msg({ kind: 'event', name: 'participantJoined', data: { id: 'p3', displayName: 'Cy' } }, 'https://evil.example');
  msg({ kind: 'event', name: 'participantJoined', data: { id: 'p4', displayName: 'Di' } }, origin, {});
  assert.deepEqual(seen, [['joined', 'r1'], ['joined-other', 'p2']]);
  assert.equal(api.getNumberOfParticipants(), 2);
  assert.deepEqual(api.getParticipantsInfo().map((p) => [p.participantId, p.displayName]), [['me1', 'Ann'], ['p2', 'Bob']]);
  msg({ kind: 'event', name: 'participantLeft', data: { id: 'p2' } });
  assert.equal(api.getNumberOfParticipants(), 1);
  api.removeListener('videoConferenceJoined', onJoin);
  api.removeEventListener('participantJoined');
  msg({ kind: 'event', name: 'participantJoined', data: { id: 'p5', displayName: 'Ed' } });
  assert.equal(seen.length, 2);

  const muted = api.isAudioMuted();
  const request = frame.contentWindow.posted.at(-1)[0];
  assert.equal(request.name, 'is-audio-muted');
  msg({ kind: 'response', requestId: request.requestId, result: true });
  assert.equal(await muted, true);

  msg({ kind: 'event', name: 'videoConferenceLeft', data: { roomName: 'r1' } });
  assert.equal(api.getNumberOfParticipants(), 0);
  assert.deepEqual(api.getParticipantsInfo(), []);

  const pending = api.isAudioMuted();
  api.dispose();
  await assert.rejects(pending, /disposed/);
  assert.equal(frame.contentWindow.posted.at(-1)[0].kind, 'dispose', 'the frame is told to leave first');
  assert.equal(frame.style.display, 'none');
  assert.equal(appended.length, 1, 'and stays until it has left');
  msg({ kind: 'disposed' }, 'https://evil.example');
  assert.equal(appended.length, 1);
  msg({ kind: 'disposed' });
  assert.equal(appended.length, 0);
  assert.equal(listeners.message, undefined);
  assert.equal(api.listenerCount('participantLeft'), 0);
});
