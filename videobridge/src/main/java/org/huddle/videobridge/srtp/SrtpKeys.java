package org.huddle.videobridge.srtp;

/**
 * Keys exported from a DTLS handshake for one direction each, RFC 5764 §4.2: the local keys protect
 * what we send, the remote keys check what we receive.
 */
public record SrtpKeys(
    SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

  /**
   * Splits keying material laid out as client key, server key, client salt, server salt.
   *
   * @param client whether we were the DTLS client
   */
  public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean client) {
    int k = profile.keyLength();
    int s = profile.saltLength();
    byte[] clientKey = java.util.Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = java.util.Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    return client
        ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
        : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
  }

  /** How many bytes of keying material a profile needs. */
  public static int materialLength(SrtpProfile profile) {
    return 2 * (profile.keyLength() + profile.saltLength());
  }
}
