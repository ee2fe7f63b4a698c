// The IFrame API's frame side (docs/web.md, "Embedding: the IFrame API"): the meeting app inside
// a page that embedded it with /external_api.js. It lays the allowed config overrides over
// config.js, joins without the pre-join screen when asked to, carries out the page's commands and
// sends it the meeting's events, all by postMessage. Commands are taken only from the origins
// config.js's frameAncestors names (the server's HUDDLE_FRAME_ANCESTORS); the others are ignored,
// counted in window.huddle.embed.ignored, and reported to the server's
// huddle_web_embed_commands_ignored_total (POST /about/embed-ignored, at most once a second).
import { readHash, allowedConfig, allowedUserInfo, mergeConfig, originAllowed } from './params.js';
import { openLocalMedia } from '../media/devices.js';

const PROTOCOL = 'huddle-iframe-api/1';
const REPORT_PATH = '/about/embed-ignored';
const MAX_QUEUED_EVENTS = 200;

/** What the page sees of the embedding: window.huddle.embed. */
export const embed = {
  /** The API id from the address, or null when no page embedded us through the API. */
  apiId: null,
  /** Config keys the address carried that the allow-list refused (params.js). */
  ignoredConfig: [],
  /** API messages ignored: from an origin outside frameAncestors, or not from our parent. */
  ignored: 0,
  /** The embedding page's origin, once its hello was taken. */
  parentOrigin: null,
  /** The names of the last events sent to the page, in order (for the tests). */
  sent: [],
};

let config = null;
let userInfo = {};
let conference = null;
let ui = null;
const queue = [];
let unreported = 0;
let reportTimer = null;

/** The prejoin screen's stored name and e-mail (ui/prejoin.js), filled from userInfo. */
const STORED = { displayName: 'huddle.displayName', email: 'huddle.email' };

/**
 * Runs as this module loads (main.js imports it first): reads the address, lays the allowed
 * overrides over config.js's config (window.config), and starts listening for the page's messages.
 */
function applyEmbedding(baseConfig) {
  if (!baseConfig) return baseConfig;
  const hash = readHash(location.hash);
  embed.apiId = hash.apiId;
  const { applied, ignored } = allowedConfig(hash.config);
  embed.ignoredConfig = ignored;
  if (ignored.length) console.warn(`IFrame API: config keys outside the allow-list are ignored: ${ignored.join(', ')}`);
  config = mergeConfig(baseConfig, applied);
  if (hash.lang && !('defaultLanguage' in applied)) {
    // The embedding page's lang beats the browser's languages, as in Jitsi (i18n.js: only the
    // user's own choice in this frame comes before it).
    config.defaultLanguage = hash.lang;
    config.disableLanguageDetection = true;
  }
  userInfo = allowedUserInfo(hash.userInfo);
  for (const [key, value] of Object.entries(userInfo)) {
    try {
      localStorage.setItem(STORED[key], value); // the pre-join screen starts from them
    } catch {
      // storage blocked in a third-party frame: the pre-join screen starts empty
    }
  }
  window.config = config;
  addEventListener('message', onMessage);
  if (embed.apiId !== null && window.parent !== window) post({ kind: 'ready' }, '*');
  return config;
}

applyEmbedding(window.config);

/** config.js's config with the embedding page's allowed overrides (the same object as window.config). */
export function embeddedConfig() {
  return config ?? window.config;
}

/**
 * The pre-join choice an embedding page makes for the user: with the API and the pre-join screen
 * turned off (config prejoinPageEnabled or prejoinConfig.enabled false), we join at once with
 * userInfo's name, the camera and microphone, muted as startWithAudioMuted/startWithVideoMuted say.
 * Else null: the pre-join screen asks.
 */
export async function embeddedChoice(cfg) {
  if (embed.apiId === null) return null;
  const prejoin = cfg.prejoinConfig?.enabled ?? cfg.prejoinPageEnabled ?? true;
  if (prejoin !== false) return null;
  const r = await openLocalMedia({ resolution: cfg.resolution, wantVideo: cfg.startWithVideoMuted !== true });
  return {
    displayName: userInfo.displayName || '',
    email: userInfo.email || '',
    tracks: { audio: r.audio, video: r.video },
    audioMuted: cfg.startWithAudioMuted === true || !r.audio,
    clickedAt: performance.now(),
  };
}

