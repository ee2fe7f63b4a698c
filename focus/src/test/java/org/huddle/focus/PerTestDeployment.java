package org.huddle.focus;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** For tests that start their own deployment: it and its participants are closed after each. */
abstract class PerTestDeployment {
  Deployment d;
  final List<TestParticipant> participants = new ArrayList<>();

  @AfterEach
  void closeDeployment() throws Exception {
    participants.forEach(TestParticipant::close);
    participants.clear();
    if (d != null) {
      d.close();
      d = null;
    }
  }
}
