/**
 * Conferences: one per room the focus was asked for (the Jitsi {@code conference} request,
 * docs/wire.md#conference-iq and #http). {@link org.huddle.focus.conference.Conference} is the one
 * object that holds a conference's state (participants, their sessions and sources, the bridge
 * session) and makes its transitions, on its own serial queue. Its components hold no state of the
 * conference and no reference to it: {@link org.huddle.focus.conference.Moderators}, {@link
 * org.huddle.focus.conference.SourceSignaling} and {@link
 * org.huddle.focus.conference.JingleRequests} return decisions. What happens is fired as a few
 * narrow {@link org.huddle.focus.conference.ConferenceEvent events} to the hooks in {@link
 * org.huddle.focus.conference.ConferenceEvents} (docs/focus.md#the-conference-state-object).
 */
package org.huddle.focus.conference;
