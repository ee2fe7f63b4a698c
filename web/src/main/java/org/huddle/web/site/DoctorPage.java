package org.huddle.web.site;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.web.SelfCheck;

/**
 * {@code /about/doctor}: runs {@code huddle doctor}'s checks from the server and answers their text
 * (or JSON with {@code Accept: application/json}), 200 when none failed, else 500. It needs {@code
 * Authorization: Bearer <HUDDLE_ADMIN_TOKEN>}: 403 while no token is configured, 401 for a wrong
 * one. The checks reveal addresses and send probes, so strangers must not trigger them.
 */
public final class DoctorPage {
  public static final String PATH = "/about/doctor";

  private final SelfCheck checks;
  private final AdminToken token;

  public DoctorPage(SelfCheck checks, String token) {
    this.checks = checks;
    this.token = new AdminToken(token, "the doctor page is");
  }

  public void handle(Request request, Response response, Callback callback) {
    if (!token.admit(request, response, callback)) {
      return;
    }
    SelfCheck.Result r = checks.run();
    int status = r.failed() ? HttpStatus.INTERNAL_SERVER_ERROR_500 : HttpStatus.OK_200;
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept != null && accept.contains("application/json")) {
      Headers.body(response, callback, status, "application/json", r.json());
    } else {
      Headers.text(response, callback, status, r.text());
    }
  }
}
