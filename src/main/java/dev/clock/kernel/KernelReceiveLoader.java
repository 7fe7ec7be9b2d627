package dev.clock.kernel;

/** The one {@link KernelReceive} of this JVM, found once, apart from the interface so that it is not public. */
final class KernelReceiveLoader {
    static final Java22Implementation<KernelReceive> LOADED = Java22Implementation.load(KernelReceive.class,
            "kernel receive timestamps", () -> Class.forName("dev.clock.kernel.LinuxKernelReceive")
                    .asSubclass(KernelReceive.class).getDeclaredConstructor().newInstance());

    private KernelReceiveLoader() {
    }
}
