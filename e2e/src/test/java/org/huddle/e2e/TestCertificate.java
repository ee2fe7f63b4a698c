package org.huddle.e2e;

import java.nio.file.Path;

/** A self-signed web certificate for the browser tests, made with openssl. */
final class TestCertificate {
  private TestCertificate() {}

  /**
   * Writes a P-256 certificate for this IP address (its subject and only alternative name), valid
   * two days, and its key as unencrypted PKCS#8 PEM, which HUDDLE_WEB_TLS_KEY takes.
   */
  static void selfSigned(Path cert, Path key, String ip) throws Exception {
    NatNetworkIT.must(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + ip,
        "-addext",
        "subjectAltName=IP:" + ip,
        "-keyout",
        key.toString(),
        "-out",
        cert.toString());
  }
}
