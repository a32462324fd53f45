package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the options say, and what they leave to the session. Issue 13, item 7. */
class RequestOptionsTest {

    // issue 13
    @Test
    void noneLeavesEveryFlagUnset() {
        RequestOptions none = RequestOptions.none();

        assertThat(none.allowRedirects()).isEmpty();
        assertThat(none.raiseForStatus()).isEmpty();
        assertThat(RequestOptions.builder().build().allowRedirects()).isEmpty();
    }

    // issue 13
    @Test
    void aFlagGivenToTheBuilderIsSetEvenWhenItIsTheDefault() {
        RequestOptions options = RequestOptions.builder()
                .allowRedirects(true)
                .raiseForStatus(false)
                .build();

        assertThat(options.allowRedirects()).isEqualTo(Optional.of(true));
        assertThat(options.raiseForStatus()).isEqualTo(Optional.of(false));
    }

    // issue 13
    @Test
    void theLastValueGivenWins() {
        RequestOptions options = RequestOptions.builder()
                .allowRedirects(false)
                .allowRedirects(true)
                .raiseForStatus(true)
                .raiseForStatus(false)
                .build();

        assertThat(options.allowRedirects()).contains(true);
        assertThat(options.raiseForStatus()).contains(false);
    }

    // issue 13
    @Test
    void toStringSaysWhichFlagsAreUnset() {
        assertThat(RequestOptions.builder().raiseForStatus(true).build())
                .hasToString(
                        "RequestOptions[params=[], headers=[], timeout=null, allowRedirects=unset, auth=null, raiseForStatus=true]");
    }
}
