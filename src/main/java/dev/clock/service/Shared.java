package dev.clock.service;

import dev.clock.access.AccessPolicy;
import dev.clock.tcp.ClientPlaces;
import dev.clock.tick.Ticker;

/**
 * What every door of one {@code clock serve} shares.
 *
 * @param config    the options
 * @param ticker    the one clock
 * @param access    one policy for every door: one address, one share, and one loop guard that
 *                  learns every datagram door's port, so that none answers another
 * @param places    {@code --max-clients}: the places of every door that holds clients, together
 */
public record Shared(ServeConfig config, Ticker ticker, AccessPolicy access, ClientPlaces places) {
}
