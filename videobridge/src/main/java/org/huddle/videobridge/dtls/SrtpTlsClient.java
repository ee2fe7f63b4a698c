package org.huddle.videobridge.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.function.Function;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.huddle.videobridge.srtp.SrtpKeys;
import org.huddle.videobridge.srtp.SrtpProfile;

/** Our side of DTLS-SRTP when we are the DTLS client. Checks the server's certificate. */
final class SrtpTlsClient extends DefaultTlsClient {
  private final DtlsCertificate certificate;
  private final Function<Certificate, Boolean> verifier;
  private SrtpProfile profile;
  private SrtpKeys keys;

  SrtpTlsClient(
      BcTlsCrypto crypto, DtlsCertificate certificate, Function<Certificate, Boolean> verifier) {
    super(crypto);
    this.certificate = certificate;
    this.verifier = verifier;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return SrtpTlsServer.CIPHER_SUITES;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable<Integer, byte[]> ext = super.getClientExtensions();
    if (ext == null) {
      ext = new Hashtable<>();
    }
    SrtpExtension.offer(ext);
    return ext;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    profile = SrtpExtension.choose(serverExtensions);
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        Certificate chain = serverCertificate.getCertificate();
        if (chain == null || chain.isEmpty() || !verifier.apply(chain)) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate, "fingerprint mismatch");
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) {
        return certificate.signer(context, (BcTlsCrypto) getCrypto());
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    keys = SrtpExtension.export(context, profile, true);
  }

  SrtpKeys keys() {
    return keys;
  }
}
