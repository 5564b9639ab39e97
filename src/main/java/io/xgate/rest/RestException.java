package io.xgate.rest;

/**
 * A REST call the venue answered with an error status, or that the client refused to send because the venue
 * asked it to back off. {@link #retryAfterMillis()} is the venue's {@code Retry-After}, or 0.
 */
public final class RestException extends RuntimeException {

    private final int status;
    private final long retryAfterMillis;

    public RestException(int status, long retryAfterMillis, String message) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterMillis = retryAfterMillis;
    }

    /** The HTTP status (429 rate limited, 418 banned, ...). */
    public int status() {
        return status;
    }

    /** How long the venue asked us to wait before trying again, or 0. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
