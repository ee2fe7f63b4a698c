// Entry point: the landing page at /, the pre-join screen and the meeting at /<room>.
// Test and diagnostics hooks live on window.huddle (state, statistics, timings).
// First: the IFrame API lays the embedding page's allowed overrides over config.js as it loads, so
// that every module after it reads the result.
import * as embedding from './embed/frame.js';
import { Conference, preconnect } from './conference.js';
import { marks, mark } from './marks.js';
import { prejoin, EMAIL_KEY } from './ui/prejoin.js';
import { showMeeting } from './ui/meeting.js';
import { showInMeeting } from './ui/in-meeting.js';
import { notify } from './ui/notify.js';
import { askPassword, askNewPassword, askSignIn } from './ui/dialogs.js';
import { showWaiting, hideWaiting, pause, signedIn } from './ui/waiting.js';
import { credentialsFrom } from './access.js';
import { attachBreakout, breakoutFromQuery, switchedChoice } from './ui/breakout.js';
import { Lobby } from './xmpp/lobby.js';
import { knockAndWait, lobbyControls, showDenied } from './ui/lobby.js';
import { t, setLanguage, pageLanguage } from './i18n.js';
import { languagePicker } from './ui/language.js';
import { roomName } from './room-name.js';

const config = embedding.embeddedConfig();
const hooks = (window.huddle = { state: 'loading', joinClickedAt: null, firstRemoteFrameAt: null, conference: null, errors: [], marks, accessSteps: [], embed: embedding.embed });

function roomFromPath() {
  try {
    return roomName(decodeURIComponent(location.pathname.slice(1)));
  } catch {
    return null; // a malformed escape: the landing page
  }
}

function landing() {
  const form = document.getElementById('landing-form');
  document.getElementById('landing').hidden = false;
  document.getElementById('room-name').focus();
  hooks.state = 'landing';
  const input = document.getElementById('room-name');
  input.oninput = () => input.setCustomValidity('');
  form.onsubmit = (e) => {
    e.preventDefault();
    const room = roomName(input.value);
    if (!room) {
      input.setCustomValidity(t('landing.roomInvalid'));
      input.reportValidity();
      return;
    }
    location.assign('/' + encodeURIComponent(room));
  };
}

/** The message keys of the ways a join fails (i18n.js). */
const JOIN_MESSAGES = {
  password: 'join.password',
  'wrong-password': 'join.wrongPassword',
  'not-open': 'join.notOpen',
  'too-many-attempts': 'join.tooManyAttempts',
  denied: 'join.denied',
  conflict: 'join.conflict',
  full: 'join.full',
};

async function joinRoom(conference, lobby) {
  let password = null;
  for (;;) {
    try {
      await conference.join(password);
      if (lobby.waiting) lobby.leave(); // let in from the lobby
      return true;
    } catch (e) {
      hooks.errors.push(e);
      if (e.lobbyRoom) {
        // The meeting has a lobby: knock there and wait for a moderator (xmpp/lobby.js).
        hooks.state = 'lobby-knocking';
        notify('ok', '');
        const outcome = await knockAndWait(lobby, e.lobbyRoom, conference.room, conference.displayName);
        hooks.state = `lobby-${outcome}`;
        if (outcome === 'approved' || outcome === 'opened') continue;
        if (outcome === 'denied') showDenied();
        return false;
      }
      const kind = e.kind === 'password' && password ? 'wrong-password' : e.kind;
      const message = Object.hasOwn(JOIN_MESSAGES, kind) ? t(JOIN_MESSAGES[kind]) : t('join.failed', { error: e.condition || e.message });
      hooks.state = `join-error:${kind}`;
      notify('error', message);
      if (kind !== 'password' && kind !== 'wrong-password' && kind !== 'not-open') return false;
      embedding.passwordRequired();
      const answer = await askPassword(message);
      if (answer === null) return false;
      password = answer;
    }
  }
}

/** Signs the conference in as a host: the dialog stays until the password is right or cancelled. */
function signIn(conference, message) {
  hooks.state = 'sign-in';
  return askSignIn(message, async (user, password) => {
    const credentials = credentialsFrom(config, user, password);
    try {
      await conference.signIn(credentials);
    } catch (e) {
      hooks.errors.push(e);
      if (e.kind === 'auth-failed') throw new Error(t('signIn.wrong'));
      throw new Error(t('signIn.failedWhy', { error: e.message || e }));
    }
  });
}

/**
 * Asks the focus until the room may be joined (access.js): a guest waits for the host on the
 * waiting page and goes in by itself once the host is there; where guests are not let in, a host
 * signs in first. Resolves false when the meeting cannot be entered.
 */
