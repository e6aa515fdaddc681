package io.spotlink.intake.hl7;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpComponentConfigurer;
import org.apache.camel.component.mllp.MllpEndpointConfigurer;
import org.apache.camel.component.mllp.SingleSendMllpProducer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;

import java.util.Map;

/**
 * camel-mllp, bound as the {@code mllp} component, with the same options, whose listeners are
 * {@link GuardedMllpConsumer}s (the gaps of camel-mllp 4.14's consumer closed: unbounded validation threads, no
 * answer to an oversize first frame, a reset on frames under 4 bytes) and whose producers are
 * {@link SingleSendMllpProducer}s (no hidden resend of the same MSH-10 after a dropped connection). A subclass because
 * {@code MllpEndpoint.createConsumer/createProducer} are the only places those classes are chosen.
 */
public class GuardedMllpComponent extends MllpComponent {

    // Camel finds generated configurers by class name: a subclass must name camel-mllp's, or options that only its
    // configuration holds (maxBufferSize, ...) are refused as unknown
    private final PropertyConfigurer componentConfigurer = new MllpComponentConfigurer();
    private final PropertyConfigurer endpointConfigurer = new MllpEndpointConfigurer();

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return componentConfigurer;
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return endpointConfigurer;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // camel-mllp parses the host, port and options; its configuration is carried over as it is
        MllpEndpoint parsed = (MllpEndpoint) super.createEndpoint(uri, remaining, parameters);
        GuardedEndpoint endpoint = new GuardedEndpoint(uri, this, parsed.getConfiguration());
        // MllpEndpoint copies the configuration it is given, and MllpConfiguration.copy() leaves out these four
        MllpConfiguration from = parsed.getConfiguration();
        MllpConfiguration to = endpoint.getConfiguration();
        to.setMaxBufferSize(from.getMaxBufferSize());
        to.setMinBufferSize(from.getMinBufferSize());
        to.setHl7Headers(from.isHl7Headers());
        to.setLenientBind(from.isLenientBind());
        endpoint.setHostname(parsed.getHostname());
        endpoint.setPort(parsed.getPort());
        return endpoint;
    }

    /** An MLLP endpoint whose consumer is a {@link GuardedMllpConsumer}. */
    static final class GuardedEndpoint extends MllpEndpoint {

        GuardedEndpoint(String uri, MllpComponent component, MllpConfiguration configuration) {
            super(uri, component, configuration);
        }

        /** A dropped connection fails the send instead of resending the same MSH-10 (see SingleSendMllpProducer). */
        @Override
        public Producer createProducer() throws Exception {
            return new SingleSendMllpProducer(this);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            GuardedMllpConsumer consumer = new GuardedMllpConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }
}
