package dev.reactio.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A text dump of a module's public API: every public or protected type of the packages its
 * {@code module-info} exports to everyone, with its kind, modifiers ({@code final}, {@code
 * sealed}, {@code non-sealed}, {@code abstract}, {@code static}), type parameters, supertypes,
 * permitted subtypes, and its public and protected constructors, methods and fields with their
 * generic signatures, {@code throws} clauses and {@code @Deprecated}. One block per type, sorted,
 * so that a change to the API is a change to a committed text file ({@link ApiBaselineChecks}).
 *
 * <p>It reads what {@code javac} produced (the classes directory the jar is made of), by
 * reflection: it cannot see what the bytecode does not keep (parameter names, type-use
 * annotations such as JSpecify's {@code @Nullable}).
 */
public final class PublicApi {

    private static final Pattern TYPE_NAME = Pattern.compile("(?:class|interface|enum|record) ([^<\\s]+)");

    private PublicApi() {}

    /** The dump of the module whose compiled classes are in {@code classes}, one type per map entry. */
    public static Map<String, List<String>> of(Path classes, ClassLoader loader) throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Map<String, List<String>> api = new TreeMap<>();
        for (ModuleDescriptor.Exports export : module.exports()) {
            if (export.isQualified()) {
                continue; // exported to named Reactio modules only: not an API
            }
            Path dir = classes.resolve(export.source().replace('.', '/'));
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(f -> f.toString().endsWith(".class"))
                        .sorted()
                        .collect(Collectors.toList());
            }
            for (Path file : files) {
                String simple = file.getFileName().toString().replaceFirst("\\.class$", "");
                if (simple.equals("package-info")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(export.source() + "." + simple, false, loader);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("not on the test class path: " + file, e);
                }
                if (visible(type)) {
                    api.put(type.getName(), describe(type));
                }
            }
        }
        return api;
    }

    /** The dump as the text of the baseline file. */
    public static String render(Map<String, List<String>> api) {
        StringBuilder out = new StringBuilder();
        api.values().forEach(lines -> {
            out.append(lines.get(0)).append('\n');
            lines.stream().skip(1).forEach(l -> out.append("  ").append(l).append('\n'));
            out.append('\n');
        });
        return out.toString();
    }

    /** Parses what {@link #render} wrote. */
    public static Map<String, List<String>> parse(List<String> text) {
        Map<String, List<String>> api = new TreeMap<>();
        List<String> block = null;
        for (String line : text) {
            if (line.isBlank()) {
                block = null;
            } else if (!line.startsWith("  ")) {
                block = new ArrayList<>();
                block.add(line);
                Matcher name = TYPE_NAME.matcher(line);
                if (!name.find()) {
                    throw new IllegalArgumentException("not a type line: " + line);
                }
                api.put(name.group(1), block);
            } else if (block != null) {
                block.add(line.substring(2));
            }
        }
        return api;
    }

    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (t.isSynthetic()
                    || t.isAnonymousClass()
                    || t.isLocalClass()
                    || !(Modifier.isPublic(t.getModifiers()) || Modifier.isProtected(t.getModifiers()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<String> describe(Class<?> type) {
        List<String> lines = new ArrayList<>();
        lines.add(header(type));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            lines.add("extends " + superclass.getTypeName());
        }
        for (Type i : type.getGenericInterfaces()) {
            if (!(type.isAnnotation() && i == java.lang.annotation.Annotation.class)) {
                lines.add("implements " + i.getTypeName());
            }
        }
        if (type.isSealed()) {
            Class<?>[] permitted = type.getPermittedSubclasses();
            long hidden = Arrays.stream(permitted).filter(p -> !visible(p)).count();
            String names = Arrays.stream(permitted)
                    .filter(PublicApi::visible)
                    .map(Class::getName)
                    .sorted()
                    .collect(Collectors.joining(", "));
            lines.add("permits " + (names.isEmpty() ? "" : names)
                    + (hidden == 0 ? "" : (names.isEmpty() ? "" : " ") + "(+" + hidden + " not public)"));
        }
        // fields (enum constants first), then constructors, then methods; by name, then signature
        Map<String, String> members = new TreeMap<>();
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                String line = deprecated(f.isAnnotationPresent(Deprecated.class))
                        + (f.isEnumConstant()
                                ? "enum constant " + f.getName()
                                : Modifier.toString(f.getModifiers() & Modifier.fieldModifiers()) + " "
                                        + f.getGenericType().getTypeName() + " " + f.getName());
                members.put((f.isEnumConstant() ? "0 " : "1 ") + f.getName() + " " + line, line);
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers()) && !c.isSynthetic()) {
                String line = executable(c, type.getSimpleName(), null);
                members.put("2 " + line, line);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                String line = executable(m, m.getName(), m);
                members.put("3 " + m.getName() + " " + line, line);
            }
        }
        lines.addAll(members.values());
        return lines;
    }

    private static String header(Class<?> type) {
        int mods = type.getModifiers();
        List<String> words = new ArrayList<>();
        words.add(Modifier.isPublic(mods) ? "public" : "protected");
        if (type.getDeclaringClass() != null
                && Modifier.isStatic(mods)
                && !type.isInterface()
                && !type.isEnum()
                && !type.isRecord()) {
            words.add("static");
        }
        if (Modifier.isAbstract(mods) && !type.isInterface()) {
            words.add("abstract");
        }
        if (Modifier.isFinal(mods) && !type.isEnum() && !type.isRecord()) {
            words.add("final");
        }
        if (type.isSealed()) {
            words.add("sealed");
        } else if (!Modifier.isFinal(mods) && extendsSealed(type)) {
            words.add("non-sealed");
        }
        words.add(
                type.isAnnotation()
                        ? "@interface"
                        : type.isInterface()
                                ? "interface"
                                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class");
        if (type.isAnnotationPresent(Deprecated.class)) {
            words.add(0, "@Deprecated");
        }
        return String.join(" ", words) + " " + type.getName() + typeParameters(type.getTypeParameters());
    }

    private static boolean extendsSealed(Class<?> type) {
        if (type.getSuperclass() != null && type.getSuperclass().isSealed()) {
            return true;
        }
        return Arrays.stream(type.getInterfaces()).anyMatch(Class::isSealed);
    }

    private static String executable(Executable e, String name, Method method) {
        StringBuilder out = new StringBuilder(deprecated(e.isAnnotationPresent(Deprecated.class)));
        int mask = method == null ? Modifier.constructorModifiers() : Modifier.methodModifiers();
        String mods = Modifier.toString(e.getModifiers() & mask);
        if (method != null && method.getDeclaringClass().isInterface()) {
            // interface methods are public (and abstract unless default or static) anyway
            mods = mods.replace("public ", "")
                    .replace("public", "")
                    .replace("abstract ", "")
                    .replace("abstract", "");
            if (method.isDefault()) {
                mods = mods.isEmpty() ? "default" : "default " + mods;
            }
        }
        if (!mods.isEmpty()) {
            out.append(mods).append(' ');
        }
        String params = typeParameters(e.getTypeParameters());
        if (!params.isEmpty()) {
            out.append(params).append(' ');
        }
        if (method != null) {
            out.append(method.getGenericReturnType().getTypeName()).append(' ');
        }
        out.append(name).append('(');
        Type[] types = e.getGenericParameterTypes();
        if (types.length != e.getParameterCount()) {
            types = e.getParameterTypes(); // an inner class's or enum's constructor: no generic signature for all
        }
        for (int i = 0; i < types.length; i++) {
            String t = types[i].getTypeName();
            if (e.isVarArgs() && i == types.length - 1) {
                t = t.replaceFirst("\\[\\]$", "...");
            }
            out.append(i == 0 ? "" : ", ").append(t);
        }
        out.append(')');
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length > 0) {
            out.append(" throws ")
                    .append(Arrays.stream(thrown).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return out.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables)
                .map(v -> {
                    List<String> bounds = Arrays.stream(v.getBounds())
                            .filter(b -> b != Object.class)
                            .map(Type::getTypeName)
                            .collect(Collectors.toList());
                    return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
                })
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static String deprecated(boolean deprecated) {
        return deprecated ? "@Deprecated " : "";
    }
}
