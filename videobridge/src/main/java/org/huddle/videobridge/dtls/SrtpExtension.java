package org.huddle.videobridge.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.huddle.videobridge.srtp.SrtpKeys;
import org.huddle.videobridge.srtp.SrtpProfile;

/**
 * The use_srtp extension of RFC 5764 §4.1 (https://www.rfc-editor.org/rfc/rfc5764#section-4.1) and
 * the key export of §4.2, shared by our DTLS client and server.
 */
final class SrtpExtension {
  /** Offered in order of preference: AEAD first, as browsers do. */
  static final int[] OFFERED = {
    SrtpProfile.AEAD_AES_128_GCM.id(), SrtpProfile.AES_CM_128_HMAC_SHA1_80.id()
  };

  private SrtpExtension() {}

  static void offer(Hashtable<Integer, byte[]> extensions) throws IOException {
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(OFFERED, TlsUtils.EMPTY_BYTES));
  }

  /** The first profile of ours the peer offered, or a handshake failure. */
  static SrtpProfile choose(Hashtable<Integer, byte[]> peerExtensions) throws IOException {
    UseSRTPData data = TlsSRTPUtils.getUseSRTPExtension(peerExtensions);
    if (data == null) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "no use_srtp extension");
    }
    for (int ours : OFFERED) {
      for (int theirs : data.getProtectionProfiles()) {
        if (ours == theirs) {
          return SrtpProfile.byId(ours);
        }
      }
    }
    throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP profile");
  }

  static SrtpKeys export(TlsContext context, SrtpProfile profile, boolean client) {
    byte[] material =
        context.exportKeyingMaterial(
            ExporterLabel.dtls_srtp, null, SrtpKeys.materialLength(profile));
    return SrtpKeys.fromKeyingMaterial(profile, material, client);
  }
}
