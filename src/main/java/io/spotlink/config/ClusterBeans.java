package io.spotlink.config;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

import java.util.concurrent.TimeUnit;

/**
 * Leader election for the routes that must run once per deployment (result-poll, oru-dispatch, order-retry use
 * {@code master:}). {@code single}: this instance leads (the default; the H2 ledger admits one process anyway);
 * {@code file}: a lock file shared by the instances of one machine; {@code kubernetes}: a Lease among replicas.
 */
public class ClusterBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        String mode = settings.get("spotlink.cluster.mode", "single");
        switch (mode) {
            case "file" -> {
                FileLockClusterService service = new FileLockClusterService();
                service.setId("spotlink");
                service.setRoot(settings.get("spotlink.cluster.file.root", "data/cluster"));
                // Taking the lock while master: routes still start can deadlock Camel's file cluster view.
                service.setAcquireLockDelay(settings.getDuration("spotlink.cluster.file.start-delay",
                        java.time.Duration.ofSeconds(3)).toMillis(), TimeUnit.MILLISECONDS);
                service.setAcquireLockInterval(settings.getDuration("spotlink.cluster.file.interval",
                        java.time.Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS);
                context.addService(service);
            }
            case "kubernetes" -> {
                KubernetesClusterService service = new KubernetesClusterService();
                service.setId("spotlink");
                service.setLeaseResourceType(LeaseResourceType.Lease);
                service.setKubernetesResourceName(settings.get("spotlink.cluster.kubernetes.lease-name", "spotlink-leader"));
                settings.find("spotlink.cluster.kubernetes.namespace").ifPresent(service::setKubernetesNamespace);
                settings.find("spotlink.cluster.kubernetes.pod-name").ifPresent(service::setPodName);
                context.addService(service);
            }
            case "single" -> context.addService(new AlwaysLeaderClusterService());
            default -> throw new IllegalStateException(
                    "spotlink.cluster.mode must be single, file or kubernetes, not " + mode);
        }
    }
}
