// The lobby in the page (xmpp/lobby.js has the protocol): the knock screen someone waits on until a
// moderator lets them in, and, for moderators, the toolbar switch that turns the lobby on and off
// and the list of people asking to join with Approve and Deny. The elements are made here, so the
// page's markup stays as it is.
import { notify } from './notify.js';
import { t, lookups } from '../i18n.js';

/** The words, looked up in the current language (../i18n.js) when used. */
export const L = lookups(
  {
    asking: 'lobby.asking',
    cancel: 'dialog.cancel',
    denied: 'lobby.denied',
    closed: 'lobby.closed',
    lobbyOn: 'lobby.on',
    lobbyOff: 'lobby.off',
    lobbyOnLabel: 'lobby.onLabel',
    lobbyOffLabel: 'lobby.offLabel',
    turnedOn: 'lobby.turnedOn',
    turnedOff: 'lobby.turnedOff',
    waitingTitle: 'lobby.waitingTitle',
    approve: 'lobby.approve',
    deny: 'lobby.deny',
    someone: 'someone',
  },
  {
    askingText: (room) => t('lobby.askingText', { room }),
    knocking: (name) => t('lobby.knocking', { name }),
    approveLabel: (name) => t('lobby.approveLabel', { name }),
    denyLabel: (name) => t('lobby.denyLabel', { name }),
    refused: (what) => t('refusedWhat', { what }),
  },
);

let knockScreen = null;

/** Shows the knock screen while we wait in the lobby; onCancel when the user gives up. */
export function showKnocking(room, displayName, { onCancel }) {
  if (!knockScreen) {
    knockScreen = document.createElement('main');
    knockScreen.id = 'lobby-knock';
    knockScreen.setAttribute('aria-labelledby', 'lobby-knock-title');
    knockScreen.innerHTML =
      '<h1 id="lobby-knock-title"></h1><p id="lobby-knock-text" role="status" aria-live="polite"></p>' +
      '<p id="lobby-knock-name" class="hint"></p><button type="button" id="lobby-knock-cancel"></button>';
    document.body.append(knockScreen);
  }
  knockScreen.querySelector('#lobby-knock-title').textContent = L.asking;
  knockScreen.querySelector('#lobby-knock-text').textContent = L.askingText(room);
  knockScreen.querySelector('#lobby-knock-name').textContent = displayName;
  const cancel = knockScreen.querySelector('#lobby-knock-cancel');
  cancel.textContent = L.cancel;
  cancel.onclick = () => onCancel();
  knockScreen.hidden = false;
  document.title = `${L.waitingTitle} · ${room} · Huddle`;
  cancel.focus();
}

/** The page after a denial: the "ended" page says so (the status line may be taken by the disconnect). */
export function showDenied() {
  const title = document.getElementById('ended-title');
  if (title) title.textContent = L.denied;
  notify('error', L.denied);
}

export function hideKnocking() {
  if (knockScreen) knockScreen.hidden = true;
}

/**
 * Waits in the lobby: resolves 'approved' (invited in), 'opened' (the lobby was turned off),
 * 'denied', 'closed' (the meeting ended) or 'cancelled'.
 */
export function knockAndWait(lobby, lobbyRoom, room, displayName) {
  return new Promise((resolve) => {
    const done = (outcome) => {
      for (const [t, h] of Object.entries(handlers)) lobby.removeEventListener(t, h);
      hideKnocking();
      resolve(outcome);
    };
    const handlers = {
      approved: () => done('approved'),
      opened: () => done('opened'),
      denied: () => done('denied'),
      closed: () => {
        notify('error', L.closed);
        done('closed');
      },
      failed: (e) => {
        notify('error', e.detail.text || L.denied);
        done('denied');
      },
    };
    for (const [t, h] of Object.entries(handlers)) lobby.addEventListener(t, h);
    showKnocking(room, displayName, {
      onCancel: () => {
        lobby.leave();
        done('cancelled');
      },
    });
    lobby.knock(lobbyRoom, displayName);
  });
}

/**
 * Moderators' lobby controls in the meeting: a toolbar switch, shown while we moderate, and a
 * panel listing the people asking to join, each with Admit and Deny.
 */
export function lobbyControls(conference, lobby) {
  const toolbar = document.getElementById('toolbar');
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'btn-lobby';
  button.hidden = true;
  button.setAttribute('aria-pressed', 'false');
  toolbar.insertBefore(button, document.getElementById('btn-leave'));
  const panel = document.createElement('section');
  panel.id = 'lobby-panel';
  panel.className = 'lobby-panel';
  panel.hidden = true;
  panel.setAttribute('aria-label', L.waitingTitle);
  panel.innerHTML = '<h2 id="lobby-panel-title"></h2><ul id="lobby-list"></ul>';
  panel.querySelector('h2').textContent = L.waitingTitle;
  document.getElementById('meeting').insertBefore(panel, toolbar);
  const list = panel.querySelector('#lobby-list');
  let on = false;

  const render = () => {
    button.hidden = !conference.isModerator;
    button.textContent = on ? L.lobbyOn : L.lobbyOff;
    button.setAttribute('aria-pressed', String(on));
    button.setAttribute('aria-label', on ? L.lobbyOnLabel : L.lobbyOffLabel);
    panel.hidden = !conference.isModerator || lobby.knockers.size === 0;
  };
  const refresh = () => {
    if (!conference.isModerator) return render();
    lobby.watch().catch((e) => notify('error', L.refused(e.condition || e.message || e)));
  };
  const act = (fn) => fn().catch((e) => notify('error', L.refused(e.condition || e.message || e)));

  lobby.addEventListener('state', (e) => {
    on = e.detail.on;
    render();
  });
  lobby.addEventListener('knock', (e) => {
    const k = e.detail;
    const name = k.displayName || L.someone;
    const li = document.createElement('li');
    li.dataset.nick = k.nick;
    const label = document.createElement('span');
    label.className = 'lobby-name';
    label.textContent = name;
    const admit = document.createElement('button');
    admit.type = 'button';
    admit.className = 'lobby-admit primary';
    admit.textContent = L.approve;
    admit.setAttribute('aria-label', L.approveLabel(name));
    admit.onclick = () => lobby.approve(k.nick);
    const deny = document.createElement('button');
    deny.type = 'button';
    deny.className = 'lobby-deny';
    deny.textContent = L.deny;
    deny.setAttribute('aria-label', L.denyLabel(name));
    deny.onclick = () => act(() => lobby.deny(k.nick));
    li.append(label, admit, deny);
    list.append(li);
    notify('warning', L.knocking(name));
    render();
  });
  lobby.addEventListener('knock-left', (e) => {
    list.querySelector(`li[data-nick="${CSS.escape(e.detail.nick)}"]`)?.remove();
    render();
  });
  button.onclick = () =>
    act(async () => {
      const turnOn = !on;
      await (turnOn ? lobby.enable() : lobby.disable());
      notify('ok', turnOn ? L.turnedOn : L.turnedOff);
      refresh();
    });
  conference.addEventListener('room-config', refresh);
  // Becoming a moderator (or no longer one) changes what we see; other presence changes do not.
  let moderating = conference.isModerator;
  conference.addEventListener('self', () => {
    if (conference.isModerator === moderating) return;
    moderating = conference.isModerator;
    refresh();
  });
  refresh();
}
