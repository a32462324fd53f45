package dev.reactio.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Public Suffix List (https://publicsuffix.org): the names under which anyone can register a
 * domain ({@code com}, {@code co.uk}, {@code github.io}), so that the cookie jar can refuse a
 * {@code Domain} attribute that would share a cookie with every site under one of them.
 *
 * <p>The list is a snapshot bundled as the resource {@value #RESOURCE} (MPL-2.0; origin and how
 * to refresh it: {@code http/NOTICE}); it is read once, on first use. Both sections count, ICANN
 * and PRIVATE, as browsers use them. Rules and names are compared in their ASCII (punycode) form,
 * through {@link IDN#toASCII}. The algorithm is the list's own (publicsuffix.org/list): the
 * longest matching rule wins, {@code *} matches one label (only as the leftmost label, the only
 * place the list uses it), an exception rule {@code !x.y} wins over all and makes its parent the
 * suffix, and a name no rule matches has its last label as suffix (the implicit rule {@code *}).
 *
 * <p>Immutable once loaded, so thread-safe.
 */
final class PublicSuffixList {

    static final String RESOURCE = "public_suffix_list.dat";

    /** Written once, under {@code PublicSuffixList.class}'s monitor (a private class: nobody else locks it). */
    private static volatile @Nullable PublicSuffixList instance;

    /** Plain rules: {@code co.uk}. */
    private final Set<String> rules;
    /** Wildcard rules without their {@code *.}: {@code ck} for {@code *.ck}. */
    private final Set<String> wildcards;
    /** Exception rules without their {@code !}: {@code www.ck} for {@code !www.ck}. */
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = rules;
        this.wildcards = wildcards;
        this.exceptions = exceptions;
    }

    /**
     * The bundled list, read on the first call.
     *
     * @throws IllegalStateException if the resource is missing or unreadable (a broken jar); every
     *     call tries again and throws again, rather than judging cookies without the list
     */
    static PublicSuffixList get() {
        PublicSuffixList list = instance;
        if (list == null) {
            synchronized (PublicSuffixList.class) {
                list = instance;
                if (list == null) {
                    list = load();
                    instance = list;
                }
            }
        }
        return list;
    }

    private static PublicSuffixList load() {
        try (InputStream in = PublicSuffixList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Public Suffix List resource dev/reactio/http/" + RESOURCE
                        + " is missing from the classpath; the cookie jar cannot judge Domain attributes without it");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the Public Suffix List resource dev/reactio/http/" + RESOURCE, e);
        }
    }

    /** Reads a list in the publicsuffix.org format: one rule a line, up to its first white space; {@code //} comments. */
    static PublicSuffixList parse(BufferedReader reader) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String rule = line.strip();
            for (int i = 0; i < rule.length(); i++) {
                if (Character.isWhitespace(rule.charAt(i))) {
                    rule = rule.substring(0, i);
                    break;
                }
            }
            if (rule.isEmpty() || rule.startsWith("//")) {
                continue;
            }
            if (rule.startsWith("!")) {
                add(exceptions, rule.substring(1));
            } else if (rule.startsWith("*.")) {
                add(wildcards, rule.substring(2));
            } else {
                add(rules, rule);
            }
        }
        return new PublicSuffixList(Set.copyOf(rules), Set.copyOf(wildcards), Set.copyOf(exceptions));
    }

    private static void add(Set<String> set, String rule) {
        String ascii = toAscii(rule);
        if (ascii != null) {
            set.add(ascii);
        }
        // A rule that is not a domain name (none in the list today) can match no valid name: skipping it is safe.
    }

    /** @return how many rules the list has */
    int size() {
        return rules.size() + wildcards.size() + exceptions.size();
    }

    /**
     * The public suffix of {@code domain}, in ASCII: {@code co.uk} for {@code www.bbc.co.uk}.
     *
     * @param domain a domain name, ASCII or Unicode, any case, no trailing dot
     * @return its public suffix, or {@code null} if {@code domain} is not a valid domain name
     */
    @Nullable
    String publicSuffix(String domain) {
        String d = toAscii(domain);
        if (d == null) {
            return null;
        }
        // Exception rules prevail over every other match: the suffix is the rule without its first label.
        for (int i = 0; i >= 0; i = next(d, i)) {
            if (exceptions.contains(d.substring(i))) {
                int parent = next(d, i);
                return parent < 0 ? null : d.substring(parent);
            }
        }
        // Longest match first: at each length, the plain rule and the wildcard one level up are as long.
        for (int i = 0; i >= 0; i = next(d, i)) {
            String suffix = d.substring(i);
            int parent = next(d, i);
            if (rules.contains(suffix) || parent >= 0 && wildcards.contains(d.substring(parent))) {
                return suffix;
            }
        }
        return d.substring(d.lastIndexOf('.') + 1);
    }

    /**
     * Whether {@code domain} is a public suffix itself, so that a cookie for it would go to every
     * site under it. An invalid name counts as one: nothing may set a cookie for it.
     *
     * @param domain a domain name, ASCII or Unicode, any case
     * @return {@code true} for {@code com}, {@code co.uk}, {@code github.io}, {@code foo.ck} …
     */
    boolean isPublicSuffix(String domain) {
        String d = toAscii(domain);
        return d == null || d.equals(publicSuffix(d));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The index after the next dot from {@code i}, or -1 at the last label. */
    private static int next(String d, int i) {
        int dot = d.indexOf('.', i);
        return dot < 0 ? -1 : dot + 1;
    }

    /**
     * {@code name} lower-cased in ASCII (punycode for Unicode labels), or {@code null} if it is not
     * a domain name: empty, an empty label (leading, trailing or double dot), or refused by IDNA.
     */
    static @Nullable String toAscii(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return null;
        }
        String ascii = name;
        if (!isAscii(name)) { // IDN is slow: 9,000 ASCII rules through it would double the loading time
            try {
                ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        int labelStart = 0;
        for (int i = 0; i <= ascii.length(); i++) {
            if (i == ascii.length() || ascii.charAt(i) == '.') {
                if (i - labelStart > 63) {
                    return null; // RFC 1035's label limit, which IDN.toASCII also enforces
                }
                labelStart = i + 1;
            }
        }
        return ascii.isEmpty() ? null : ascii.toLowerCase(Locale.ROOT);
    }
}
