// Polls as Jitsi's clients exchange them (docs/wire.md "Polls"): groupchat messages carrying
// <json-message xmlns='http://jitsi.org/jitmeet'> with JSON of type new-poll or answer-poll, and the
// room's old-polls message to a joiner. Pure: the messages we send, what we read, and the polls
// with their votes as the room keeps them. Tested by node.
import { t } from '../i18n.js';

export const NS_JITMEET = 'http://jitsi.org/jitmeet';
/** Poll messages this long or longer are refused by the server (Jitsi's limit). */
export const POLL_PAYLOAD_LIMIT = 1024;

/** A random poll id, as Jitsi's app makes them (base 36). */
export function newPollId() {
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER).toString(36);
}

/** The JSON text of a new poll; answers are trimmed and empty ones left out. */
export function newPollJson({ pollId, senderId, senderName, question, answers }) {
  return JSON.stringify({
    type: 'new-poll',
    pollId,
    senderId,
    senderName,
    question: question.trim(),
    answers: answers.map((a) => a.trim()).filter(Boolean),
  });
}

/** The JSON text of a vote: `choices[i]` says whether answer i is chosen. */
export function answerPollJson({ pollId, voterId, voterName, choices }) {
  return JSON.stringify({ type: 'answer-poll', pollId, voterId, voterName, answers: choices.map(Boolean) });
}

/** Why a poll cannot be sent (a short text), or null: a question, two answers, under the size limit. */
export function pollProblem(question, answers) {
  if (!question.trim()) return t('polls.noQuestion');
  if (answers.filter((a) => a.trim()).length < 2) return t('polls.fewAnswers');
  return null;
}

/** The JSON object of a json-message text, or null when it is no JSON object. */
export function parseJsonMessage(text) {
  if (typeof text !== 'string' || !text) return null;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const isStringArray = (a) => Array.isArray(a) && a.every((x) => typeof x === 'string');

/**
 * The polls of a meeting and their votes, built from the messages: `apply(json, fromNick)` takes a
 * new-poll, answer-poll or old-polls object and returns true when it changed something. Creators and
 * voters are the sending occupants (the server checks it; we believe the occupant JID too).
 */
export class PollBook {
  constructor() {
    /** id -> {id, senderId, senderName, question, answers: [{name, voters: Map(nick -> name)}]} */
    this.polls = new Map();
  }

  apply(data, fromNick, fromName) {
    if (!data || typeof data !== 'object') return false;
    if (data.type === 'new-poll') {
      if (typeof data.pollId !== 'string' || !data.pollId || this.polls.has(data.pollId)) return false;
      if (typeof data.question !== 'string' || !isStringArray(data.answers) || data.answers.length < 2) return false;
      this.polls.set(data.pollId, {
        id: data.pollId,
        senderId: fromNick ?? data.senderId,
        senderName: fromName || data.senderName || '',
        question: data.question,
        answers: data.answers.map((name) => ({ name, voters: new Map() })),
      });
      return true;
    }
    if (data.type === 'answer-poll') {
      const poll = this.polls.get(data.pollId);
      const choices = data.answers;
      if (!poll || !Array.isArray(choices) || choices.length !== poll.answers.length) return false;
      if (!choices.every((c) => typeof c === 'boolean')) return false;
      const voter = fromNick ?? data.voterId;
      choices.forEach((chosen, i) => {
        if (chosen) poll.answers[i].voters.set(voter, fromName || data.voterName || '');
        else poll.answers[i].voters.delete(voter);
      });
      return true;
    }
    if (data.type === 'old-polls' && Array.isArray(data.polls)) {
      let changed = false;
      for (const p of data.polls) {
        if (!p || typeof p.id !== 'string' || typeof p.question !== 'string' || !Array.isArray(p.answers)) continue;
        this.polls.set(p.id, {
          id: p.id,
          senderId: p.senderId,
          senderName: p.senderName || '',
          question: p.question,
          answers: p.answers.map((a) => ({
            name: String(a?.name ?? ''),
            voters: new Map(Object.entries(a?.voters && typeof a.voters === 'object' ? a.voters : {})),
          })),
        });
        changed = true;
      }
      return changed;
    }
    return false;
  }

  /** Whether `nick` has voted in the poll. */
  voted(pollId, nick) {
    const poll = this.polls.get(pollId);
    return !!poll && poll.answers.some((a) => a.voters.has(nick));
  }

  /** The results: per answer its name, votes, percent of voters (rounded) and the voters' names. */
  results(pollId) {
    const poll = this.polls.get(pollId);
    if (!poll) return null;
    const voters = new Set(poll.answers.flatMap((a) => [...a.voters.keys()]));
    return {
      question: poll.question,
      total: voters.size,
      answers: poll.answers.map((a) => ({
        name: a.name,
        votes: a.voters.size,
        percent: voters.size ? Math.round((100 * a.voters.size) / voters.size) : 0,
        names: [...a.voters.values()],
      })),
    };
  }
}
