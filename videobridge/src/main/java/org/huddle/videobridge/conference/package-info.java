/**
 * Conferences: membership ({@link org.huddle.videobridge.conference.Conferences}), routing ({@link
 * org.huddle.videobridge.conference.Conference} only fans packets out to the endpoints that want
 * them), the dominant speaker from RFC 6464 audio levels, and the allocation of simulcast layers to
 * each receiver under its bandwidth and its {@code ReceiverVideoConstraints}. Signalling (JSON,
 * XML) lives in the API packages; here, events go out through {@link
 * org.huddle.videobridge.conference.ConferenceListener}.
 */
package org.huddle.videobridge.conference;
