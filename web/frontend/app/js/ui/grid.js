// The tile grid: one tile per participant (and one per screen share) with video, name, mute
// indicators and a raised hand; the dominant speaker's tile is outlined. Remote audio plays from
// hidden audio elements, one per participant.
import { S } from './strings.js';
import { t as tr } from '../i18n.js';

export class Grid {
  /** @param onPin (id or null) when a tile is pinned on the stage or unpinned */
  constructor(root, onFirstFrame, onPin) {
    this.root = root;
    this.tiles = new Map();
    this.audios = new Map();
    this.onFirstFrame = onFirstFrame;
    this.onPin = onPin;
    this.pinned = null;
  }

  key(id, screen) {
    return screen ? `${id}-screen` : id;
  }

  tile(id, { screen = false, self = false } = {}) {
    const key = this.key(id, screen);
    let t = this.tiles.get(key);
    if (t) return t;
    const el = document.createElement('div');
    el.className = 'tile' + (screen ? ' screen' : '') + (self ? ' self' : '');
    el.dataset.id = id;
    el.dataset.kind = screen ? 'screen' : 'camera';
    el.setAttribute('role', 'group');
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;
    const avatar = document.createElement('div');
    avatar.className = 'avatar';
    avatar.setAttribute('aria-hidden', 'true');
    const label = document.createElement('div');
    label.className = 'label';
    const name = document.createElement('span');
    name.className = 'name';
    const mic = document.createElement('span');
    mic.className = 'mic';
    mic.setAttribute('role', 'img'); // an icon with a label
    const cam = document.createElement('span');
    cam.className = 'cam';
    cam.setAttribute('role', 'img');
    label.append(name, mic, cam);
    const hand = document.createElement('div');
    hand.className = 'hand';
    hand.textContent = tr('tile.handRaised');
    hand.hidden = true;
    const pin = document.createElement('button');
    pin.type = 'button';
    pin.className = 'pin';
    pin.setAttribute('aria-pressed', 'false');
    pin.onclick = () => this.pin(this.pinned === key ? null : key);
    el.append(video, avatar, label, hand, pin);
    this.root.append(el);
    t = { el, video, avatar, name, mic, cam, hand, pin, screen, self, key };
    this.labelPin(t);
    this.tiles.set(key, t);
    return t;
  }

  /** Updates a participant's tile from {id, displayName, audioMuted, videoMuted, raisedHand}. */
  update(p, self = false) {
    const t = this.tile(p.id, { self });
    const name = self ? tr('tile.you', { name: p.displayName || S.guest }) : p.displayName || S.guest;
    t.name.textContent = name;
    t.who = p.displayName || S.guest; // who the pin button names
    t.avatar.textContent = (p.displayName || '?').trim().charAt(0).toUpperCase() || '?';
    t.mic.textContent = p.audioMuted ? '🔇' : '';
    t.mic.title = p.audioMuted ? tr('tile.micMuted') : '';
    t.mic.setAttribute('aria-label', p.audioMuted ? tr('tile.micMuted') : S.micOn);
    t.cam.textContent = p.videoMuted ? '📷̸' : '';
    t.cam.setAttribute('aria-label', p.videoMuted ? S.camOff : S.camOn);
    t.hand.hidden = !p.raisedHand;
    t.el.setAttribute('aria-label', tr(`tile.label${p.audioMuted ? 'Muted' : ''}${p.raisedHand ? 'Hand' : ''}`, { name }));
    t.video.hidden = !!p.videoMuted && !t.screen;
    const st = this.tiles.get(this.key(p.id, true));
    if (st) st.name.textContent = st.who = tr('tile.screenOf', { name: p.displayName || S.guest });
    this.labelPin(t);
    if (st) this.labelPin(st);
  }

  labelPin(t) {
    const pinned = this.pinned === t.key;
    const name = t.who || S.guest;
    t.pin.textContent = pinned ? S.unpin : S.pin;
    t.pin.setAttribute('aria-pressed', String(pinned));
    t.pin.setAttribute('aria-label', (pinned ? S.unpinLabel : S.pinLabel)(name));
  }

  /**
   * Stage view: the tile `key` large with the others in a strip; null goes back to the grid. The
   * conference is told whose camera (a participant id, or null for a screen share or ourselves).
   */
  pin(key) {
    this.pinned = key && this.tiles.has(key) ? key : null;
    this.root.classList.toggle('staged', !!this.pinned);
    for (const t of this.tiles.values()) {
      t.el.classList.toggle('pinned', t.key === this.pinned);
      this.labelPin(t);
    }
    const t = this.pinned && this.tiles.get(this.pinned);
    this.onPin?.(t && !t.screen && !t.self ? t.el.dataset.id : null);
  }

  /** Shows a track: video in the tile, audio in a hidden element. */
  setTrack(id, kind, track, self = false) {
    if (kind === 'audio') {
      if (self) return;
      let a = this.audios.get(id);
      if (!a) {
        a = document.createElement('audio');
        a.autoplay = true;
        a.hidden = true;
        a.dataset.id = id;
        document.body.append(a);
        this.audios.set(id, a);
      }
      a.srcObject = track ? new MediaStream([track]) : null;
      a.play?.().catch(() => {});
      return;
    }
    const t = this.tile(id, { screen: kind === 'screen', self });
    if (kind === 'screen') t.name.textContent = t.who = tr('tile.screenOf', { name: this.tiles.get(id)?.who || S.someone });
    this.labelPin(t);
    t.video.srcObject = track ? new MediaStream([track]) : null;
    t.avatar.hidden = !!track;
    if (track && !self && t.video.requestVideoFrameCallback) {
      t.video.requestVideoFrameCallback(() => this.onFirstFrame?.(id, kind));
    }
    t.video.play?.().catch(() => {});
  }

  removeTrack(id, kind) {
    if (kind === 'screen') {
      if (this.pinned === this.key(id, true)) this.pin(null);
      const t = this.tiles.get(this.key(id, true));
      t?.el.remove();
      this.tiles.delete(this.key(id, true));
      return;
    }
    if (kind === 'audio') {
      this.audios.get(id)?.remove();
      this.audios.delete(id);
      return;
    }
    const t = this.tiles.get(id);
    if (t) {
      t.video.srcObject = null;
      t.avatar.hidden = false;
    }
  }

  remove(id) {
    if (this.pinned === id || this.pinned === this.key(id, true)) this.pin(null);
    for (const key of [id, this.key(id, true)]) {
      this.tiles.get(key)?.el.remove();
      this.tiles.delete(key);
    }
    this.audios.get(id)?.remove();
    this.audios.delete(id);
  }

  /** Marks the remote cameras the bridge does not forward now (short of bandwidth). */
  forwarded(sources) {
    for (const t of this.tiles.values()) {
      if (t.self) continue;
      const source = `${t.el.dataset.id}-${t.screen ? 'v1' : 'v0'}`;
      const paused = !sources.has(source) && !!t.video.srcObject;
      t.el.classList.toggle('paused', paused);
      t.el.dataset.paused = String(paused);
    }
  }

  speaker(id) {
    for (const t of this.tiles.values()) t.el.classList.toggle('speaking', t.el.dataset.id === id && !t.screen);
  }
}
