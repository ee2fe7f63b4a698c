/**
 * Conferences: one per room the focus was asked for (the Jitsi {@code conference} request,
 * docs/wire.md#conference-iq and #http). A {@link org.huddle.focus.conference.Conference} routes:
 * it runs each input on the conference's serial queue and hands it to the one handler for it. The
 * conference's state is one {@link org.huddle.focus.conference.ConferenceState} (participants,
 * their sessions and sources, the bridge session, the timers). The handlers ({@link
 * org.huddle.focus.conference.Membership}, {@link org.huddle.focus.conference.BridgePlacement},
 * {@link org.huddle.focus.conference.ParticipantSessions}, {@link
 * org.huddle.focus.conference.SourcePropagation}) each get that state and an {@link
 * org.huddle.focus.conference.Effects} outbox, never the conference or each other; one asks another
 * through a {@link org.huddle.focus.conference.Step}. Pure components return decisions ({@link
 * org.huddle.focus.conference.Moderators}, {@link org.huddle.focus.conference.SourceSignaling},
 * {@link org.huddle.focus.conference.JingleRequests}). What happens is fired as a few narrow {@link
 * org.huddle.focus.conference.ConferenceEvent events} to the hooks in {@link
 * org.huddle.focus.conference.ConferenceEvents} (docs/focus.md#the-conference-state-object).
 */
package org.huddle.focus.conference;
