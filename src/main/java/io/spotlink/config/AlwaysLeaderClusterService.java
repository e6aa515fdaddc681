package io.spotlink.config;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

import java.util.List;
import java.util.Optional;

/**
 * A cluster of one (spotlink.cluster.mode=single): this instance leads. Leadership is granted on a thread of its
 * own once the context has fully started, because master: consumers block whoever grants it while they start.
 */
public class AlwaysLeaderClusterService extends AbstractCamelClusterService<AbstractCamelClusterView> {

    public AlwaysLeaderClusterService() {
        setId("spotlink");
    }

    @Override
    protected AbstractCamelClusterView createView(String namespace) {
        return new SingleMemberView(this, namespace);
    }

    private static final class SingleMemberView extends AbstractCamelClusterView {

        private volatile boolean elected;
        private final CamelClusterMember self = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return elected;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return "local";
            }
        };

        SingleMemberView(AlwaysLeaderClusterService service, String namespace) {
            super(service, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return elected ? Optional.of(self) : Optional.empty();
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
            CamelContext context = getCamelContext();
            Thread elect = new Thread(() -> {
                // Wait (bounded) until the context and the supervised routes have started, then lead: a master:
                // consumer that gains leadership while it is still starting waits a back-off before it runs.
                for (int i = 0; i < 600 && !context.getStatus().isStopping()
                        && (!context.getStatus().isStarted() || context.getRouteController().isStartingRoutes()); i++) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                elected = true;
                fireLeadershipChangedEvent(self);
            }, "spotlink-leadership-" + getNamespace());
            elect.setDaemon(true);
            elect.start();
        }

        @Override
        protected void doStop() {
            elected = false;
        }
    }
}