async function enter(conference, room) {
  let signingIn = null;
  let logins = 0;
  const waiting = (step) => {
    hooks.state = 'waiting-for-host';
    notify('ok', ''); // connected: the waiting page says the rest
    showWaiting(room, {
      canSignIn: step.canSignIn,
      onSignIn: () => {
        signingIn ??= signIn(conference, t('signIn.hosts')).then((ok) => {
          signingIn = null;
          if (ok) logins++;
          hooks.state = 'waiting-for-host';
          signedIn(); // ask again at once: now as the host
          return ok;
        });
      },
      onLeave: () => location.assign('/'),
    });
  };
  conference.addEventListener('access', (e) => waiting(e.detail));
  for (;;) {
    if (signingIn) await signingIn;
    const before = logins;
    const step = await conference.requestAccess();
    if (signingIn || logins !== before) {
      // Asked on the guest's stream while it was being replaced: ask again as who we are now.
      clearTimeout(conference.focusRetry);
      continue;
    }
    hooks.access = step;
    hooks.accessSteps.push(step.state);
    if (step.state === 'join' || step.state === 'focus-unavailable') {
      hideWaiting();
      return true;
    }
    if (step.state === 'waiting-for-host') {
      waiting(step);
      await pause(step.retryMs);
      continue;
    }
    if (step.state === 'sign-in') {
      if (!(await signIn(conference, step.message))) {
        hooks.state = 'sign-in-cancelled';
        notify('error', t('join.signedInOnly'));
        return false;
      }
      continue;
    }
    hooks.state = step.state;
    notify('error', step.message || t('join.cannot'));
    return false;
  }
}

async function meeting(room) {
  const params = new URLSearchParams(location.search);
  const breakoutRoom = breakoutFromQuery(params);
  const transport = params.get('transport') || 'auto';
  // Logs in while the pre-join screen is up; the click then starts from a ready connection.
  const xmpp = preconnect(config, { token: params.get('jwt'), transport });
  const choice = (await switchedChoice(config)) ?? (await embedding.embeddedChoice(config)) ?? (await prejoin(room, config));
  hooks.joinClickedAt = choice.clickedAt;
  hooks.state = 'joining';
  const conference = new Conference(config, room, {
    displayName: choice.displayName,
    email: choice.email ?? (localStorage.getItem(EMAIL_KEY) || ''),
    tracks: choice.tracks,
    token: params.get('jwt'),
    transport,
    roomJid: breakoutRoom,
    xmpp,
  });
  hooks.conference = conference;
  if (choice.audioMuted) conference.setAudioMuted(true);
  conference.addEventListener('status', (e) => {
    notify(e.detail.kind, e.detail.text);
    hooks.status = e.detail;
  });
  try {
    await conference.connect();
  } catch (e) {
    hooks.state = 'connect-error';
    notify('error', t('app.connectFailed', { error: e.message || e.condition }));
    return;
  }
  if (!(await enter(conference, room))) {
    conference.leave();
    hideWaiting();
    document.getElementById('ended').hidden = false;
    return;
  }
  hooks.state = 'joining';
  const lobby = (hooks.lobby = new Lobby(conference.xmpp, conference.muc));
  if (!(await joinRoom(conference, lobby))) {
    conference.leave();
    document.getElementById('ended').hidden = false;
    return;
  }
  hooks.state = 'joined';
  // A closed tab or a reload leaves the meeting at once (Conference.abandon).
  addEventListener('pagehide', () => hooks.state === 'joined' && conference.abandon(), { once: true });
  const screen = showMeeting(conference, {
    resolution: config.resolution,
    onLeave: () => {
      embedding.left();
      hooks.state = 'left';
      document.getElementById('ended').hidden = false;
      document.getElementById('btn-rejoin').onclick = () => location.reload();
    },
    onKicked: (removal) => {
      embedding.left();
      hooks.state = 'kicked';
      hooks.removal = removal;
      document.getElementById('ended').hidden = false;
      document.getElementById('btn-rejoin').onclick = () => location.reload();
    },
    onFirstRemoteFrame: () => {
      if (hooks.firstRemoteFrameAt === null) hooks.firstRemoteFrameAt = performance.now();
      mark('first-remote-frame');
    },
  });
  showInMeeting(conference, {
    refresh: screen.refresh,
    onEnded: (removal) => {
      embedding.left();
      hooks.state = 'ended';
      hooks.removal = removal;
      document.getElementById('ended').hidden = false;
      document.getElementById('btn-rejoin').onclick = () => location.reload();
    },
  });
  attachBreakout(conference, { mainRoom: room, breakoutRoom, hooks }).catch((e) => hooks.errors.push(e));
  lobbyControls(conference, lobby);
  embedding.joined(conference, { lobby });
  if (await conference.needsPassword()) {
    hooks.state = 'set-password';
    await askNewPassword((secret) => conference.setRoomPassword(secret));
    hooks.state = 'joined';
    notify('ok', t('meeting.passwordSet'));
  }
}

/** Statistics for the tests: what is being received and sent. */
hooks.inboundStats = () => hooks.conference?.session?.inboundStats() ?? Promise.resolve([]);
hooks.outboundStats = () => hooks.conference?.session?.outboundStats() ?? Promise.resolve([]);
/** The codec our camera is sent with ('AV1', 'VP9', 'VP8', 'H264'), null before media. */
Object.defineProperty(hooks, 'videoCodec', { enumerable: true, get: () => hooks.conference?.videoCodec ?? null });
/** The codec choice: our order, the order common to everyone, the codec, SVC or simulcast. */
hooks.codecs = () => hooks.conference?.codecInfo() ?? null;

// The language first (i18n.js): the user's choice, the browser's, config.js's default, English.
hooks.language = await setLanguage(pageLanguage(config));
languagePicker(document.querySelectorAll('.language-select'), (code) => (hooks.language = code));
const room = roomFromPath();
if (!config) notify('error', t('app.configMissing'));
else if (room) meeting(room).catch((e) => {
  hooks.state = 'failed';
  hooks.errors.push(e);
  notify('error', t('app.failed', { error: e.message || e }));
});
else landing();
