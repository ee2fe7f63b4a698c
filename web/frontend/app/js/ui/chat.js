// The chat panel: messages to everyone in the room, with an unread count on the toolbar while the
// panel is closed.
export class Chat {
  constructor(onSend) {
    this.log = document.getElementById('chat-log');
    this.panel = document.getElementById('chat-panel');
    this.badge = document.getElementById('chat-unread');
    this.button = document.getElementById('btn-chat');
    this.unread = 0;
    document.getElementById('chat-form').onsubmit = (e) => {
      e.preventDefault();
      const input = document.getElementById('chat-input');
      const text = input.value.trim();
      if (text) onSend(text);
      input.value = '';
    };
  }

  get open() {
    return !this.panel.hidden;
  }

  toggle(open = !this.open) {
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) {
      this.unread = 0;
      this.renderBadge();
      document.getElementById('chat-input').focus();
    }
  }

  add({ displayName, text, self }) {
    const li = document.createElement('li');
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = self ? 'You' : displayName || 'Guest';
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    li.append(from, body);
    this.log.append(li);
    this.log.scrollTop = this.log.scrollHeight;
    if (!self && !this.open) {
      this.unread++;
      this.renderBadge();
    }
  }

  renderBadge() {
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = String(this.unread);
    this.badge.setAttribute('aria-label', `${this.unread} unread`);
  }
}
