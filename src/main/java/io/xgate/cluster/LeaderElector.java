package io.xgate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.xgate.config.GatewayConfig;
import io.xgate.event.Addresses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one leader per venue among the nodes that run it, with a lease kept in a Hazelcast map
 * ({@code xgate.ha.leases}, one entry per venue: {@code epoch|beat|member|node|held or released}).
 *
 * <p><b>How.</b> One thread per node ({@code xgate-ha}) looks at every venue's lease each {@code ha.renewInterval},
 * and at once when a member leaves the cluster or a lease changes. The leader renews its lease by a compare-and-set
 * that bumps {@code beat}. A standby takes the lease, by compare-and-set, when there is none, when it was released
 * (a leader stopping cleanly), when its holder is no longer a cluster member, or when it has not changed for
 * {@code ha.leaseTimeout} by the standby's own clock (no clock is compared across nodes). Taking it sets a new epoch:
 * {@code max(previous + 1, wall-clock milliseconds)}, so that it also grows across a restart of the whole cluster,
 * which forgets the map.
 *
 * <p><b>Failure semantics.</b> A leader whose process dies is removed by Hazelcast's failure detection (tuned by
 * {@code ha.leaseTimeout}: see {@link ClusterConfig}); the standby takes over as soon as the member is gone. A hung
 * leader (a long pause, {@code SIGSTOP}) is removed the same way; when it runs again, it publishes nothing, because
 * its lease is older than the lease timeout ({@link VenueRole#publishes()}), and its next look at the map shows a
 * higher epoch held by another member, so it turns standby. Consumers drop what it published meanwhile anyway
 * ({@link EpochFence}). A network partition leaves a leader on each side that can reach a member holding the map's
 * entry (Hazelcast's map is AP): each side's consumers follow their side's leader. When the partition heals,
 * Hazelcast merges the map, one lease survives, the other leader's next renewal fails and it turns standby;
 * consumers that saw both keep the higher epoch. No quorum is required, so split-brain publishing is possible for
 * as long as the partition lasts: this is the price of taking over in about a second with two venue nodes.
 *
 * <p><b>Clean stop.</b> {@link #handover()} releases each lease the node holds, stops publishing, and waits until
 * another member has taken it (at most {@code ha.handover}); the standby takes it within a few milliseconds (it
 * listens to the map), so consumers see a gap of about one publish interval and no event twice.
 */
public final class LeaderElector implements Leadership, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);
    /** The map of leases, one per venue. */
    public static final String LEASES = "xgate.ha.leases";
    /** The map of candidates: {@code venue/member} to {@code node}, for the standby lists and the handover. */
    public static final String CANDIDATES = "xgate.ha.candidates";

    private final HazelcastInstance hz;
    private final Vertx vertx;
    private final GatewayConfig.Ha ha;
    private final List<String> venues;
    /** The member id this node's candidacy is registered under (it changes when a split cluster merges). */
    private volatile String registeredAs;
    private final IMap<String, String> leases;
    private final IMap<String, String> candidates;
    private final Map<String, VenueRole> roles = new LinkedHashMap<>();
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();
    /** Venues for which this node saw fewer than {@code ha.quorum} members at its last look (elector thread only). */
    private final Set<String> belowQuorum = new java.util.HashSet<>();
    private final Map<String, Counter> takeovers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread;
    private final long leaseNanos;
    private volatile boolean handingOver;
    private volatile boolean closed;
    private UUID membershipListener;
    private UUID entryListener;

    /** A lease value as last read, and since when (this node's monotonic clock) it has not changed. */
    private record Observed(String value, long sinceNanos) {
    }

    /** A parsed lease. */
    record Lease(long epoch, long beat, String member, String node, boolean released) {
        static Lease parse(String s) {
            if (s == null) {
                return null;
            }
            String[] f = s.split("\\|", 5);
            if (f.length != 5) {
                throw new IllegalStateException("malformed lease '" + s + "' in " + LEASES);
            }
            return new Lease(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], "released".equals(f[4]));
        }

        String encode() {
            return epoch + "|" + beat + '|' + member + '|' + node + '|' + (released ? "released" : "held");
        }
    }

    /**
     * An elector for the venues this node runs ({@code node.venues}); {@link #start()} begins the election.
     *
     * @param registry where {@code xgate_ha_*} meters go
     */
    public LeaderElector(HazelcastInstance hz, Vertx vertx, GatewayConfig.Ha ha, List<String> venues,
                         MeterRegistry registry) {
        this.hz = hz;
        this.vertx = vertx;
        this.ha = ha;
        this.venues = List.copyOf(venues);
        this.leases = hz.getMap(LEASES);
        this.candidates = hz.getMap(CANDIDATES);
        this.leaseNanos = ha.leaseTimeout().toNanos();
        boolean selfFence = !"false".equals(System.getProperty("xgate.ha.selfFence"));
        for (String v : this.venues) {
            VenueRole r = VenueRole.elected(v);
            r.selfFence(selfFence);
            roles.put(v, r);
            Gauge.builder("xgate.ha.leader", r, x -> x.leader() ? 1 : 0).tag("venue", v)
                    .description("1 while this node leads the venue, 0 while it stands by").register(registry);
            Gauge.builder("xgate.ha.epoch", r, VenueRole::epoch).tag("venue", v)
                    .description("The epoch of this node's last leadership of the venue").register(registry);
            FunctionCounter.builder("xgate.ha.withheld", r, VenueRole::withheldCount).tag("venue", v)
                    .description("Events a leader withheld because its lease was unconfirmed (self-fencing)")
                    .register(registry);
            takeovers.put(v, Counter.builder("xgate.ha.takeovers").tag("venue", v)
                    .description("Times this node became the venue's leader").register(registry));
        }
        if (!selfFence) {
            LOG.warn("ha: self-fencing is off (-Dxgate.ha.selfFence=false): a leader keeps publishing past its lease; "
                    + "for tests of the consumers' fencing only");
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xgate-ha");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers this node as a candidate for each venue and starts looking at the leases. */
    public void start() {
        register();
        membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                LOG.info("ha: cluster member {} left; looking at the leases now", e.getMember().getUuid());
                thread.execute(LeaderElector.this::tickQuietly);
            }
        });
        entryListener = leases.addEntryListener((EntryUpdatedListener<String, String>) e -> {
            Lease l = Lease.parse(e.getValue());
            if (l != null && (l.released() || !l.member().equals(member()))) {
                thread.execute(this::tickQuietly);
            }
        }, true);
        long every = ha.renewInterval().toMillis();
        thread.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("ha: node {} ({}) stands for {} (lease {} ms, renewed every {} ms)", ha.nodeId(), member(), venues,
                ha.leaseTimeout().toMillis(), every);
    }

    /**
     * This node's member id now. Hazelcast gives a member a new id when it rejoins after being cut off (a paused
     * process merged back): a lease written under the old id is then another member's, a dead one's, which is what
     * every other node sees too; and the candidacy is registered again under the new id.
     */
    private String member() {
        return hz.getCluster().getLocalMember().getUuid().toString();
    }

    /** Registers this node's candidacy under its member id now, withdrawing the one under an old id. */
    private void register() {
        String me = member();
        String old = registeredAs;
        if (me.equals(old)) {
            return;
        }
        for (String v : venues) {
            candidates.set(v + '/' + me, ha.nodeId());
            if (old != null) {
                candidates.delete(v + '/' + old);
            }
        }
        if (old != null) {
            LOG.info("ha: node {} rejoined the cluster as member {} (was {})", ha.nodeId(), me, old);
        }
        registeredAs = me;
    }

    @Override
    public VenueRole role(String venue) {
        VenueRole r = roles.get(venue);
        return r == null ? VenueRole.ALONE : r;
    }

    @Override
    public String nodeId() {
        return ha.nodeId();
    }

    /** The nodes that stand for a venue (live cluster members only), this one included. */
    public List<String> candidates(String venue) {
        Set<String> alive = hz.getCluster().getMembers().stream().map(m -> m.getUuid().toString())
                .collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : candidates.entrySet()) {
            int slash = e.getKey().lastIndexOf('/');
            if (e.getKey().substring(0, slash).equals(venue) && alive.contains(e.getKey().substring(slash + 1))) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private void tickQuietly() {
        if (closed) {
            return;
        }
        try {
            register();
        } catch (RuntimeException e) {
            LOG.warn("ha: cannot register node {}'s candidacy ({}); trying again in {} ms", ha.nodeId(), e.toString(),
                    ha.renewInterval().toMillis());
        }
        // every venue's lease asked for at once: a read blocked on a dead member's partition (until Hazelcast has
        // moved it) does not hold up the venues whose partitions answer
        Map<String, CompletableFuture<String>> reads = new LinkedHashMap<>();
        for (String v : venues) {
            reads.put(v, leases.getAsync(v).toCompletableFuture());
        }
        for (String v : venues) {
            try {
                step(v, reads.get(v));
            } catch (RuntimeException e) {
                // the cluster store may be unreachable (a partition, a member leaving): the lease ages and, past its
                // timeout, this node withholds its events (VenueRole.publishes)
                LOG.warn("ha: {}: cannot look at the lease ({}); trying again in {} ms", v, e.toString(),
                        ha.renewInterval().toMillis());
            }
        }
    }

    private void step(String venue, CompletableFuture<String> read) {
        VenueRole r = roles.get(venue);
        String member = member();
        long now = System.nanoTime();
        int members = hz.getCluster().getMembers().size();
        if (members < ha.quorum()) {
            // cut off (alone after a pause, or a partition's small side): the map this node sees may be empty or
            // stale, so it neither takes nor keeps a lease
            if (r.leader()) {
                r.standby();
                LOG.warn("ha: {}: node {} sees {} cluster member(s), fewer than ha.quorum {}: standing by", venue,
                        ha.nodeId(), members, ha.quorum());
                roleChanged(venue, r);
            } else if (!belowQuorum.contains(venue)) {
                LOG.info("ha: {}: node {} sees {} cluster member(s), fewer than ha.quorum {}: it takes no lease until "
                        + "more join (ha.quorum: 1 lets a node lead alone)", venue, ha.nodeId(), members, ha.quorum());
            }
            belowQuorum.add(venue);
            return;
        }
        belowQuorum.remove(venue);
        String current = bounded(read);
        Lease l = Lease.parse(current);
        if (r.leader()) {
            if (l != null && l.member().equals(member) && l.epoch() == r.epoch()) {
                if (!l.released() && leases.replace(venue, current,
                        new Lease(l.epoch(), l.beat() + 1, member, ha.nodeId(), false).encode())) {
                    r.renewed(now + leaseNanos);
                }
                return;
            }
            r.standby();
            LOG.warn("ha: {}: node {} is no longer the leader (epoch {}): {}; standing by", venue, ha.nodeId(),
                    r.epoch(), l == null ? "the lease is gone" : "node " + l.node() + " holds epoch " + l.epoch());
            roleChanged(venue, r);
            return;
        }
        if (handingOver) {
            return;
        }
        Observed seen = observed.get(venue);
        if (seen == null || !java.util.Objects.equals(seen.value(), current)) {
            observed.put(venue, new Observed(current, now));
            seen = observed.get(venue);
        }
        String why = null;
        if (l == null) {
            why = "no leader";
        } else if (l.released()) {
            why = "node " + l.node() + " handed over";
        } else if (!alive(l.member())) {
            why = "node " + l.node() + " left the cluster";
        } else if (now - seen.sinceNanos() >= leaseNanos) {
            why = "node " + l.node() + " did not renew its lease for " + (now - seen.sinceNanos()) / 1_000_000 + " ms";
        }
        if (why == null) {
            return;
        }
        long epoch = Math.max(l == null ? 1 : l.epoch() + 1, System.currentTimeMillis());
        epoch = Math.max(epoch, r.epoch() + 1);
        String next = new Lease(epoch, 0, member, ha.nodeId(), false).encode();
        boolean won = l == null ? leases.putIfAbsent(venue, next) == null
                : leases.replace(venue, current, next);
        if (!won) {
            return;
        }
        r.lead(epoch, now + leaseNanos);
        takeovers.get(venue).increment();
        LOG.info("ha: {}: node {} leads, epoch {} ({})", venue, ha.nodeId(), epoch, why);
        roleChanged(venue, r);
    }

    private boolean alive(String uuid) {
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(uuid)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Hazelcast read, waited for at most two renew intervals: a read blocked on a dead member's partition must not
     * hold up the next look (the one a member's removal triggers), which finds the partition moved.
     */
    private <T> T bounded(CompletableFuture<T> f) {
        long wait = 2 * ha.renewInterval().toNanos();
        try {
            return f.get(wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("the cluster did not answer within " + wait / 1_000_000 + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Tells the venue's verticles on this node (local only): they republish, register or unregister. */
    private void roleChanged(String venue, VenueRole r) {
        vertx.eventBus().publish(Addresses.haRole(venue), new JsonObject().put("leader", r.leader())
                .put("epoch", r.epoch()).put("node", ha.nodeId()), new DeliveryOptions().setLocalOnly(true));
    }

    /**
     * A clean stop's first step: releases the leases this node holds, stops publishing them, and waits, at most
     * {@code ha.handover}, until another member has taken each. Completes at once if no other node stands for the
     * venues it leads (it then keeps publishing until it stops).
     */
    public CompletableFuture<Void> handover() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            handingOver = true;
            String member = member();
            List<String> led = new ArrayList<>();
            for (String v : venues) {
                VenueRole r = roles.get(v);
                if (!r.leader()) {
                    continue;
                }
                if (candidates(v).size() < 2) {
                    LOG.info("ha: {}: no standby to hand over to; stopping", v);
                    continue;
                }
                // it stops publishing first, then releases: the standby publishes from the moment it takes the lease,
                // so the other order would let both publish the same book for an instant
                r.standby();
                roleChanged(v, r);
                try {
                    String current = bounded(leases.getAsync(v).toCompletableFuture());
                    Lease l = Lease.parse(current);
                    if (l != null && l.member().equals(member) && leases.replace(v, current,
                            new Lease(l.epoch(), l.beat() + 1, member, ha.nodeId(), true).encode())) {
                        led.add(v);
                        LOG.info("ha: {}: publishing stopped; handing over (epoch {})", v, l.epoch());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("ha: {}: cannot release the lease ({}); the standby takes over when it expires", v,
                            e.toString());
                }
            }
            long deadline = System.nanoTime() + ha.handover().toNanos();
            waitTaken(led, deadline, done);
        });
        return done;
    }

    private void waitTaken(List<String> led, long deadline, CompletableFuture<Void> done) {
        String member = member();
        led.removeIf(v -> {
            try {
                Lease l = Lease.parse(bounded(leases.getAsync(v).toCompletableFuture()));
                if (l != null && !l.member().equals(member)) {
                    roles.get(v).standby();
                    LOG.info("ha: {}: node {} took over (epoch {})", v, l.node(), l.epoch());
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.debug("ha: {}: lease not readable during handover", v, e);
            }
            return false;
        });
        if (led.isEmpty() || System.nanoTime() - deadline > 0) {
            if (!led.isEmpty()) {
                LOG.warn("ha: {}: no standby took over within {} ms; stopping anyway", led, ha.handover().toMillis());
            }
            done.complete(null);
            return;
        }
        thread.schedule(() -> waitTaken(led, deadline, done), 20, TimeUnit.MILLISECONDS);
    }

    /** Stops looking at the leases and withdraws this node's candidacy (the leases it holds age out or were released). */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            if (membershipListener != null) {
                hz.getCluster().removeMembershipListener(membershipListener);
            }
            if (entryListener != null) {
                leases.removeEntryListener(entryListener);
            }
            for (String v : venues) {
                candidates.delete(v + '/' + registeredAs);
            }
        } catch (RuntimeException e) {
            LOG.debug("ha: cluster gone before the candidacy was withdrawn", e);
        }
    }
}
