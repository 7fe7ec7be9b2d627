package dev.clock.activation;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Finds the implementation of {@link Descriptors}, compiled for Java 22 into the same jar, only on
 * a JDK that can load it: on 21 its class would not even load. As {@code dev.clock.kernel} does.
 */
final class DescriptorsLoader {
    private static final System.Logger LOG = System.getLogger(Descriptors.class.getName());
    private static final String IMPLEMENTATION = "dev.clock.activation.LinuxDescriptors";

    /** Found once: whether this JVM can take descriptors does not change while it runs. */
    static final Loaded LOADED = load();

    /** The implementation, or why there is none: exactly one of the two is present. */
    record Loaded(Optional<Descriptors> descriptors, Optional<String> unavailableReason) {
    }

    private DescriptorsLoader() {
    }

    private static Loaded load() {
        String unavailable = reasonUnavailable();
        if (unavailable == null) {
            try {
                return new Loaded(Optional.of(Class.forName(IMPLEMENTATION).asSubclass(Descriptors.class)
                        .getDeclaredConstructor().newInstance()), Optional.empty());
            } catch (InvocationTargetException e) {
                unavailable = e.getCause().getMessage();
            } catch (ReflectiveOperationException | LinkageError e) {
                unavailable = "its implementation does not load: " + e;
            }
        }
        String reason = unavailable;
        LOG.log(Level.DEBUG, () -> "no sockets from descriptors 3 and up: " + reason);
        return new Loaded(Optional.empty(), Optional.of(reason));
    }

    /** Why this platform cannot, or null if it may. */
    private static String reasonUnavailable() {
        if (Runtime.version().feature() < 22) {
            return "it needs a JDK of 22 or newer (java.lang.foreign), this is " + Runtime.version();
        }
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return "it needs Linux on x86-64 or AArch64, this is " + os + " on " + arch;
        }
        return null;
    }
}