/** main.js: the room asks for a password (the page may answer with the password command). */
export function passwordRequired() {
  send('passwordRequired', {});
}

/**
 * main.js, once in the meeting: sends videoConferenceJoined and the participants already there,
 * then follows the conference's own events (presence, chat, our mute state as the room echoes it).
 */
export function joined(conf, { lobby } = {}) {
  conference = conf;
  ui = { lobby };
  send('videoConferenceJoined', {
    roomName: conf.room,
    id: conf.endpointId,
    displayName: conf.displayName,
    avatarURL: '',
    breakoutRoom: false,
    visitor: false,
  });
  for (const p of conf.participants.values()) participantJoined(p);
  conf.addEventListener('participant-joined', (e) => participantJoined(e.detail));
  conf.addEventListener('participant-left', (e) => send('participantLeft', { id: e.detail.id }));
  conf.addEventListener('chat', (e) => {
    const m = e.detail;
    if (m.self || m.delayed) return;
    send('incomingMessage', { from: m.nick, nick: m.displayName, privateMessage: false, message: m.text, stamp: new Date().toISOString() });
  });
  conf.addEventListener('private-chat', (e) => {
    const m = e.detail;
    send('incomingMessage', { from: m.nick, nick: m.displayName, privateMessage: true, message: m.text, stamp: new Date().toISOString() });
  });
  let audio = conf.audioMuted;
  let video = conf.videoMuted;
  // Our presence as the room echoes it: every mute change, from the toolbar, a key, a command or
  // a moderator, passes here.
  const follow = () => {
    if (conf.audioMuted !== audio) send('audioMuteStatusChanged', { muted: (audio = conf.audioMuted) });
    if (conf.videoMuted !== video) send('videoMuteStatusChanged', { muted: (video = conf.videoMuted) });
  };
  conf.addEventListener('self', follow);
  conf.addEventListener('muted-by-moderator', follow);
}

function participantJoined(p) {
  send('participantJoined', { id: p.id, displayName: p.displayName, formattedDisplayName: p.displayName });
}

/** main.js, when the meeting is over for us (left, removed, ended). */
export function left() {
  if (!conference) return;
  send('videoConferenceLeft', { roomName: conference.room });
  send('readyToClose', {});
  conference = null;
}

function post(message, targetOrigin) {
  window.parent.postMessage({ protocol: PROTOCOL, apiId: embed.apiId, ...message }, targetOrigin);
}

function send(name, data) {
  if (embed.apiId === null) return;
  embed.sent.push(name);
  if (embed.sent.length > MAX_QUEUED_EVENTS) embed.sent.shift();
  if (embed.parentOrigin === null) {
    if (queue.length < MAX_QUEUED_EVENTS) queue.push({ kind: 'event', name, data });
    return;
  }
  post({ kind: 'event', name, data }, embed.parentOrigin);
}

function ignore() {
  embed.ignored++;
  unreported++;
  reportSoon();
}

/** Reports what was ignored since the last report, at most once a second (EmbedReport.MOST each). */
function reportSoon() {
  if (reportTimer || unreported === 0) return;
  reportTimer = setTimeout(() => {
    reportTimer = null;
    const count = Math.min(unreported, 1000);
    unreported -= count;
    fetch(REPORT_PATH, { method: 'POST', body: String(count), keepalive: true }).catch(() => {});
    reportSoon();
  }, 1000);
}

