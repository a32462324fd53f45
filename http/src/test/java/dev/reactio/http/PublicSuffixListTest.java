package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled Public Suffix List and the list's matching algorithm. */
class PublicSuffixListTest {

    /**
     * Rules in the bundled snapshot (publicsuffix 20230209.2326, 7,380 ICANN + 2,126 PRIVATE).
     * {@code scripts/update-public-suffix-list.sh} prints the new count after a refresh.
     */
    private static final int BUNDLED_RULES = 9_506;

    private final PublicSuffixList list = PublicSuffixList.get();

    @Test
    void theBundledListLoadsOnceWithAllItsRules() {
        assertThat(list.size()).isEqualTo(BUNDLED_RULES);
        assertThat(PublicSuffixList.get()).isSameAs(list);
    }

    @Test
    void topLevelDomainsArePublicSuffixes() {
        assertThat(list.isPublicSuffix("com")).isTrue();
        assertThat(list.isPublicSuffix("COM")).isTrue();
        assertThat(list.isPublicSuffix("example.com")).isFalse();
        assertThat(list.publicSuffix("a.b.example.com")).isEqualTo("com");
    }

    @Test
    void secondLevelRulesCount() {
        assertThat(list.isPublicSuffix("co.uk")).isTrue();
        assertThat(list.isPublicSuffix("uk")).isTrue();
        assertThat(list.isPublicSuffix("bbc.co.uk")).isFalse();
        assertThat(list.publicSuffix("www.bbc.co.uk")).isEqualTo("co.uk");
    }

    @Test
    void thePrivateSectionCountsToo() {
        assertThat(list.isPublicSuffix("github.io")).isTrue();
        assertThat(list.isPublicSuffix("evil.github.io")).isFalse();
        assertThat(list.publicSuffix("a.evil.github.io")).isEqualTo("github.io");
    }

    @Test
    void aWildcardMatchesOneLabelAndAnExceptionWinsOverIt() {
        assertThat(list.isPublicSuffix("ck")).isTrue(); // by the implicit rule *, not by *.ck
        assertThat(list.isPublicSuffix("anything.ck")).isTrue(); // *.ck
        assertThat(list.publicSuffix("shop.anything.ck")).isEqualTo("anything.ck");
        assertThat(list.isPublicSuffix("www.ck")).isFalse(); // !www.ck
        assertThat(list.publicSuffix("www.ck")).isEqualTo("ck");
        assertThat(list.publicSuffix("a.www.ck")).isEqualTo("ck");
    }

    @Test
    void internationalizedNamesMatchInTheirPunycodeForm() {
        assertThat(list.isPublicSuffix("公司.cn")).isTrue();
        assertThat(list.isPublicSuffix("xn--55qx5d.cn")).isTrue();
        assertThat(list.publicSuffix("shop.公司.cn")).isEqualTo("xn--55qx5d.cn");
        assertThat(list.publicSuffix("shop.xn--55qx5d.cn")).isEqualTo("xn--55qx5d.cn");
    }

    @Test
    void anUnlistedTopLevelDomainIsItsOwnSuffix() {
        assertThat(list.isPublicSuffix("localhost")).isTrue();
        assertThat(list.isPublicSuffix("app.internal")).isFalse();
        assertThat(list.publicSuffix("a.app.internal")).isEqualTo("internal");
    }

    @Test
    void invalidNamesHaveNoSuffixAndCountAsPublic() {
        for (String invalid : new String[] {"", ".com", "example.com.", "a..com", "x".repeat(64) + ".com"}) {
            assertThat(list.publicSuffix(invalid)).as(invalid).isNull();
            assertThat(list.isPublicSuffix(invalid)).as(invalid).isTrue();
        }
    }

    @Test
    void parseReadsRulesUpToTheirFirstWhiteSpaceAndSkipsComments() throws IOException {
        PublicSuffixList parsed = PublicSuffixList.parse(
                new BufferedReader(new StringReader("// comment\n\nfoo.test extra words\n*.bar.test\n!x.bar.test\n")));

        assertThat(parsed.size()).isEqualTo(3);
        assertThat(parsed.isPublicSuffix("foo.test")).isTrue();
        assertThat(parsed.isPublicSuffix("y.bar.test")).isTrue();
        assertThat(parsed.isPublicSuffix("x.bar.test")).isFalse();
    }

    /** The list's own test vectors (tests/test_psl.txt, CC0): the registrable domain, {@code null} for a suffix. */
    @ParameterizedTest(name = "checkPublicSuffix({0}, {1})")
    @MethodSource("officialTestVectors")
    void theOfficialTestVectorsPass(@Nullable String domain, @Nullable String registrable) {
        String expected = registrable == null ? null : PublicSuffixList.toAscii(registrable);
        assertThat(registrableDomain(domain)).isEqualTo(expected);
    }

    /** The suffix plus one label, as test_psl.txt's checkPublicSuffix defines it. */
    private @Nullable String registrableDomain(@Nullable String domain) {
        if (domain == null) {
            return null;
        }
        String ascii = PublicSuffixList.toAscii(domain);
        String suffix = list.publicSuffix(domain);
        if (ascii == null || suffix == null || ascii.equals(suffix)) {
            return null;
        }
        String rest = ascii.substring(0, ascii.length() - suffix.length() - 1);
        return rest.substring(rest.lastIndexOf('.') + 1) + "." + suffix;
    }

    static List<Arguments> officialTestVectors() throws IOException {
        Pattern check = Pattern.compile("^checkPublicSuffix\\((null|'[^']*'), (null|'[^']*')\\);");
        List<Arguments> vectors = new ArrayList<>();
        try (InputStream in = PublicSuffixListTest.class.getResourceAsStream("test_psl.txt")) {
            assertThat(in).as("test_psl.txt").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher m = check.matcher(line);
                if (m.find()) {
                    vectors.add(Arguments.of(unquote(m.group(1)), unquote(m.group(2))));
                }
            }
        }
        assertThat(vectors).hasSizeGreaterThan(70);
        return vectors;
    }

    private static @Nullable String unquote(String s) {
        return s.equals("null") ? null : s.substring(1, s.length() - 1);
    }
}
