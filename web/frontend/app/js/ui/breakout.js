// Breakout rooms in our app (docs/web.md, "Breakout rooms"; the wire in xmpp/breakout.js): a
// panel listing the meeting's rooms and who is in each; moderators add rooms, send participants to
// a room and close rooms; anyone in a breakout room can go back to the main room.
//
// A breakout room is a meeting of its own (its own focus session), so moving is leaving this one
// and entering the other: the page goes to /<meeting>?breakout=<room JID> (or back to
// /<meeting>), carrying the name and mute choices in sessionStorage, and skips the pre-join screen
// there (switchedChoice). The panel and its toolbar button are made here, so that the page's HTML
// stays as it is.
import { $iq, $msg } from '/libs/strophe.esm.js';
import { fromElement, all, first, appendTo } from '../xmpp/xml-tree.js';
import { componentAddress, addRoom, removeRoom, sendToRoom, readMessage, participantJid, mainRoomOf } from '../xmpp/breakout.js';
import { openLocalMedia } from '../media/devices.js';
import { notify } from './notify.js';
import { t as tr } from '../i18n.js';

const SWITCH_KEY = 'huddle.roomSwitch';
/** A switch older than this is not ours (a reload much later shows the pre-join screen again). */
const SWITCH_MAX_AGE_MS = 60_000;
const NS_DISCO = 'http://jabber.org/protocol/disco#info';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const UUID_ROOM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[a-z0-9.-]+$/;

/** The breakout room this page is for (`?breakout=<uuid>@<breakout domain>`), or null. */
export function breakoutFromQuery(params) {
  const jid = (params.get('breakout') || '').toLowerCase();
  return UUID_ROOM.test(jid) ? jid : null;
}

/**
 * When this page was opened by a move between rooms: the pre-join choice made before it (name,
 * mutes), with fresh local media; null otherwise (show the pre-join screen).
 */
export async function switchedChoice(config) {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(SWITCH_KEY) || 'null');
  } catch {
    saved = null;
  }
  sessionStorage.removeItem(SWITCH_KEY);
  if (!saved || !(Date.now() - saved.at < SWITCH_MAX_AGE_MS)) return null;
  const r = await openLocalMedia({ resolution: config.resolution, wantVideo: !saved.videoOff });
  return {
    displayName: String(saved.displayName || ''),
    tracks: { audio: r.audio, video: saved.videoOff ? null : r.video },
    audioMuted: Boolean(saved.audioMuted) || !r.audio,
    clickedAt: performance.now(),
  };
}

/** Leaves this meeting and opens the room `roomJid` (a breakout room, or the main one). */
async function moveTo(conference, mainRoom, roomJid) {
  sessionStorage.setItem(
    SWITCH_KEY,
    JSON.stringify({
      displayName: conference.displayName,
      audioMuted: conference.audioMuted,
      videoOff: conference.videoMuted,
      at: Date.now(),
    }),
  );
  await conference.leave();
  const url = `/${encodeURIComponent(mainRoom)}`;
  location.assign(roomJid.split('@')[0] === mainRoom && roomJid.endsWith(`@${conference.config.hosts.muc}`) ? url : `${url}?breakout=${encodeURIComponent(roomJid)}`);
}

/** Our domain's component identities, from its disco#info. */
async function identities(xmpp, domain) {
  try {
    const result = fromElement(await xmpp.sendIQ($iq({ type: 'get', to: domain }).c('query', { xmlns: NS_DISCO }), 5000));
    const query = first(result, 'query', NS_DISCO);
    return query ? all(query, 'identity').map((i) => i.attrs) : [];
  } catch {
    return [];
  }
}

/**
 * Sets up breakout rooms for a joined conference: finds the component, follows its messages and
 * shows the panel. `hooks` (window.huddle) gets `breakout` (the last update's rooms, the component
 * address, whether this is a breakout room) for the tests.
 */
