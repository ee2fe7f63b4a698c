// Embedding with the published @jitsi/react-sdk: a React page on another origin
// (https://embedder.test, answered by the browser driver) loads https://<huddle>/external_api.js
// through <JitsiMeeting/>, which puts the meeting in an iframe. The page joins without the pre-join
// screen, sees a second participant (Huddle's own app) join and chat, toggles audio, is refused an
// unsupported command, and hangs up; each step's event reaches the page. A frame from a third
// origin (https://stranger.test) sends the meeting commands: they are ignored and counted, in the
// frame and in the server's /metrics. Needs Huddle on HTTPS (HUDDLE_E2E_HTTPS_URL), with
// https://embedder.test in HUDDLE_FRAME_ANCESTORS.
import { build } from 'esbuild';
import { participant, join, joined, waitFor, shot, log, BASE } from '../lib.mjs';

const HTTPS = process.env.HUDDLE_E2E_HTTPS_URL;
const EMBEDDER = 'https://embedder.test';
const STRANGER = 'https://stranger.test';

async function bundle() {
  const out = await build({
    entryPoints: [new URL('../embed/page.jsx', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** Waits until the embedding page has logged the event (matching `test` when given). */
async function event(p, name, test = 'true') {
  const description = `the page receives ${name}${test === 'true' ? '' : ` with ${test}`}`;
  await waitFor(p, description, ([n, t]) => window.embedLog.some((e) => e.name === n && new Function('data', `return ${t}`)(e.data)), [name, test]);
  const e = await p.page.evaluate((n) => window.embedLog.filter((x) => x.name === n).at(-1), name);
  log(`page event ${name}: ${JSON.stringify(e.data)}`);
  return e.data;
}

/** A browser whose https://embedder.test/ is the bundled react-sdk page. */
async function embeddingPage(name, script) {
  const p = await participant(name);
  await p.page.route(`${EMBEDDER}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/app.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: script });
    if (path === '/') return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>LMS</title><h1>Course page</h1><div id="root"></div><script src="/app.js"></script>' });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  return p;
}

export async function run() {
  if (!HTTPS) throw new Error('HUDDLE_E2E_HTTPS_URL is not set: the react-sdk loads https://<domain>/external_api.js');
  const domain = new URL(HTTPS).host;
  const room = 'embedded-standup';
  const script = await bundle();
  log(`bundled the react-sdk page (${Math.round(script.length / 1024)} KiB)`);

  process.env.HUDDLE_E2E_IGNORE_TLS_ERRORS = '1'; // Huddle's self-signed certificate
  const embedder = await embeddingPage('embedder', script);
  // A frame of a third origin inside the embedding page: it tries to command the meeting's frame.
  await embedder.page.route(`${STRANGER}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><script>
        for (let i = 0; i < parent.frames.length; i++) {
          const m = { protocol: 'huddle-iframe-api/1', apiId: 0 };
          parent.frames[i].postMessage({ ...m, kind: 'hello' }, '*');
          parent.frames[i].postMessage({ ...m, kind: 'command', name: 'toggleAudio', args: [] }, '*');
          parent.frames[i].postMessage({ ...m, kind: 'command', name: 'hangup', args: [] }, '*');
        }
      </script>`,
    }),
  );

  await embedder.page.goto(`${EMBEDDER}/?${new URLSearchParams({ domain, room, name: 'Embedded Emma' })}`, { waitUntil: 'load' });
  const joinedEvent = await event(embedder, 'videoConferenceJoined');
  if (joinedEvent.roomName !== room || joinedEvent.displayName !== 'Embedded Emma' || !joinedEvent.id) {
    throw new Error(`videoConferenceJoined says ${JSON.stringify(joinedEvent)}`);
  }
  const frame = embedder.page.frames().find((f) => f.url().startsWith(HTTPS));
  if (!frame) throw new Error(`no frame of ${HTTPS} in the page: ${embedder.page.frames().map((f) => f.url())}`);
  const frameState = await frame.evaluate(() => ({ state: window.huddle.state, ignoredConfig: window.huddle.embed.ignoredConfig, websocket: window.config.websocket, domain: window.config.hosts.domain }));
  log(`the frame: ${JSON.stringify(frameState)}`);
  for (const key of ['websocket', 'bosh', 'hosts']) {
    if (!frameState.ignoredConfig.includes(key)) throw new Error(`the frame took configOverwrite.${key}: ${JSON.stringify(frameState)}`);
  }
  if (/evil/.test(frameState.websocket + frameState.domain)) throw new Error(`the frame's config was overwritten: ${JSON.stringify(frameState)}`);
  await shot(embedder, 'joined');

  // A second participant in Huddle's own app: the page hears it join and chat.
  const bob = await participant('bob');
  await join(bob, room);
  await joined(bob);
  await event(embedder, 'participantJoined', "data.displayName === 'bob'");
  const counts = await embedder.page.evaluate(() => ({ n: window.api.getNumberOfParticipants(), names: window.api.getParticipantsInfo().map((p) => p.displayName).sort() }));
  if (counts.n !== 2 || counts.names.join() !== 'Embedded Emma,bob') throw new Error(`the participant functions say ${JSON.stringify(counts)}`);
  await bob.page.getByRole('button', { name: /^Chat/ }).click();
  await bob.page.getByLabel('Message to everyone').fill('hello embedded world');
  await bob.page.keyboard.press('Enter');
  const message = await event(embedder, 'incomingMessage', "data.message === 'hello embedded world'");
  if (message.nick !== 'bob' || message.privateMessage !== false) throw new Error(`incomingMessage says ${JSON.stringify(message)}`);

  // Audio: muted by command, as the room echoes it; the Promise-returning isAudioMuted agrees.
  if ((await embedder.page.evaluate(() => window.api.isAudioMuted())) !== false) throw new Error('isAudioMuted() should be false before the toggle');
  await embedder.page.evaluate(() => window.api.executeCommand('toggleAudio'));
  await event(embedder, 'audioMuteStatusChanged', 'data.muted === true');
  if ((await embedder.page.evaluate(() => window.api.isAudioMuted())) !== true) throw new Error('isAudioMuted() should be true after the toggle');
  await waitFor(bob, "bob sees Emma's microphone muted", () => [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('Embedded Emma') && li.textContent.includes('muted')));

  // Video and the name, by command too.
  await embedder.page.evaluate(() => window.api.executeCommand('toggleVideo'));
  await event(embedder, 'videoMuteStatusChanged', 'data.muted === true');
  await embedder.page.evaluate(() => window.api.executeCommands({ displayName: 'Emma Ivanova' }));
  await event(embedder, 'displayNameChange', "data.displayname === 'Emma Ivanova'");
  await waitFor(bob, 'bob sees the new name', () => [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('Emma Ivanova')));

  // The owner locks the room by command; a second embedding page is asked for the password
  // (passwordRequired) and answers it by command.
  await frame.waitForFunction(() => window.huddle.conference.isOwner, null, { timeout: 15000, polling: 250 });
  await embedder.page.evaluate(() => window.api.executeCommand('password', 'sesame-42'));
  for (let tries = 0; !(await bob.page.evaluate(() => window.huddle.conference.roomHasPassword())); tries++) {
    if (tries > 30) throw new Error('the room did not get a password from the password command');
    await new Promise((r) => setTimeout(r, 500));
  }
  const second = await embeddingPage('second', script);
  await second.page.goto(`${EMBEDDER}/?${new URLSearchParams({ domain, room, name: 'Second Sam' })}`, { waitUntil: 'load' });
  await event(second, 'passwordRequired');
  await second.page.evaluate(() => window.api.executeCommand('password', 'sesame-42'));
  await event(second, 'videoConferenceJoined', "data.displayName === 'Second Sam'");
  await event(embedder, 'participantJoined', "data.displayName === 'Second Sam'");
  await second.page.evaluate(() => window.api.dispose());
  await event(embedder, 'participantLeft');
  await second.context.close();

  // An unsupported command gets an error event naming it.
  await embedder.page.evaluate(() => window.api.executeCommand('startRecording', { mode: 'file' }));
  const error = await event(embedder, 'errorOccurred');
  if (error.details?.command !== 'startRecording' || !/startRecording/.test(error.message)) throw new Error(`errorOccurred says ${JSON.stringify(error)}`);

  // A stranger's frame commands the meeting (toggle audio, hang up): ignored and counted.
  await embedder.page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    document.body.append(f);
  }, `${STRANGER}/`);
  await waitFor(embedder, 'the stranger frame has loaded', (s) => [...document.querySelectorAll('iframe')].some((f) => f.src.startsWith(s)), STRANGER);
  await frame.waitForFunction(() => window.huddle.embed.ignored >= 3, null, { timeout: 15000, polling: 250 });
  const after = await frame.evaluate(() => ({ ignored: window.huddle.embed.ignored, state: window.huddle.state, muted: window.huddle.conference.audioMuted, parent: window.huddle.embed.parentOrigin }));
  log(`after the stranger's commands: ${JSON.stringify(after)}`);
  if (after.state !== 'joined' || after.muted !== true || after.parent !== EMBEDDER) throw new Error(`the stranger's commands had an effect: ${JSON.stringify(after)}`);
  const deadline = Date.now() + 15000;
  let counted = 0;
  while (Date.now() < deadline) {
    const metrics = await (await fetch(`${BASE}/metrics`)).text();
    counted = Number(/^huddle_web_embed_commands_ignored_total ([0-9.e+]+)$/m.exec(metrics)?.[1] || 0);
    if (counted >= after.ignored) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (counted < after.ignored) throw new Error(`/metrics counts ${counted} ignored commands, the frame ignored ${after.ignored}`);
  log(`the server counts ${counted} ignored IFrame API commands`);

  // The owner's commands, each seen from bob's side: a chat message, a raised hand, everyone
  // muted, the lobby on and off, a screen share on and off, and bob removed.
  const bobId = await bob.page.evaluate(() => window.huddle.conference.endpointId);
  await embedder.page.evaluate(() => window.api.executeCommand('sendChatMessage', 'welcome from the course page'));
  await waitFor(bob, 'the embedded chat message reaches bob', () => [...document.querySelectorAll('#chat-log li')].some((li) => li.textContent.includes('welcome from the course page')));
  await embedder.page.evaluate(() => window.api.executeCommand('toggleRaiseHand'));
  await waitFor(bob, "Emma's hand is up at bob's", () => [...window.huddle.conference.participants.values()].some((p) => p.displayName === 'Emma Ivanova' && p.raisedHand));
  await embedder.page.evaluate(() => window.api.executeCommand('muteEveryone', 'audio'));
  await waitFor(bob, 'bob is muted by muteEveryone', () => window.huddle.conference.audioMuted === true);
  await embedder.page.evaluate(() => window.api.executeCommand('toggleLobby', true));
  await frame.waitForFunction(async () => (await window.huddle.lobby.info()).membersOnly === true, null, { timeout: 15000, polling: 500 });
  await embedder.page.evaluate(() => window.api.executeCommand('toggleLobby', false));
  await frame.waitForFunction(async () => (await window.huddle.lobby.info()).membersOnly === false, null, { timeout: 15000, polling: 500 });
  await embedder.page.evaluate(() => window.api.executeCommand('toggleShareScreen'));
  await waitFor(bob, "Emma's screen share shows at bob's", () => [...window.huddle.conference.participants.values()].some((p) => p.displayName === 'Emma Ivanova' && p.screenSharing));
  await embedder.page.evaluate(() => window.api.executeCommand('toggleShareScreen'));
  await waitFor(bob, "Emma's screen share stops at bob's", () => [...window.huddle.conference.participants.values()].some((p) => p.displayName === 'Emma Ivanova' && !p.screenSharing));
  await embedder.page.evaluate((id) => window.api.executeCommand('kickParticipant', id), bobId);
  await event(embedder, 'participantLeft', `data.id === '${bobId}'`);
  await waitFor(bob, 'bob sees he was removed', () => window.huddle.state === 'kicked');
  log('sendChatMessage, toggleRaiseHand, muteEveryone, toggleLobby, toggleShareScreen and kickParticipant each took effect at bob');

  // Hang up: the page hears the meeting end and may close it; bob sees Emma go.
  await embedder.page.evaluate(() => window.api.executeCommand('hangup'));
  await event(embedder, 'videoConferenceLeft', `data.roomName === '${room}'`);
  await event(embedder, 'readyToClose');
  await event(embedder, 'onReadyToClose');
  const order = await embedder.page.evaluate(() => window.embedLog.map((e) => e.name));
  log(`the page's events in order: ${order.join(', ')}`);
  await shot(embedder, 'hung-up');
}
