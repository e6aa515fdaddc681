package io.spotlink.ops;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;

import javax.sql.DataSource;

/**
 * Spotlink's own readiness checks, found by Camel's health-check registry in the bean registry and served with
 * Camel's route checks at /observe/health/ready (liveness at /observe/health/live).
 */
public class HealthBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        var registry = context.getRegistry();
        registry.bind("ledgerHealthCheck", new LedgerHealthCheck(
                registry.lookupByNameAndType("ledgerDataSource", DataSource.class)));
        // JmsBeans adds the jms component only when a JMS channel is on
        if (context.hasComponent("jms") instanceof JmsComponent jms
                && jms.getConfiguration().getConnectionFactory() instanceof CachingConnectionFactory caching) {
            registry.bind("brokerHealthCheck", new BrokerHealthCheck(caching.getTargetConnectionFactory()));
        }
    }
}
