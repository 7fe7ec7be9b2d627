package dev.clock.access;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A table of at most {@code capacity} {@link Source}s, each with two longs of its user's state,
 * that forgets the least recently used source first when a new one needs room: addresses that
 * change with every packet cannot grow it. Every per-source table of the server is one of these.
 *
 * <p>Keys, values and the recency list live in arrays, indexed by an open-addressing hash, so once
 * the arrays have grown to the capacity (doubling from a few, so that an idle server holds little)
 * a lookup or an insert allocates nothing. The hash is seeded per table: a flood cannot choose keys
 * that all land in one run. Not thread-safe: its owner locks.
 */
final class SourceTable {
    private static final int NONE = -1;
    private static final int FIRST_SIZE = 64;

    private final int capacity;
    private final long seed = ThreadLocalRandom.current().nextLong();
    private long[] highs;
    private long[] lows;
    private long[] firsts;
    private long[] seconds;
    /** Towards the most and the least recently used; NONE at the ends. */
    private int[] newer;
    private int[] older;
    /** Slot + 1 of the source hashed to each position, 0 where none is. */
    private int[] index;
    private int size;
    private int newest = NONE;
    private int oldest = NONE;
    private boolean added;

    SourceTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a source table holds at least one source, not " + capacity);
        }
        this.capacity = capacity;
        resize(Math.min(capacity, FIRST_SIZE));
    }

    /**
     * The slot of {@code (high, low)}, made the most recently used. If it was not there it is added
     * with both values 0 ({@link #added()} tells), the least recently used forgotten to make room.
     */
    int slot(long high, long low) {
        int at = position(high, low);
        int slot = index[at] - 1;
        if (slot != NONE) {
            added = false;
            unlink(slot);
            linkNewest(slot);
            return slot;
        }
        if (size < highs.length) {
            slot = size++;
        } else if (size < capacity) {
            resize((int) Math.min(capacity, 2L * highs.length));
            slot = size++;
        } else {
            slot = oldest;
            unlink(slot);
            remove(position(highs[slot], lows[slot]));
        }
        highs[slot] = high;
        lows[slot] = low;
        firsts[slot] = 0;
        seconds[slot] = 0;
        index[position(high, low)] = slot + 1;
        linkNewest(slot);
        added = true;
        return slot;
    }

    /** The slot of {@code source}, as {@link #slot(long, long)}. */
    int slot(Source source) {
        return slot(source.high(), source.low());
    }

    /** Whether the last {@link #slot} call added its source. */
    boolean added() {
        return added;
    }

    long first(int slot) {
        return firsts[slot];
    }

    void first(int slot, long value) {
        firsts[slot] = value;
    }

    long second(int slot) {
        return seconds[slot];
    }

    void second(int slot, long value) {
        seconds[slot] = value;
    }

    /** Sources held now: never more than the capacity. */
    int size() {
        return size;
    }

    /** Where {@code (high, low)} is in the index, or the empty position where it would go. */
    private int position(long high, long low) {
        int mask = index.length - 1;
        int at = hash(high, low) & mask;
        while (true) {
            int slot = index[at] - 1;
            if (slot == NONE || highs[slot] == high && lows[slot] == low) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /** Empties {@code hole}, moving back the entries after it that could not be found past a hole. */
    private void remove(int hole) {
        int mask = index.length - 1;
        int at = hole;
        while (true) {
            at = (at + 1) & mask;
            int entry = index[at];
            if (entry == 0) {
                break;
            }
            int home = hash(highs[entry - 1], lows[entry - 1]) & mask;
            boolean reachable = hole <= at ? hole < home && home <= at : hole < home || home <= at;
            if (!reachable) {
                index[hole] = entry;
                hole = at;
            }
        }
        index[hole] = 0;
    }

    private int hash(long high, long low) {
        long z = (high * 0x9E3779B97F4A7C15L ^ low) + seed; // MurmurHash3's finalizer mixes every bit in
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return (int) z;
    }

    private void resize(int slots) {
        highs = highs == null ? new long[slots] : Arrays.copyOf(highs, slots);
        lows = lows == null ? new long[slots] : Arrays.copyOf(lows, slots);
        firsts = firsts == null ? new long[slots] : Arrays.copyOf(firsts, slots);
        seconds = seconds == null ? new long[slots] : Arrays.copyOf(seconds, slots);
        newer = newer == null ? new int[slots] : Arrays.copyOf(newer, slots);
        older = older == null ? new int[slots] : Arrays.copyOf(older, slots);
        // At most half full, so that a run of taken positions stays short.
        index = new int[Integer.highestOneBit(slots) * 4];
        for (int slot = 0; slot < size; slot++) {
            index[position(highs[slot], lows[slot])] = slot + 1;
        }
    }

    private void unlink(int slot) {
        int n = newer[slot];
        int o = older[slot];
        if (n == NONE) {
            newest = o;
        } else {
            older[n] = o;
        }
        if (o == NONE) {
            oldest = n;
        } else {
            newer[o] = n;
        }
    }

    private void linkNewest(int slot) {
        newer[slot] = NONE;
        older[slot] = newest;
        if (newest != NONE) {
            newer[newest] = slot;
        }
        newest = slot;
        if (oldest == NONE) {
            oldest = slot;
        }
    }
}
