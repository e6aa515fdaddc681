package io.spotlink.config;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

import java.util.List;
import java.util.Optional;

/** A cluster of one: this instance always leads (spotlink.cluster.mode=single). */
public class AlwaysLeaderClusterService extends AbstractCamelClusterService<AbstractCamelClusterView> {

    public AlwaysLeaderClusterService() {
        setId("spotlink");
    }

    @Override
    protected AbstractCamelClusterView createView(String namespace) {
        return new AbstractCamelClusterView(this, namespace) {
            private final CamelClusterMember self = new CamelClusterMember() {
                @Override
                public boolean isLeader() {
                    return true;
                }

                @Override
                public boolean isLocal() {
                    return true;
                }

                @Override
                public String getId() {
                    return getClusterService().getId();
                }
            };

            @Override
            public Optional<CamelClusterMember> getLeader() {
                return Optional.of(self);
            }

            @Override
            public CamelClusterMember getLocalMember() {
                return self;
            }

            @Override
            public List<CamelClusterMember> getMembers() {
                return List.of(self);
            }

            @Override
            protected void doStart() {
                fireLeadershipChangedEvent(self);
            }

            @Override
            protected void doStop() {
            }
        };
    }
}
