// The participants pane: everyone in the meeting with their role, microphone, camera and hand, a
// button to message each privately, and for a moderator (owner and moderator role, as Jitsi's client
// decides it) per participant mute, stop video, remove and make moderator, and "mute everyone".
// Others see no moderation controls. A re-render keeps the keyboard focus on the same control.
import { S } from './strings.js';
import { handQueue } from '../hands.js';
import { setText } from '../i18n.js';

export class ParticipantList {
  /**
   * @param act {mute(id, media), muteEveryone(media), kick(id), grant(id), whisper(id)}, and
   *     optionally revoke(id) and lowerHand(id), and more(p): further moderator controls for a participant
   */
  constructor(act) {
    this.list = document.getElementById('people-list');
    this.panel = document.getElementById('people-panel');
    this.count = document.getElementById('people-count');
    this.button = document.getElementById('btn-people');
    this.actions = document.getElementById('people-actions');
    this.act = act;
    document.getElementById('btn-mute-all').onclick = () => act.muteEveryone('audio');
    document.getElementById('btn-stop-all-video').onclick = () => act.muteEveryone('video');
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
  }

  /** Renders `self` first, then the others by name; `moderator` shows the moderation controls. */
  render(self, others, moderator = false) {
    // Raised hands first, in the order they went up (their place in line shown), then by name.
    others = [...others];
    const queue = handQueue([self, ...others]);
    const place = (p) => (queue.includes(p.id) ? queue.indexOf(p.id) : queue.length);
    const people = [
      { ...self, self: true, handPlace: place(self) + 1 },
      ...others
        .map((p) => ({ ...p, handPlace: place(p) + 1 }))
        .sort((a, b) => a.handPlace - b.handPlace || (a.displayName || '').localeCompare(b.displayName || '')),
    ];
    this.count.textContent = String(people.length);
    setText(this.button, 'toolbar.participantsCount', { n: people.length });
    this.actions.hidden = !moderator || people.length < 2;
    const focused = document.activeElement?.closest?.('#people-list') ? document.activeElement.dataset : null;
    this.list.replaceChildren(...people.map((p) => this.item(p, moderator)));
    if (focused?.action) {
      const again =
        this.list.querySelector(`button[data-action="${focused.action}"][data-id="${CSS.escape(focused.id)}"]`) ||
        this.list.querySelector(`li[data-id="${CSS.escape(focused.id)}"] button`);
      (again || this.button).focus();
    }
  }

  item(p, moderator) {
    const li = document.createElement('li');
    li.dataset.id = p.id;
    li.dataset.role = p.role || 'participant';
    const name = p.displayName || S.guest;
    const bits = [
      p.role === 'moderator' ? S.moderator : S.participant,
      p.audioMuted ? S.micMuted : S.micOn,
      p.videoMuted ? S.camOff : S.camOn,
    ];
    if (p.mutedBy) bits.push(S.mutedByModerator(p.mutedBy));
    if (p.raisedHand) bits.push(S.handInLine(p.handPlace));
    if (p.screenSharing) bits.push(S.sharing);
    const text = document.createElement('span');
    text.className = 'who';
    text.textContent = `${name}${p.self ? ` (${S.you})` : ''}: ${bits.join(', ')}`;
    li.append(text);
    if (p.self) return li;
    const controls = document.createElement('span');
    controls.className = 'controls';
    const button = (action, label, aria, fn) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = action;
      b.dataset.id = p.id;
      b.textContent = label;
      b.setAttribute('aria-label', aria(name));
      b.onclick = () => fn(p.id);
      controls.append(b);
    };
    button('whisper', S.whisper, S.whisperLabel, this.act.whisper);
    if (moderator) {
      if (!p.audioMuted) button('mute-audio', S.muteAudio, S.muteAudioLabel, (id) => this.act.mute(id, 'audio'));
      if (!p.videoMuted) button('mute-video', S.muteVideo, S.muteVideoLabel, (id) => this.act.mute(id, 'video'));
      if (p.raisedHand && this.act.lowerHand) button('lower-hand', S.lowerHand, S.lowerHandLabel, this.act.lowerHand);
      if (p.role !== 'moderator') button('grant', S.grant, S.grantLabel, this.act.grant);
      else if (p.affiliation === 'owner' && this.act.revoke) button('revoke', S.revoke, S.revokeLabel, this.act.revoke);
      // More per-participant controls from other features ([action, label, aria, fn] each).
      for (const extra of this.act.more?.(p) || []) button(...extra);
      button('kick', S.kick, S.kickLabel, this.act.kick);
    }
    li.append(controls);
    return li;
  }
}
