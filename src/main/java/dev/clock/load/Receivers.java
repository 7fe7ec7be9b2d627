package dev.clock.load;

import dev.clock.kernel.KernelReceive;

/** Picks how {@code clock load} reads: with the kernel's receive timestamps where this JVM has them. */
final class Receivers {
    private Receivers() {
    }

    static Receiver best() {
        return KernelReceive.available().<Receiver>map(KernelTimestampReceiver::new)
                .orElseGet(() -> new ChannelReceiver("this JVM cannot have kernel receive timestamps (they need Linux on x86-64 "
                        + "or AArch64 and a JDK of 22 or newer with native access; this is Java " + Runtime.version().feature() + ")"));
    }
}
