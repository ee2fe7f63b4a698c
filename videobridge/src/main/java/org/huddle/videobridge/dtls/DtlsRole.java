package org.huddle.videobridge.dtls;

/**
 * Which side starts the handshake, from the {@code setup} attribute (RFC 4145 §4, as RFC 5763 §5
 * applies it): the side that says "active" is the DTLS client.
 */
public enum DtlsRole {
  CLIENT,
  SERVER;

  /**
   * Our role given what the remote side said. "actpass" leaves the choice to us; we then take the
   * client role, as an answerer must (RFC 5763 §5).
   */
  public static DtlsRole fromRemoteSetup(String remoteSetup) {
    return switch (remoteSetup == null ? "" : remoteSetup) {
      case "active" -> SERVER;
      default -> CLIENT;
    };
  }

  /** What to put in our own {@code setup} attribute once the role is fixed. */
  public String setup() {
    return this == CLIENT ? "active" : "passive";
  }
}
