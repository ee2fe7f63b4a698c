package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.huddle.rtp.testkit.Corpus;
import org.junit.jupiter.api.Test;

/** The seed corpus the fuzz tests start from is what {@link CorpusWriter} writes today. */
class CorpusTest {
  @Test
  void theCorpusIsWhatTheWriterProduces() {
    List<byte[]> corpus = Corpus.seeds();
    List<byte[]> expected = new ArrayList<>(CorpusWriter.seeds().values());
    assertThat(CorpusWriter.seeds().keySet()).containsExactlyElementsOf(Corpus.SEEDS);
    for (int i = 0; i < Corpus.SEEDS.size(); i++) {
      assertThat(corpus.get(i)).as(Corpus.SEEDS.get(i)).isEqualTo(expected.get(i));
    }
  }
}
