package org.huddle.xmpp.server.features.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.server.features.disco.Disco;
import org.huddle.xmpp.server.routing.Host;

/**
 * How lib-jitsi-meet finds Jitsi's components: the disco#info of the user's own domain carries
 * {@code <identity category='component' type='speakerstats' name='speakerstats.meet.jitsi'/>} for
 * each (docs/wire.md, "Component discovery").
 *
 * <p>A virtual host advertises a kind only when the address its options give (or Jitsi's default
 * address) is served by something that provides that kind. A client decides once per connection
 * what the meeting offers, so advertising a component that is not there would show a feature that
 * fails; a config naming {@code breakout_rooms_muc} before Huddle serves breakout rooms therefore
 * advertises none.
 */
public final class ComponentDiscovery {
  private final Map<String, String> provided = new ConcurrentHashMap<>();

  /** Records that {@code address} serves the component kind {@code identity}. */
  public void provide(String address, String identity) {
    provided.put(address, identity);
  }

  /** Adds the identities of the components this virtual host's users may use. */
  public void advertise(Disco disco, Host host) {
    host.config()
        .components()
        .addresses()
        .forEach(
            (identity, address) -> {
              if (identity.equals(provided.get(address))) {
                disco.identity(host, new Disco.Identity("component", identity, address));
              }
            });
  }
}
