// The in-meeting features of issue 16, wire-compatible with Jitsi's clients (docs/wire.md "Raise
// hand", "Reactions", "Polls", "Jitsi's components"): polls over the room, reactions and "lower
// your hand" over the bridge channel, speaker statistics from the bridge's dominant-speaker changes
// and the speakerstats component, and ending the meeting through end_conference. It owns no
// connection: it listens to the conference and sends through it, and tells the UI by events.
import { $iq, $msg } from '/libs/strophe.esm.js';
import { appendTo, fromElement } from './xmpp/xml-tree.js';
import { PollBook, newPollId, newPollJson, answerPollJson } from './xmpp/polls.js';
import {
  NS_DISCO,
  readComponents,
  readComponentMessage,
  speakerStatsReport,
  endConferenceRequest,
} from './xmpp/components.js';
import { reactionPayload, readReactions, REACTIONS } from './reactions.js';
import { LOWER_HAND_MESSAGE } from './hands.js';
import { SpeakerStats } from './speaker-stats.js';

const POLL_TYPES = new Set(['new-poll', 'answer-poll', 'old-polls']);

/** {type: address} of the components the domain's disco#info names; none when it does not answer. */
export async function discoverComponents(xmpp, domain) {
  try {
    const iq = $iq({ type: 'get', to: domain }).c('query', { xmlns: NS_DISCO });
    return readComponents(fromElement(await xmpp.sendIQ(iq, 5000)));
  } catch {
    return {};
  }
}

export class InMeeting extends EventTarget {
  constructor(conference) {
    super();
    this.conference = conference;
    this.polls = new PollBook();
    this.stats = new SpeakerStats();
    this.components = {};
    /** Reactions seen, in order: {from, reaction} (for the status and the tests). */
    this.reactions = [];
    const muc = conference.muc;
    muc.addEventListener('json-message', (e) => this.onJson(e.detail));
    muc.addEventListener('message-error', (e) => this.emit('refused', e.detail));
    conference.addEventListener('endpoint-message', (e) => this.onEndpointMessage(e.detail));
    conference.addEventListener('dominant-speaker', (e) => this.onDominant(e.detail));
    conference.addEventListener('channel-refused', (e) =>
      this.emit('refused', { condition: e.detail.reason, text: e.detail.message || '' }),
    );
    conference.xmpp.addHandler((e) => this.onComponentMessage(fromElement(e)), null, 'message');
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * Finds the components on the domain we logged into (once connected), or takes those
   * `preconnect` already found.
   */
  async discover(found = null) {
    this.components = (await found) ?? (await discoverComponents(this.conference.xmpp, this.conference.config.hosts.domain));
    return this.components;
  }

  get me() {
    return this.conference.endpointId;
  }

  onJson({ nick, data }) {
    if (!POLL_TYPES.has(data.type)) return;
    const name = nick === this.me ? this.conference.displayName : this.conference.participants.get(nick)?.displayName;
    // old-polls comes from the room itself; new-poll and answer-poll from the occupant who sent them.
    if (data.type === 'old-polls' ? nick !== null : nick === null) return;
    if (this.polls.apply(data, nick ?? undefined, name)) this.emit('polls', { type: data.type, nick });
  }

  /** Sends a new poll to everyone; the room sends it back to us as to the others. */
  createPoll(question, answers) {
    const pollId = newPollId();
    this.conference.muc.sendJson(
      newPollJson({ pollId, senderId: this.me, senderName: this.conference.displayName, question, answers }),
    );
    return pollId;
  }

  /** Votes: `choices[i]` says whether answer i is chosen. */
  vote(pollId, choices) {
    this.conference.muc.sendJson(
      answerPollJson({ pollId, voterId: this.me, voterName: this.conference.displayName, choices }),
    );
  }

  /** An endpoint message over the bridge channel, to one endpoint or ('') to everyone. */
  sendEndpointMessage(to, payload) {
    this.conference.channel?.send({ colibriClass: 'EndpointMessage', to, msgPayload: payload });
  }

  /** Sends a reaction to everyone, and shows it here. */
  react(reaction) {
    if (!Object.hasOwn(REACTIONS, reaction)) return;
    this.sendEndpointMessage('', reactionPayload([reaction]));
    this.onReactions(this.me, [reaction]);
  }

  onReactions(from, reactions) {
    for (const reaction of reactions) this.reactions.push({ from, reaction });
    this.emit('reaction', { from, reactions });
  }

  /** Asks a participant to lower its hand (moderators), as Jitsi's app does. */
  askToLowerHand(id) {
    this.sendEndpointMessage(id, { name: LOWER_HAND_MESSAGE });
  }

  onEndpointMessage({ from, payload }) {
    const reactions = readReactions(payload);
    if (reactions) {
      this.onReactions(from, reactions);
      return;
    }
    if (payload?.name === LOWER_HAND_MESSAGE) {
      // Believed only from a moderator, as Jitsi's app does.
      const sender = this.conference.participants.get(from);
      if (sender?.role !== 'moderator' || !this.conference.raisedHand) return;
      this.conference.setRaisedHand(false);
      this.emit('hand-lowered', { by: this.conference.nameOf(from) });
    }
  }

  onDominant(id) {
    this.stats.speaker(id, Date.now());
    const address = this.components.speakerstats;
    if (id === this.me && address) {
      const m = $msg({ to: address });
      this.conference.xmpp.send(appendTo(m, speakerStatsReport(this.conference.roomJid), 'jabber:client'));
    }
  }

  onComponentMessage(message) {
    const from = message.attrs.from || '';
    if (message.attrs.type === 'error' && Object.values(this.components).includes(from)) {
      const error = message.children.find((c) => c.name === 'error');
      const text = error?.children.find((c) => c.name === 'text')?.text;
      const condition = error?.children.find((c) => c.name !== 'text')?.name || 'refused';
      this.emit('refused', { condition, text: text || '' });
      return true;
    }
    const data = readComponentMessage(message, this.components);
    if (data?.type === 'speakerstats') {
      this.stats.seed(data.users);
      this.emit('speaker-stats', this.stats);
    }
    return true;
  }

  /** Everyone's speaking time, longest first: [{id, name, ms, self}]. */
  speakerTimes(now = Date.now()) {
    const people = [
      { id: this.me, name: this.conference.displayName, self: true },
      ...[...this.conference.participants.values()].map((p) => ({ id: p.id, name: p.displayName, self: false })),
    ];
    return people
      .map((p) => ({ ...p, ms: this.stats.time(p.id, now) }))
      .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
  }

  /**
   * Ends the meeting for everyone (moderators): through end_conference where the server offers it,
   * else by destroying the room (muc#owner), which owners may do with any client.
   */
  async endMeeting() {
    const address = this.components.end_conference;
    if (address) {
      this.conference.xmpp.send(appendTo($msg({ to: address }), endConferenceRequest(), 'jabber:client'));
      return;
    }
    const iq = $iq({ type: 'set', to: this.conference.roomJid })
      .c('query', { xmlns: 'http://jabber.org/protocol/muc#owner' })
      .c('destroy')
      .c('reason')
      .t('The meeting was ended by a moderator');
    await this.conference.xmpp.sendIQ(iq);
  }
}
