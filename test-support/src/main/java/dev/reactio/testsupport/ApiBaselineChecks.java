package dev.reactio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares the module's public API ({@link PublicApi}) with the baseline committed in
 * {@code <module>/api/<artifactId>.txt}, and fails with the difference when they part: an added,
 * removed or changed public type, constructor, method or field, or a type that became (or stopped
 * being) final or sealed. A module runs it with a one-line {@code class ApiBaselineTest extends
 * ApiBaselineChecks {}} in its own tests; the parent POM passes the paths as system properties.
 *
 * <p>After an intended change, regenerate the baselines and commit them with the change:
 * <pre>{@value #REGENERATE}</pre>
 *
 * <p>Once 0.1.0 is released, japicmp can compare against the released jar instead (binary and
 * source compatibility, not just "changed"): {@code com.github.siom79.japicmp:japicmp-maven-plugin}
 * 0.27.0, goal {@code cmp} in {@code verify}, with {@code <oldVersion>} the released
 * {@code dev.reactio:${project.artifactId}:0.1.0}, {@code <newVersion>} the module's own jar,
 * {@code <parameter><onlyModified>true</onlyModified><breakBuildOnBinaryIncompatibleModifications>true
 * </breakBuildOnBinaryIncompatibleModifications><packagesExcludes>*.internal</packagesExcludes></parameter>},
 * in the parent POM's pluginManagement and in the four published modules' plugins; this check and the
 * api/ files can then go.
 */
public abstract class ApiBaselineChecks {

    /** The one command that rewrites every module's baseline from the current code. */
    public static final String REGENERATE = "./mvnw -B test -pl core,streams,http-testing,http -am"
            + " -Dtest=ApiBaselineTest -Dsurefire.failIfNoSpecifiedTests=false -Dreactio.api.update=true";

    @Test
    void publicApiMatchesTheCommittedBaseline() throws IOException {
        Path classes = Path.of(required("reactio.api.classes"));
        Path baseline = Path.of(required("reactio.api.baseline"));
        Map<String, List<String>> actual =
                PublicApi.of(classes, Thread.currentThread().getContextClassLoader());
        assertThat(actual).as("public types found in " + classes).isNotEmpty();
        if (Boolean.getBoolean("reactio.api.update")) {
            Files.createDirectories(baseline.getParent());
            Files.writeString(baseline, PublicApi.render(actual), StandardCharsets.UTF_8);
            return;
        }
        Map<String, List<String>> expected = Files.exists(baseline)
                ? PublicApi.parse(Files.readAllLines(baseline, StandardCharsets.UTF_8))
                : Map.of();
        List<String> diff = diff(expected, actual);
        if (!diff.isEmpty()) {
            throw new AssertionError("The public API differs from " + baseline + " (- baseline, + now):\n"
                    + String.join("\n", diff)
                    + "\n\nIf the change is intended, regenerate the baselines and commit them:\n  " + REGENERATE);
        }
    }

    private static List<String> diff(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        List<String> out = new ArrayList<>();
        TreeSet<String> types = new TreeSet<>(expected.keySet());
        types.addAll(actual.keySet());
        for (String type : types) {
            List<String> before = expected.getOrDefault(type, List.of());
            List<String> after = actual.getOrDefault(type, List.of());
            if (Objects.equals(before, after)) {
                continue;
            }
            if (before.isEmpty() || after.isEmpty()) {
                String sign = before.isEmpty() ? "+ " : "- ";
                List<String> block = before.isEmpty() ? after : before;
                out.add(sign + block.get(0));
                block.stream().skip(1).forEach(l -> out.add(sign + "  " + l));
                continue;
            }
            out.add("  " + (before.get(0).equals(after.get(0)) ? after.get(0) : type));
            if (!before.get(0).equals(after.get(0))) {
                out.add("-   " + before.get(0));
                out.add("+   " + after.get(0));
            }
            before.stream().skip(1).filter(l -> !after.contains(l)).forEach(l -> out.add("-   " + l));
            after.stream().skip(1).filter(l -> !before.contains(l)).forEach(l -> out.add("+   " + l));
        }
        return out;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set: the parent POM's Surefire configuration sets it");
        }
        return value;
    }
}
