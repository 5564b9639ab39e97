/**
 * Request signing for the venues' private REST APIs: one {@link io.xgate.sign.BinanceSigner} and one
 * {@link io.xgate.sign.KrakenSigner} per credential. Each keeps its keyed {@code Mac} (and digest) per thread,
 * initialised once, so signing on an event loop costs no key setup and allocates only the signature text.
 */
package io.xgate.sign;
