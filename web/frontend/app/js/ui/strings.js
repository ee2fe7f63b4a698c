// The words of the moderation, private chat and stage controls, looked up in the current language's
// table (../i18n.js, app/lang/). Properties read the table when used; functions take what varies.
import { t, lookups } from '../i18n.js';

export const S = lookups(
  {
    you: 'you',
    guest: 'guest',
    moderator: 'moderator',
    participant: 'participant',
    micOn: 'micOn',
    micMuted: 'micMuted',
    camOn: 'camOn',
    camOff: 'camOff',
    handRaised: 'handRaised',
    sharing: 'sharing',
    muteAudio: 'muteAudio',
    muteVideo: 'muteVideo',
    kick: 'kick',
    grant: 'grant',
    whisper: 'whisper',
    muteEveryone: 'people.muteEveryone',
    muteEveryoneVideo: 'people.stopEveryoneVideo',
    mutedEveryone: 'mutedEveryone',
    stoppedEveryoneVideo: 'stoppedEveryoneVideo',
    privately: 'privately',
    reply: 'reply',
    toEveryone: 'chat.toEveryone',
    backToEveryone: 'chat.backToEveryone',
    pin: 'pin',
    unpin: 'unpin',
    lowerHand: 'toolbar.lowerHand',
    revoke: 'revoke',
    endTitle: 'endTitle',
    endText: 'endText',
    endConfirm: 'toolbar.end',
    ended: 'ended',
    vote: 'vote',
  },
  {
    muteAudioLabel: (name) => t('muteAudioLabel', { name }),
    muteVideoLabel: (name) => t('muteVideoLabel', { name }),
    kickLabel: (name) => t('kickLabel', { name }),
    grantLabel: (name) => t('grantLabel', { name }),
    whisperLabel: (name) => t('whisperLabel', { name }),
    mutedSomeone: (name) => t('mutedSomeone', { name }),
    stoppedSomeone: (name) => t('stoppedSomeone', { name }),
    kicked: (name) => t('kicked', { name }),
    granted: (name) => t('granted', { name }),
    refused: (what) => t('refusedWhat', { what }),
    mutedYou: (name) => t('mutedYou', { name }),
    stoppedYourVideo: (name) => t('stoppedYourVideo', { name }),
    mutedByModerator: (name) => t('mutedByModerator', { name }),
    stillMuted: (what) => t('stillMuted', { what }),
    removedYou: (name) => t('removedYou', { name }),
    privateTo: (name) => t('privateTo', { name }),
    privateFrom: (name) => t('privateFrom', { name }),
    privateToYou: (name) => t('privateToYou', { name }),
    replyLabel: (name) => t('replyLabel', { name }),
    pinLabel: (name) => t('pinLabel', { name }),
    unpinLabel: (name) => t('unpinLabel', { name }),
    // In-meeting features (raise hand, reactions, polls, speaker stats, ending the meeting).
    handInLine: (n) => t('handInLine', { nth: ordinal(n) }),
    lowerHandLabel: (name) => t('lowerHandLabel', { name }),
    askedToLower: (name) => t('askedToLower', { name }),
    revokeLabel: (name) => t('revokeLabel', { name }),
    revoked: (name) => t('revoked', { name }),
    kickTitle: (name) => t('kickTitle', { name }),
    kickText: (name) => t('kickText', { name }),
    endedReason: (reason) => reason || t('endedByModerator'),
    reacted: (name, emoji) => t('reacted', { name, emoji }),
    reactLabel: (reaction) => t('reactLabel', { reaction }),
    pollResults: (votes, total) => t('pollResults', { votes, total }),
    pollBy: (name) => t('pollBy', { name }),
    newPoll: (name) => t('newPoll', { name }),
  },
);

/** An ordinal number in the current language (1st, 2nd, 3rd, 4th, 11th, 21st). */
export function ordinal(n) {
  const tens = n % 100;
  const units = n % 10;
  const form = tens >= 11 && tens <= 13 ? 'other' : units >= 1 && units <= 3 ? String(units) : 'other';
  return t(`ordinal.${form}`, { n });
}

/** The words of one medium ('audio' or 'video'): AV.allowed.audio and so on. */
const byMedium = (key, named = false) => ({
  get audio() {
    return named ? (name) => t(`av.${key}.audio`, { name }) : t(`av.${key}.audio`);
  },
  get video() {
    return named ? (name) => t(`av.${key}.video`, { name }) : t(`av.${key}.video`);
  },
});

// A/V moderation (docs/wire.md "A/V moderation"): moderators decide who may unmute.
export const AV = {
  moderate: byMedium('moderate'),
  release: byMedium('release'),
  allow: byMedium('allow'),
  allowLabel: byMedium('allowLabel', true),
  revoke: byMedium('revoke'),
  revokeLabel: byMedium('revokeLabel', true),
  onForModerators: byMedium('onForModerators'),
  onForYou: byMedium('onForYou'),
  off: byMedium('off'),
  allowed: byMedium('allowed'),
  revoked: byMedium('revoked'),
  asked: byMedium('asked', true),
  notAllowed: byMedium('notAllowed'),
};
Object.defineProperty(AV, 'mayNotUnmute', { enumerable: true, get: () => t('av.mayNotUnmute') });
