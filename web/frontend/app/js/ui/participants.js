// The participant list: everyone in the meeting with their microphone, camera and hand.
export class ParticipantList {
  constructor() {
    this.list = document.getElementById('people-list');
    this.panel = document.getElementById('people-panel');
    this.count = document.getElementById('people-count');
    this.button = document.getElementById('btn-people');
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
  }

  /** Renders `self` first, then the others by name. */
  render(self, others) {
    const people = [{ ...self, self: true }, ...[...others].sort((a, b) => (a.displayName || '').localeCompare(b.displayName || ''))];
    this.count.textContent = String(people.length);
    this.button.textContent = `Participants (${people.length})`;
    this.list.replaceChildren(
      ...people.map((p) => {
        const li = document.createElement('li');
        li.dataset.id = p.id;
        const bits = [p.audioMuted ? 'muted' : 'microphone on', p.videoMuted ? 'camera off' : 'camera on'];
        if (p.raisedHand) bits.push('hand raised');
        if (p.screenSharing) bits.push('sharing screen');
        li.textContent = `${p.displayName || 'Guest'}${p.self ? ' (you)' : ''}: ${bits.join(', ')}`;
        return li;
      }),
    );
  }
}
