package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Credentials in URLs: masked in messages, taken out of requests. Issue 12 ("Hostile peers"), item 2. */
class UrlsTest {

    // gh-12
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://alice:s3cret@host/p?q=1#f | http://alice:***@host/p?q=1#f",
                "http://token@host:8080/         | http://***@host:8080/",
                "http://a@b:c@host/              | http://a@b:***@host/",
                "https://alice:s3cret@[::1]:8443 | https://alice:***@[::1]:8443",
                "alice:s3cret@host/x             | alice:***@host/x",
                "http://host/path@x              | http://host/path@x",
                "http://host:80/                 | http://host:80/",
                "not a url                       | not a url",
            })
    void redactMasksThePasswordOnly(String url, String redacted) {
        assertThat(Urls.redact(url)).isEqualTo(redacted);
    }

    // gh-12
    @Test
    void withoutUserInfoKeepsEverythingElseAsItWas() {
        URI u = URI.create("http://alice:s3cret@[::1]:8080/a%20b/c?x=%2F&y#frag");

        assertThat(Urls.withoutUserInfo(u)).hasToString("http://[::1]:8080/a%20b/c?x=%2F&y#frag");
        URI plain = URI.create("http://host/");
        assertThat(Urls.withoutUserInfo(plain)).isSameAs(plain);
    }

    // gh-12
    @Test
    void credentialsSplitAtTheFirstRawColonAndArePercentDecoded() {
        assertThatThrownBy(() -> Urls.credentials(URI.create("http://a%3Ab:c:d%25@h/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BasicAuth login must not contain ':', but was \"a:b\"");
        assertThat(Urls.credentials(URI.create("http://ab:c:d%25@h/"))).isEqualTo(new BasicAuth("ab", "c:d%"));
        assertThat(Urls.credentials(URI.create("http://%E2%9C%93:p+w@h/"))).isEqualTo(new BasicAuth("\u2713", "p+w"));
        assertThat(Urls.credentials(URI.create("http://h/"))).isNull();
    }
}
