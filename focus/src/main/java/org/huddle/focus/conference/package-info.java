/**
 * Conferences: one per room the focus was asked for (the Jitsi {@code conference} request,
 * docs/wire.md#conference-iq and #http), each a state machine run on its own serial queue. {@link
 * org.huddle.focus.conference.Conference} keeps membership and moderators; {@link
 * org.huddle.focus.conference.ConferenceMedia} the bridge session, invitations and failover; {@link
 * org.huddle.focus.conference.ParticipantJingle} answers the participants' Jingle requests; {@link
 * org.huddle.focus.conference.SourceSignaling} tells participants about each other's sources.
 */
package org.huddle.focus.conference;
