package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.focus.FocusConfig;
import org.huddle.focus.conference.Admission.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  static final String ROOM = "planning@muc.meet.jitsi";

  static Admission admission(String authentication) {
    return new Admission(FocusConfig.fromHocon("focus.authentication { " + authentication + " }"));
  }

  @Nested
  class WithSigningInOn {
    final Admission a = admission("enabled = true, guests = true");

    @Test
    void usersOfTheMainAndTheAccountDomainAreSignedInAndGuestsAreNot() {
      assertThat(a.decide("alice@meet.jitsi/web", ROOM, null)).isEqualTo(Verdict.PROCEED);
      assertThat(a.decide("ops@auth.meet.jitsi/x", ROOM, null)).isEqualTo(Verdict.PROCEED);
      assertThat(a.decide("f00d@guest.meet.jitsi/x", ROOM, null)).isEqualTo(Verdict.NOT_AUTHORIZED);
      assertThat(a.decide("meet.jitsi", ROOM, null))
          .as("a domain is nobody")
          .isEqualTo(Verdict.NOT_AUTHORIZED);
      assertThat(a.decide(null, ROOM, null))
          .as("an HTTP request carries no login")
          .isEqualTo(Verdict.NOT_AUTHORIZED);
      assertThat(a.refusal()).isEqualTo(Admission.WAITING_FOR_HOST);
    }

    @Test
    void publicRoomsAdmitEveryone() {
      assertThat(a.decide("f00d@guest.meet.jitsi/x", "daily-standup@muc.meet.jitsi", null))
          .isEqualTo(Verdict.PROCEED);
      assertThat(a.decide(null, "team-meeting@muc.meet.jitsi", null)).isEqualTo(Verdict.PROCEED);
    }

    @Test
    void aRequestThroughProsodysClientProxyIsJudgedByItsRealSender() {
      assertThat(a.decide("focus.meet.jitsi/alice\\40meet.jitsi\\2fweb", ROOM, null))
          .isEqualTo(Verdict.PROCEED);
      assertThat(a.decide("focus.meet.jitsi/f00d\\40guest.meet.jitsi\\2fx", ROOM, null))
          .isEqualTo(Verdict.NOT_AUTHORIZED);
    }

    @Test
    void tellsClientsAuthenticationIsOnAndWhetherItIsExternal() {
      assertThat(a.properties())
          .containsEntry("authentication", "true")
          .containsEntry("externalAuth", "false");
      assertThat(admission("enabled = true, type = jwt").properties())
          .containsEntry("externalAuth", "true");
    }
  }

  @Test
  void withoutGuestsTheRefusalAsksToSignIn() {
    Admission a = admission("enabled = true, guests = false");
    assertThat(a.decide("f00d@guest.meet.jitsi/x", ROOM, null)).isEqualTo(Verdict.NOT_AUTHORIZED);
    assertThat(a.refusal()).isEqualTo(Admission.SIGN_IN);
  }

  @Test
  void withSigningInOffEveryoneProceeds() {
    Admission a = admission("enabled = false");
    assertThat(a.decide(null, ROOM, null)).isEqualTo(Verdict.PROCEED);
    assertThat(a.properties()).containsExactly(java.util.Map.entry("authentication", "false"));
  }

  @Test
  void unescapesXep0106() {
    assertThat(Admission.unescape("a\\40b\\2fc\\20d\\5c\\zz")).isEqualTo("a@b/c d\\\\zz");
  }
}
