package dev.reactio.samples.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;

/** The crawler over the generated two-host site. */
class CrawlerSampleTest {

    private static final Pattern PEAKS =
            Pattern.compile("Peak requests at once: (\\d+) \\(at most 4\\), per host: (\\d+) \\(at most 2\\)");

    @RepeatedTest(3)
    void crawlsEveryPageOnceWithinTheLimits() {
        Transcript transcript = Transcript.atScale(0.05); // 5 ms per page: requests overlap

        CrawlerSample.main(transcript.ctx()).block(Transcript.HANG_GUARD);

        List<String> lines = transcript.lines();
        List<String> progress = lines.stream().filter(l -> l.startsWith("[")).toList();
        assertThat(progress).hasSize(2 * CrawlerSample.PAGES_PER_HOST);
        assertThat(progress.stream()
                        .map(l -> l.replaceFirst("^\\[\\s*\\d+\\] ", "").replaceFirst(" \\(\\d+ links\\)$", "")))
                .doesNotHaveDuplicates()
                .anyMatch(url -> url.startsWith("http://127.0.0.1:"))
                .anyMatch(url -> url.startsWith("http://localhost:"));
        assertThat(lines).contains("Requests sent: 30, links answered from the cache: 35");
        Matcher peaks = lines.stream()
                .map(PEAKS::matcher)
                .filter(Matcher::matches)
                .findFirst()
                .orElseThrow();
        assertThat(Integer.parseInt(peaks.group(1))).isBetween(1, CrawlerSample.CONCURRENCY);
        assertThat(Integer.parseInt(peaks.group(2))).isBetween(1, CrawlerSample.PER_HOST);
        assertThat(lines).last().isEqualTo("Crawled 30 pages on 2 hosts");
    }
}
