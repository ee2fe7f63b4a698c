package org.huddle.xmpp.server.api;

import java.util.List;
import org.huddle.xmpp.codec.Jid;

/**
 * A domain this server serves (a Prosody {@code VirtualHost} or {@code Component}), as an extension
 * sees it: its name, its options and its events.
 */
public interface Host {
  /** The domain. */
  String name();

  Jid jid();

  /** The host's options, falling back to the global ones. */
  Options options();

  /**
   * The modules enabled on this host: the global {@code modules_enabled} plus the host's own, minus
   * {@code modules_disabled}.
   */
  List<String> modules();

  Events events();

  /**
   * The event with this Prosody name: a declared one ({@code muc-occupant-pre-join}, {@code
   * resource-bind}), or a stanza event ({@code pre-message/bare}, {@code
   * iq-get/host/urn:xmpp:ping:ping}), for plugins that name events as strings.
   *
   * @throws IllegalArgumentException "unknown event '&lt;name&gt;'", so that a misspelt name fails
   *     where it is written instead of making a hook that never runs
   */
  EventType<?> event(String name);
}
