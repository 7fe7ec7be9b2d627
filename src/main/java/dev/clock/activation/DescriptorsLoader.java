package dev.clock.activation;

import dev.clock.kernel.Java22Implementation;

/** The one {@link Descriptors} of this JVM, found once, apart from the interface so that it is not public. */
final class DescriptorsLoader {
    static final Java22Implementation<Descriptors> LOADED = Java22Implementation.load(Descriptors.class,
            "sockets from descriptors 3 and up", () -> Class.forName("dev.clock.activation.LinuxDescriptors")
                    .asSubclass(Descriptors.class).getDeclaredConstructor().newInstance());

    private DescriptorsLoader() {
    }
}