export async function attachBreakout(conference, { mainRoom, breakoutRoom, hooks }) {
  const state = { component: null, rooms: [], inBreakout: Boolean(breakoutRoom), mainRoomJid: `${mainRoom}@${conference.config.hosts.muc}`, leaving: false };
  if (hooks) hooks.breakout = state;
  const ui = panel(conference, state);
  conference.xmpp.addHandler((e) => {
    const event = readMessage(fromElement(e), state.component);
    if (!event) return;
    if (event.event === 'move') {
      state.leaving = true;
      notify('ok', tr(event.roomJid === state.mainRoomJid ? 'breakout.toMain' : 'breakout.sent'));
      moveTo(conference, mainRoom, event.roomJid);
    } else {
      state.rooms = event.rooms;
      ui.render();
    }
  }, null, 'message', null);
  // In a breakout room, its closing (the room destroyed, naming the meeting) sends us back too.
  conference.xmpp.addHandler((e) => {
    const tree = fromElement(e);
    const x = first(tree, 'x', NS_MUC_USER);
    const destroy = x && first(x, 'destroy');
    if (!state.inBreakout || state.leaving || !destroy || !tree.attrs.from?.startsWith(`${conference.roomJid}/`)) return;
    if (destroy.attrs.jid === state.mainRoomJid) {
      state.leaving = true;
      notify('ok', tr('breakout.closed'));
      moveTo(conference, mainRoom, state.mainRoomJid);
    }
  }, null, 'presence', 'unavailable');
  state.component = componentAddress(await identities(conference.xmpp, conference.config.hosts.domain));
  if (state.inBreakout) {
    // The room says which meeting it belongs to; we trust it over the address we came from.
    try {
      const info = fromElement(await conference.xmpp.sendIQ($iq({ type: 'get', to: conference.roomJid }).c('query', { xmlns: NS_DISCO }), 5000));
      const form = first(first(info, 'query', NS_DISCO) || info, 'x');
      const fields = Object.fromEntries((form ? all(form, 'field') : []).map((f) => [f.attrs.var, first(f, 'value')?.text || '']));
      state.mainRoomJid = mainRoomOf(fields) || state.mainRoomJid;
    } catch {
      /* keep the meeting we came from */
    }
  }
  ui.render();
  return state;
}

function send(conference, state, tree) {
  const request = tree.children[0];
  conference.xmpp.send(appendTo($msg({ to: state.component }), request, 'jabber:client'));
}

/** The panel, its toolbar button and the "back to the main room" button. */
function panel(conference, state) {
  const $ = (id) => document.getElementById(id);
  const make = (tag, props = {}, ...children) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };
  const aside = make('aside', { id: 'breakout-panel', className: 'panel', hidden: true });
  aside.setAttribute('aria-labelledby', 'breakout-title');
  const list = make('ul', { id: 'breakout-list' });
  const add = make('button', { type: 'button', id: 'btn-add-breakout', textContent: tr('breakout.add'), hidden: true });
  aside.append(make('h2', { id: 'breakout-title', textContent: tr('breakout.title') }), make('div', { className: 'row' }, add), list);
  $('people-panel').after(aside);
  const toggle = make('button', { type: 'button', id: 'btn-breakout', textContent: tr('breakout.title'), hidden: true });
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'breakout-panel');
  toggle.onclick = () => {
    aside.hidden = !aside.hidden;
    toggle.setAttribute('aria-expanded', String(!aside.hidden));
  };
  const back = make('button', { type: 'button', id: 'btn-main-room', textContent: tr('breakout.back'), hidden: true });
  back.onclick = () => {
    state.leaving = true;
    moveTo(conference, state.mainRoomJid.split('@')[0], state.mainRoomJid);
  };
  $('btn-people').after(toggle, back);
  add.onclick = () => {
    const n = state.rooms.filter((r) => !r.isMain).length + 1;
    send(conference, state, addRoom(state.component, `Room ${n}`));
  };

  const render = () => {
    toggle.hidden = !state.component;
    back.hidden = !state.inBreakout;
    const moderator = conference.isModerator;
    add.hidden = !moderator || !state.component;
    const targets = state.rooms;
    list.replaceChildren(
      ...state.rooms.map((room) => {
        const title = room.isMain ? tr('breakout.main') : room.name || tr('breakout.room');
        const head = make('div', { className: 'row' }, make('strong', { textContent: `${title} (${room.participants.length})` }));
        if (moderator && !room.isMain) {
          const close = make('button', { type: 'button', className: 'breakout-close', textContent: tr('breakout.close') });
          close.dataset.room = room.jid;
          close.onclick = () => {
            // As Jitsi's app: everyone in it back to the main room first, then the room goes.
            for (const p of room.participants) send(conference, state, sendToRoom(state.component, p.jid, state.mainRoomJid));
            send(conference, state, removeRoom(state.component, room.jid));
          };
          head.append(close);
        }
        const people = make(
          'ul',
          {},
          ...room.participants.map((p) => {
            const li = make('li', { textContent: p.displayName || p.nick });
            li.dataset.nick = p.nick;
            if (moderator && p.nick !== conference.endpointId) {
              const select = make('select', { className: 'breakout-send' });
              select.setAttribute('aria-label', tr('breakout.sendLabel', { name: p.displayName || p.nick }));
              select.append(make('option', { value: '', textContent: tr('breakout.sendTo') }));
              for (const t of targets) {
                if (t.jid !== room.jid) select.append(make('option', { value: t.jid, textContent: t.isMain ? tr('breakout.main') : t.name || tr('breakout.room') }));
              }
              select.onchange = () => {
                const jid = participantJid(state.rooms, p.nick);
                if (select.value && jid) send(conference, state, sendToRoom(state.component, jid, select.value));
                select.value = '';
              };
              li.append(' ', select);
            }
            return li;
          }),
        );
        const li = make('li', { className: 'breakout-room' }, head, people);
        li.dataset.room = room.jid;
        return li;
      }),
    );
  };
  conference.addEventListener('self', render);
  return { render };
}
