/**
 * Dialect-free helpers for request signing ({@link io.xgate.sign.Secrets}: key bytes without a {@code String} of the
 * secret). Each dialect's signer lives with its dialect, in {@code io.xgate.venue.<dialect>}, and is reached through
 * the dialect's {@link io.xgate.venue.OrderProtocol} and {@link io.xgate.venue.SigningTool}.
 */
package io.xgate.sign;
