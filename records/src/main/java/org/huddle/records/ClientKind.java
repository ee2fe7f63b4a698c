package org.huddle.records;

/** The client kinds a participation records (the {@code client_kind} column). */
public final class ClientKind {
  /** Huddle's own web app. */
  public static final String HUDDLE_WEB = "huddle-web";

  /** A Jitsi client (jitsi-meet, lib-jitsi-meet, the mobile apps). */
  public static final String JITSI = "jitsi";

  /** Anything else, or not known. */
  public static final String UNKNOWN = "unknown";

  private ClientKind() {}
}
