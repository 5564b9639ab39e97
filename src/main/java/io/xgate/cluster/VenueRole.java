package io.xgate.cluster;

/**
 * This node's role for one venue under high availability: whether it leads the venue (publishes its events
 * cluster-wide and serves its orders), under which epoch, and until when its lease is known good.
 *
 * <p>Written by the {@link LeaderElector}'s thread, read on the event loops that publish: every field is volatile,
 * and {@link #publishes()} is two volatile reads and one {@code System.nanoTime()}, so that a leader whose process was
 * paused past its lease (a long GC, {@code SIGSTOP}, a hung host) stops publishing the moment it runs again, before
 * its elector has had a chance to learn that another node took over ("self-fencing"). Consumers fence it too
 * ({@link EpochFence}): the two defences are independent.
 */
public final class VenueRole {

    /** Without high availability: always the publisher, epoch 0. */
    public static final VenueRole ALONE = new VenueRole("", true);

    private final String venue;
    private final boolean alone;
    private volatile boolean leader;
    private volatile long epoch;
    /** {@code System.nanoTime()} past which an unrenewed lease may have been taken by another node. */
    private volatile long validUntilNanos;
    private volatile boolean selfFence = true;
    /** Counted from whichever event loop withheld: the venue's, and the book verticles' with shared placement. */
    private final java.util.concurrent.atomic.LongAdder withheld = new java.util.concurrent.atomic.LongAdder();

    private VenueRole(String venue, boolean alone) {
        this.venue = venue;
        this.alone = alone;
        this.leader = alone;
    }

    /** A role in an election, starting as a standby. */
    static VenueRole elected(String venue) {
        return new VenueRole(venue, false);
    }

    /** The venue. */
    public String venue() {
        return venue;
    }

    /** Whether this node is elected at all (high availability on). */
    public boolean elected() {
        return !alone;
    }

    /** Whether this node leads the venue (it may still withhold events while its lease is unconfirmed). */
    public boolean leader() {
        return leader;
    }

    /** The epoch of this node's leadership, or the last one it held; 0 without high availability. */
    public long epoch() {
        return epoch;
    }

    /**
     * Whether an event of the venue may be published cluster-wide now: this node leads it, and (unless self-fencing
     * was turned off for a test) its lease was renewed less than the lease timeout ago.
     */
    public boolean publishes() {
        if (alone) {
            return true;
        }
        if (!leader) {
            return false;
        }
        return !selfFence || System.nanoTime() - validUntilNanos < 0;
    }

    /** Counts an event this node withheld although it believes it leads: its lease is unconfirmed. */
    public void withheld() {
        if (leader) {
            withheld.increment();
        }
    }

    /** Events withheld while the lease was unconfirmed (self-fencing). */
    public long withheldCount() {
        return withheld.sum();
    }

    void lead(long epoch, long validUntilNanos) {
        this.epoch = epoch;
        this.validUntilNanos = validUntilNanos;
        this.leader = true;
    }

    void renewed(long validUntilNanos) {
        this.validUntilNanos = validUntilNanos;
    }

    void standby() {
        this.leader = false;
    }

    /** Tests only: a leader that keeps publishing past its lease, to show that consumers fence it. */
    void selfFence(boolean on) {
        this.selfFence = on;
    }

    @Override
    public String toString() {
        return alone ? "alone" : venue + (leader ? " leader, epoch " + epoch : " standby");
    }
}
