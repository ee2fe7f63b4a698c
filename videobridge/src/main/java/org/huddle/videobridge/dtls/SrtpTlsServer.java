package org.huddle.videobridge.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import java.util.function.Function;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.huddle.videobridge.srtp.SrtpKeys;
import org.huddle.videobridge.srtp.SrtpProfile;

/** Our side of DTLS-SRTP when we are the DTLS server. Requires and checks a client certificate. */
final class SrtpTlsServer extends DefaultTlsServer {
  static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
  };

  private final DtlsCertificate certificate;
  private final Function<Certificate, Boolean> verifier;
  private SrtpProfile profile;
  private SrtpKeys keys;

  SrtpTlsServer(
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
    return CIPHER_SUITES;
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() {
    return certificate.signer(context, (BcTlsCrypto) getCrypto());
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa));
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.rsa));
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        algorithms,
        null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    if (clientCertificate == null
        || clientCertificate.isEmpty()
        || !verifier.apply(clientCertificate)) {
      throw new TlsFatalAlert(AlertDescription.bad_certificate, "fingerprint mismatch");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    profile = SrtpExtension.choose(clientExtensions);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable<Integer, byte[]> ext = super.getServerExtensions();
    if (ext == null) {
      ext = new Hashtable<>();
    }
    org.bouncycastle.tls.TlsSRTPUtils.addUseSRTPExtension(
        ext,
        new org.bouncycastle.tls.UseSRTPData(
            new int[] {profile.id()}, org.bouncycastle.tls.TlsUtils.EMPTY_BYTES));
    return ext;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    keys = SrtpExtension.export(context, profile, false);
  }

  SrtpKeys keys() {
    return keys;
  }
}
