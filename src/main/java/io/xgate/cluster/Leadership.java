package io.xgate.cluster;

import java.util.Map;

/**
 * This node's {@link VenueRole} per venue it runs: {@link #NONE} without high availability (every venue published
 * by this node, epoch 0), else the roles kept by the node's {@link LeaderElector}.
 */
public interface Leadership {

    /** No election: this node publishes every venue it runs. */
    Leadership NONE = new Leadership() {
        @Override
        public VenueRole role(String venue) {
            return VenueRole.ALONE;
        }

        @Override
        public String nodeId() {
            return "";
        }
    };

    /** The role of a venue this node runs ({@link VenueRole#ALONE} without high availability). */
    VenueRole role(String venue);

    /** This node's name in the election ({@code ha.nodeId}), {@code ""} without high availability. */
    String nodeId();

    /** Whether venues are elected on this node. */
    default boolean elected() {
        return this != NONE;
    }

    /** Roles of a fixed map (tests). */
    static Leadership of(String nodeId, Map<String, VenueRole> roles) {
        return new Leadership() {
            @Override
            public VenueRole role(String venue) {
                return roles.getOrDefault(venue, VenueRole.ALONE);
            }

            @Override
            public String nodeId() {
                return nodeId;
            }
        };
    }
}
