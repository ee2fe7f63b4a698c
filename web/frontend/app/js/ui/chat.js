// The chat panel: messages to everyone in the room, and private messages to one participant
// (marked as private, with a reply button to the sender), with an unread count on the toolbar
// while the panel is closed.
import { S } from './strings.js';
import { t, setText } from '../i18n.js';

export class Chat {
  /**
   * @param onSend (text, to) with `to` a participant id for a private message, else null
   * @param onAttach (file), resolving when the file is shared, rejecting with a readable Error
   */
  constructor(onSend, nameOf, onAttach) {
    this.log = document.getElementById('chat-log');
    this.panel = document.getElementById('chat-panel');
    this.badge = document.getElementById('chat-unread');
    this.button = document.getElementById('btn-chat');
    this.input = document.getElementById('chat-input');
    this.target = document.getElementById('chat-target');
    this.nameOf = nameOf;
    this.to = null;
    this.unread = 0;
    document.getElementById('chat-target-clear').onclick = () => this.whisper(null);
    const picker = document.getElementById('chat-file');
    this.status = document.getElementById('chat-file-status');
    document.getElementById('chat-attach').onclick = () => picker.click();
    picker.onchange = async () => {
      const file = picker.files[0];
      picker.value = '';
      if (!file || !onAttach) return;
      this.say(t('chat.sharing', { file: file.name }));
      try {
        await onAttach(file);
        this.say('');
      } catch (e) {
        this.say(e?.message || t('chat.fileFailed'));
      }
    };
    document.getElementById('chat-form').onsubmit = (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (text) {
        onSend(text, this.to);
        if (this.to) this.add({ text, self: true, private: true, to: this.to });
      }
      this.input.value = '';
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
      this.input.focus();
    }
  }

  /** Addresses the next messages to one participant (privately), or to everyone with null. */
  whisper(id) {
    this.address(id);
    this.toggle(true);
  }

  address(id) {
    this.to = id;
    const label = id ? S.privateTo(this.nameOf(id)) : S.toEveryone;
    this.target.hidden = !id;
    document.getElementById('chat-target-name').textContent = label;
    this.input.placeholder = label;
    document.getElementById('chat-input-label').textContent = label;
  }

  /** Goes back to messaging everyone when the private addressee leaves (without opening the chat). */
  forget(id) {
    if (this.to === id) this.address(null);
  }

  say(text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  /**
   * A message: {displayName, text, self}, for a shared file {file: {url, name}}, and for private
   * ones {private, nick} (from) or {to}.
   */
  add(m) {
    const li = document.createElement('li');
    const from = document.createElement('span');
    from.className = 'from';
    const name = m.displayName || S.guest;
    if (m.private) {
      li.className = 'private';
      from.textContent = m.self ? S.privateToYou(this.nameOf(m.to)) : S.privateFrom(name);
    } else from.textContent = m.self ? t('chat.you') : name;
    const body = document.createElement('span');
    body.className = 'text';
    if (m.file) {
      // a link the sender named: shown by its file name, opened as a download, never in this page
      const a = document.createElement('a');
      a.className = 'file';
      a.href = m.file.url;
      a.textContent = m.file.name;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.download = m.file.name;
      body.append(a);
    } else body.textContent = m.text;
    li.append(from, body);
    if (m.private && !m.self) {
      const reply = document.createElement('button');
      reply.type = 'button';
      reply.className = 'reply';
      reply.textContent = S.reply;
      reply.setAttribute('aria-label', S.replyLabel(name));
      reply.onclick = () => this.whisper(m.nick);
      li.append(reply);
    }
    this.log.append(li);
    this.log.scrollTop = this.log.scrollHeight;
    if (!m.self && !this.open) {
      this.unread++;
      this.renderBadge();
    }
  }

  renderBadge() {
    this.badge.hidden = this.unread === 0;
    this.badge.textContent = String(this.unread);
    this.badge.setAttribute('aria-label', t('meeting.unread', { n: this.unread }));
  }
}