function onMessage(e) {
  const data = e.data;
  if (!data || typeof data !== 'object' || data.protocol !== PROTOCOL) return;
  const fromParent = window.parent !== window && e.source === window.parent;
  if (!fromParent || data.apiId !== embed.apiId || !originAllowed(e.origin, config?.frameAncestors, location.origin)) {
    ignore();
    return;
  }
  if (data.kind === 'hello') {
    const first = embed.parentOrigin === null;
    embed.parentOrigin = e.origin;
    post({ kind: 'welcome' }, e.origin);
    if (first) for (const event of queue.splice(0)) post(event, e.origin);
  } else if (data.kind === 'command') {
    run(String(data.name), Array.isArray(data.args) ? data.args : []).catch((error) =>
      send('errorOccurred', {
        name: 'command-failed',
        type: 'CONFERENCE',
        isFatal: false,
        message: `The command ${data.name} failed: ${error?.message || error?.text || error?.condition || error}`,
        details: { command: data.name },
      }),
    );
  } else if (data.kind === 'request') {
    answer(data, e.origin);
  } else if (data.kind === 'dispose') {
    // The page is removing us: leave, and say so once the room has confirmed it (or after 2 s,
    // Conference.leave), so the others see us go before the page tears the frame down.
    const leaving = conference && window.huddle?.state === 'joined' ? conference.leave() : Promise.resolve();
    if (conference) window.huddle.state = 'disposed';
    conference = null;
    leaving.catch(() => {}).then(() => post({ kind: 'disposed' }, e.origin));
  }
}

function answer(data, origin) {
  const reply = (result, error) => post({ kind: 'response', requestId: data.requestId, result, error }, origin);
  if (data.name === 'is-audio-muted') reply(conference ? conference.audioMuted : config?.startWithAudioMuted === true, null);
  else if (data.name === 'is-video-muted') reply(conference ? conference.videoMuted : config?.startWithVideoMuted === true, null);
  else reply(null, `Huddle does not answer the request ${data.name}`);
}

const click = (id) => {
  const button = document.getElementById(id);
  if (!button || button.hidden || button.disabled) throw new Error('that control is not available now');
  button.click();
};

function inMeeting() {
  if (!conference) throw new Error('not in the meeting (yet)');
  return conference;
}

/** The commands that are a toolbar button, which keeps the screen and the meeting in step. */
const TOOLBAR = {
  toggleAudio: 'btn-mic',
  toggleVideo: 'btn-cam',
  toggleShareScreen: 'btn-screen',
  toggleRaiseHand: 'btn-hand',
  hangup: 'btn-leave',
};

/** The commands (external_api.js COMMANDS); each goes through the same code as the toolbar. */
async function run(name, args) {
  if (Object.hasOwn(TOOLBAR, name)) {
    inMeeting();
    return click(TOOLBAR[name]);
  }
  switch (name) {
    case 'displayName': {
      const c = inMeeting();
      const nameText = String(args[0] ?? '').trim().slice(0, 50);
      c.displayName = nameText;
      c.muc.update({ displayName: nameText });
      send('displayNameChange', { id: c.endpointId, displayname: nameText, formattedDisplayName: nameText });
      return;
    }
    case 'password': {
      const secret = String(args[0] ?? '');
      const dialog = document.getElementById('password-dialog');
      if (dialog?.open) {
        document.getElementById('password-input').value = secret;
        document.getElementById('password-form').requestSubmit();
        return;
      }
      const c = inMeeting();
      return secret ? c.setRoomPassword(secret) : c.removeRoomPassword();
    }
    case 'sendChatMessage': {
      const c = inMeeting();
      const [message, to] = args;
      if (typeof message !== 'string' || !message.trim()) throw new Error('the message is empty');
      return to ? c.sendPrivate(String(to), message) : c.sendChat(message);
    }
    case 'kickParticipant':
      return inMeeting().kick(String(args[0] ?? ''));
    case 'muteEveryone': {
      const media = args[0] === 'video' ? 'video' : 'audio';
      const refused = (await inMeeting().muteEveryone(media)).find((r) => r.status === 'rejected');
      if (refused) throw refused.reason;
      return;
    }
    case 'toggleLobby': {
      inMeeting();
      if (!ui?.lobby) throw new Error('the lobby is not available');
      return args[0] ? ui.lobby.enable() : ui.lobby.disable();
    }
    default:
      send('errorOccurred', {
        name: 'unsupported-command',
        type: 'CONFIG',
        isFatal: false,
        message: `Huddle does not support the IFrame API command ${JSON.stringify(name)}`,
        details: { command: name },
      });
  }
}
