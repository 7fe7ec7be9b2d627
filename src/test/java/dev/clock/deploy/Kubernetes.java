package dev.clock.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The objects of deploy/kubernetes/*.yaml, as a cluster would read them. */
record Kubernetes(List<Map<String, Object>> objects) {
    static final Path DIRECTORY = Path.of("deploy", "kubernetes");

    static Kubernetes read() throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(read(file))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) document;
                    objects.add(object);
                }
            }
        }
        return new Kubernetes(List.copyOf(objects));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one object of {@code kind}. */
    Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in " + DIRECTORY + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** Walks a path of map keys and list indexes, e.g. {@code at(deployment, "spec", "template", "spec")}. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object here = node;
        for (Object step : path) {
            here = step instanceof Integer i ? ((List<Object>) here).get(i) : ((Map<String, Object>) here).get(step);
            if (here == null) {
                throw new AssertionError("no " + List.of(path) + " (missing at " + step + ")");
            }
        }
        return (T) here;
    }
}
