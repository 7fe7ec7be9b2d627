package dev.clock.kernel;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Finds an implementation compiled for Java 22 into the same jar ({@code src/main/java22}, through
 * {@code java.lang.foreign}), only on a JDK and platform that can load it: on 21 its class would not
 * even load ({@code UnsupportedClassVersionError}). Each use is found once: what this JVM can do
 * does not change while it runs.
 *
 * @param implementation the instance, or empty
 * @param unavailableReason why there is none: exactly one of the two is present
 */
public record Java22Implementation<T>(Optional<T> implementation, Optional<String> unavailableReason) {

    /** Makes the implementation by reflection, in the caller's package, whose classes it may reach. */
    @FunctionalInterface
    public interface Reflection<T> {
        T make() throws ReflectiveOperationException;
    }

    /**
     * Makes the implementation with {@code make} where the platform allows; its constructor throws
     * {@link UnsupportedOperationException} saying why this JVM cannot have it.
     *
     * @param what what it gives, for the log: "kernel receive timestamps"
     */
    public static <T> Java22Implementation<T> load(Class<T> type, String what, Reflection<? extends T> make) {
        String unavailable = reasonUnavailable();
        if (unavailable == null) {
            try {
                return new Java22Implementation<>(Optional.of(make.make()), Optional.empty());
            } catch (InvocationTargetException e) {
                unavailable = e.getCause().getMessage();
            } catch (ReflectiveOperationException | LinkageError e) {
                unavailable = "its implementation does not load: " + e;
            }
        }
        String reason = unavailable;
        System.getLogger(type.getName()).log(Level.DEBUG, () -> "no " + what + ": " + reason);
        return new Java22Implementation<>(Optional.empty(), Optional.of(reason));
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
