/**
 * Sockets handed over at start instead of bound: systemd's socket activation
 * ({@code StandardInput=socket}) and inetd's {@code wait} (a listening socket on standard input)
 * and {@code nowait} (one client's connection on standard input).
 */
package dev.clock.activation;
