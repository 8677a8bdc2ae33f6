package io.wattline.cdk;

import io.wattline.functions.FunctionCatalog.FunctionSpec;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test helpers: placeholder jars, synthesis, and reading the template's JSON. */
final class Synth {
    private Synth() {}

    /**
     * A repository's build in miniature: {@code dir/functions/<name>/target/function.jar} for each function (a tiny
     * valid zip) and the Timestream layer's jar beside them; returns the functions' folder.
     */
    static Path placeholderJars(Path dir, Collection<FunctionSpec> functions) {
        try {
            Path layer = dir.resolve("shared/aws/timestream/target/layer/java/lib/wattline-timestream.jar");
            Files.createDirectories(layer.getParent());
            Files.write(layer, new byte[]{'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            dir = dir.resolve("functions");
            for (FunctionSpec f : functions) {
                Path jar = dir.resolve(f.name()).resolve("target").resolve("function.jar");
                Files.createDirectories(jar.getParent());
                try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry("placeholder-" + f.name() + ".txt"));
                    zip.write(f.name().getBytes());
                    zip.closeEntry();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WattlineStack stack(StackInputs inputs) {
        return new WattlineStack(new App(), "Test", StackProps.builder().build(), inputs);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** Logical ids of the resources of one type whose property {@code key} equals {@code value}. */
    static List<String> idsWhere(Template template, String type, String key, Object value) {
        List<String> ids = new ArrayList<>();
        resources(template).forEach((id, r) -> {
            if (type.equals(r.get("Type")) && value.equals(props(r).get(key))) ids.add(id);
        });
        return ids;
    }

    static String onlyId(Template template, String type, String key, Object value) {
        List<String> ids = idsWhere(template, type, key, value);
        if (ids.size() != 1) throw new AssertionError("expected one " + type + " with " + key + "=" + value + ", found " + ids);
        return ids.get(0);
    }

    /**
     * Every IAM permission the role of the Lambda named {@code functionName} holds through its
     * inline policies, as {@code action -> resource} where the resource is the logical id the
     * statement references ({@code *} for a wildcard).
     */
    @SuppressWarnings("unchecked")
    static Set<String> grants(Template template, String functionName) {
        Map<String, Map<String, Object>> res = resources(template);
        String fnId = onlyId(template, "AWS::Lambda::Function", "FunctionName", functionName);
        List<Object> roleArn = (List<Object>) ((Map<String, Object>) props(res.get(fnId)).get("Role")).get("Fn::GetAtt");
        Map<String, Object> roleRef = Map.of("Ref", roleArn.get(0));
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> r : res.values()) {
            if (!"AWS::IAM::Policy".equals(r.get("Type"))) continue;
            if (!((List<Object>) props(r).get("Roles")).contains(roleRef)) continue;
            Map<String, Object> doc = (Map<String, Object>) props(r).get("PolicyDocument");
            for (Object s : (List<Object>) doc.get("Statement")) {
                Map<String, Object> st = (Map<String, Object>) s;
                if (!"Allow".equals(st.get("Effect"))) throw new AssertionError("unexpected statement " + st);
                Set<String> targets = new TreeSet<>();
                referencedIds(st.get("Resource"), targets);
                for (Object action : asList(st.get("Action"))) {
                    for (String t : targets) out.add(action + " -> " + t);
                }
            }
        }
        return out;
    }

    /** The statements of the inline policies of the role of the Lambda named {@code functionName}, as synthesised. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Template template, String functionName) {
        Map<String, Map<String, Object>> res = resources(template);
        String fnId = onlyId(template, "AWS::Lambda::Function", "FunctionName", functionName);
        List<Object> roleArn = (List<Object>) ((Map<String, Object>) props(res.get(fnId)).get("Role")).get("Fn::GetAtt");
        Map<String, Object> roleRef = Map.of("Ref", roleArn.get(0));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : res.values()) {
            if (!"AWS::IAM::Policy".equals(r.get("Type"))) continue;
            if (!((List<Object>) props(r).get("Roles")).contains(roleRef)) continue;
            for (Object s : (List<Object>) ((Map<String, Object>) props(r).get("PolicyDocument")).get("Statement")) {
                out.add((Map<String, Object>) s);
            }
        }
        return out;
    }

    /** The actions of {@link #grants} on one resource. */
    static Set<String> actionsOn(Set<String> grants, String resourceId) {
        Set<String> out = new TreeSet<>();
        for (String g : grants) {
            int arrow = g.indexOf(" -> ");
            if (g.substring(arrow + 4).equals(resourceId)) out.add(g.substring(0, arrow));
        }
        return out;
    }

    static Set<String> resourcesOf(Set<String> grants) {
        Set<String> out = new HashSet<>();
        for (String g : grants) out.add(g.substring(g.indexOf(" -> ") + 4));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void referencedIds(Object node, Set<String> out) {
        if (node instanceof String s) {
            if (s.equals("*")) out.add("*");
        } else if (node instanceof List<?> list) {
            for (Object o : list) referencedIds(o, out);
        } else if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            if (m.get("Ref") instanceof String ref && !ref.startsWith("AWS::")) out.add(ref);
            if (m.get("Fn::GetAtt") instanceof List<?> att) out.add((String) att.get(0));
            if (m.containsKey("Fn::Join")) referencedIds(m.get("Fn::Join"), out);
        }
    }

    private static List<Object> asList(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of(o);
    }
}
