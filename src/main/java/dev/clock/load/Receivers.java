package dev.clock.load;

import dev.clock.kernel.KernelReceive;

/** Picks how {@code clock load} reads: with the kernel's receive timestamps where this JVM has them. */
final class Receivers {
    private Receivers() {
    }

    static Receiver best() {
        return KernelReceive.available().<Receiver>map(KernelTimestampReceiver::new)
                .orElseGet(() -> new ChannelReceiver(KernelReceive.unavailableReason().orElseThrow()));
    }
}
