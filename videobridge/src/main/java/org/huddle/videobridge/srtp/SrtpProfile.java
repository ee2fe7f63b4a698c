package org.huddle.videobridge.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles DTLS-SRTP may negotiate, with their RFC 5764 §4.1.2 and RFC 7714
 * §14.2 identifiers and key sizes.
 */
public enum SrtpProfile {
  /** RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80, 0x0001. */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14),
  /** RFC 7714 §14.2: SRTP_AEAD_AES_128_GCM, 0x0007. */
  AEAD_AES_128_GCM(0x0007, 16, 12);

  private final int id;
  private final int keyLength;
  private final int saltLength;

  SrtpProfile(int id, int keyLength, int saltLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
  }

  public int id() {
    return id;
  }

  public int keyLength() {
    return keyLength;
  }

  public int saltLength() {
    return saltLength;
  }

  /** The profile with this DTLS-SRTP identifier, or null. */
  public static SrtpProfile byId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }

  SrtpPolicy policy() {
    SrtpPolicy p =
        switch (this) {
          case AES_CM_128_HMAC_SHA1_80 ->
              new SrtpPolicy(
                  SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
          case AEAD_AES_128_GCM ->
              new SrtpPolicy(
                  SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
        };
    // Retransmissions resend sequence numbers we already sent; only the receive side checks replay.
    p.setSendReplayEnabled(false);
    return p;
  }
}
