package org.huddle.xmpp.server.session;

import java.util.function.Function;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.auth.AuthThrottle;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;

/**
 * What every client session shares: the router, each host's authentication, the failure throttle,
 * the per-address limits and the config.
 *
 * @param authFor the authentication of each user host
 * @param features adds stream features offered after authentication (stream management, ...)
 * @param observer hears session events, for metrics and the connection log
 * @param limits what each client address may hold
 */
public record SessionContext(
    Router router,
    XmppConfig config,
    Function<Host, AuthProvider> authFor,
    AuthThrottle throttle,
    SessionFeatures features,
    SessionObserver observer,
    AddressLimits limits) {}
