package dev.clock.ntp;

import dev.clock.text.Durations;
import java.time.Duration;

/**
 * How the NTP server presents itself and how much it answers one client.
 *
 * <p>The rate limit is chrony's {@code ratelimit}: each client (an IPv4 address or an IPv6 /64, as
 * on every door) may send {@code rateBurst}
 * requests at once, then one every {@code rateInterval} on average. Over it, requests are dropped,
 * and the first of them and every {@code kodEvery}-th after it gets a Kiss-o'-Death {@code RATE}
 * instead (0: never). The defaults are chrony's (interval 3, i.e. 8 s; burst 8; leak 2, i.e. one in
 * 4), which every normal client stays under: ntpd and chrony poll every 64 s or more by default
 * (RFC 5905 allows down to 16 s), and a start-up burst ({@code iburst}: 4 to 8 requests 2 s apart)
 * fits in the burst. At most {@code rateTableSize} clients are remembered, the least recently
 * heard forgotten first: about 60 bytes each, in arrays that grow to that size and no further.
 *
 * @param stratum       what the replies say of the clock's distance from a reference, 1 to 15: the
 *                      host's own clock is of unknown quality, so 10 by default as chrony's
 *                      {@code local} directive says
 * @param rateInterval  the average interval a client may ask at, once its burst is spent
 * @param rateBurst     requests a client may send at once
 * @param kodEvery      one over-limit request in this many gets a Kiss-o'-Death; 0 for none
 * @param rateTableSize client addresses remembered for the rate limit
 * @param rateLimited   false to answer every request, however many; the other rate settings then do nothing
 */
public record NtpConfig(int stratum, Duration rateInterval, int rateBurst, int kodEvery, int rateTableSize, boolean rateLimited) {
    public static final int DEFAULT_STRATUM = 10;
    public static final Duration DEFAULT_RATE_INTERVAL = Duration.ofSeconds(8);
    public static final int DEFAULT_RATE_BURST = 8;
    public static final int DEFAULT_KOD_EVERY = 4;
    public static final int DEFAULT_RATE_TABLE_SIZE = 4096;

    private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(1);
    private static final Duration LONGEST_INTERVAL = Duration.ofDays(1);
    private static final int MOST_BURST = 1000;
    private static final int MOST_KOD_EVERY = 1000;
    private static final int FEWEST_ADDRESSES = 16;
    private static final int MOST_ADDRESSES = 1_000_000;

    /** The defaults: stratum 10; 8 requests at once, then one every 8 s; 1 in 4 over that gets a KoD; 4096 addresses. */
    public static final NtpConfig DEFAULTS = new NtpConfig(DEFAULT_STRATUM, DEFAULT_RATE_INTERVAL, DEFAULT_RATE_BURST,
            DEFAULT_KOD_EVERY, DEFAULT_RATE_TABLE_SIZE);

    /** @throws IllegalArgumentException with a one-line message saying what is wrong and what to use */
    public NtpConfig {
        if (stratum < 1 || stratum > 15) {
            throw new IllegalArgumentException("NTP stratum " + stratum
                    + " is out of range: use 1 to 15 (0 marks a Kiss-o'-Death, 16 an unsynchronized server)");
        }
        if (rateInterval == null || rateInterval.compareTo(SHORTEST_INTERVAL) < 0 || rateInterval.compareTo(LONGEST_INTERVAL) > 0) {
            throw new IllegalArgumentException("NTP rate-limit interval " + (rateInterval == null ? "(none)" : Durations.format(rateInterval))
                    + " is out of range: use " + Durations.format(SHORTEST_INTERVAL) + " to " + Durations.format(LONGEST_INTERVAL));
        }
        if (rateBurst < 1 || rateBurst > MOST_BURST) {
            throw new IllegalArgumentException("NTP rate-limit burst " + rateBurst + " is out of range: use 1 to " + MOST_BURST);
        }
        if (kodEvery < 0 || kodEvery > MOST_KOD_EVERY) {
            throw new IllegalArgumentException("NTP Kiss-o'-Death rate 1 in " + kodEvery
                    + " is out of range: use 1 to " + MOST_KOD_EVERY + ", or 0 to send none");
        }
        if (rateTableSize < FEWEST_ADDRESSES || rateTableSize > MOST_ADDRESSES) {
            throw new IllegalArgumentException("NTP rate-limit table of " + rateTableSize
                    + " addresses is out of range: use " + FEWEST_ADDRESSES + " to " + MOST_ADDRESSES);
        }
    }

    /** These settings with another stratum. */
    /** Rate-limited, as every server facing clients should be. */
    public NtpConfig(int stratum, Duration rateInterval, int rateBurst, int kodEvery, int rateTableSize) {
        this(stratum, rateInterval, rateBurst, kodEvery, rateTableSize, true);
    }

    public NtpConfig withStratum(int stratum) {
        return new NtpConfig(stratum, rateInterval, rateBurst, kodEvery, rateTableSize, rateLimited);
    }

    /** Every request answered, however many: for a benchmark, or behind a limit of the network's own. */
    public NtpConfig withoutRateLimit() {
        return new NtpConfig(stratum, rateInterval, rateBurst, kodEvery, rateTableSize, false);
    }

    /** What the start line says of the rate limit: {@code 8 at once, then 1 every 8s per address}. */
    String describeRateLimit() {
        if (!rateLimited) {
            return "no rate limit";
        }
        return rateBurst + " at once, then 1 every " + Durations.format(rateInterval) + " per address";
    }
}
