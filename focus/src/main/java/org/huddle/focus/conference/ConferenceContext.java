package org.huddle.focus.conference;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.bridge.BridgeRegistry;
import org.huddle.focus.jingle.JingleRouter;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.muc.CapsCache;
import org.huddle.focus.selection.BridgeSelector;
import org.huddle.focus.xmpp.StanzaLink;

/**
 * What every conference shares: settings, the client connection, the Jingle router, the bridges,
 * the offer, the timer and workers, and the counters.
 *
 * @param focusJid the focus's full JID ({@code focus@auth.<domain>/focus}), the Jingle initiator
 * @param admission who may start a conference, who is signed in
 * @param schedule which rooms hold a scheduled meeting now
 * @param caps what each client version (XEP-0115) supports, as proved by a disco#info answer
 */
public record ConferenceContext(
    FocusConfig config,
    StanzaLink xmpp,
    JingleRouter jingle,
    BridgeRegistry registry,
    BridgeSelector selector,
    OfferFactory offers,
    ScheduledExecutorService timer,
    Executor workers,
    FocusStats stats,
    String focusJid,
    Admission admission,
    MeetingSchedule schedule,
    CapsCache caps) {}
