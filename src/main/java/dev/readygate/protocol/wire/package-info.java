/**
 * What the probes of wire protocols (postgres, mysql, redis, mongodb, ...) share: one connection
 * per attempt under the attempt's deadline ({@link WireConnection}: transport causes first, reads
 * bounded in time and size, an in-place TLS upgrade, a watchdog for interrupts), the failure that
 * carries a diagnosis out of a deep read ({@link WireFailure}), naming bytes that are not the
 * expected protocol ({@link Sniff}), credentials that are never printed ({@link Credentials}), and
 * SCRAM-SHA-256 ({@link Scram}). Each protocol's own package speaks its wire on top of these.
 */
package dev.readygate.protocol.wire;
