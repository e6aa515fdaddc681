package org.apache.camel.component.mllp;

import org.apache.camel.Exchange;

/**
 * camel-mllp's producer without its hidden resend. When the connection drops while a message is written or its ACK
 * awaited, MllpTcpClientProducer reconnects and sends the same bytes again within milliseconds, inside one
 * {@code process} call: the EHR gets the same MSH-10 twice and the delivery ledger sees one attempt. Here the
 * exchange fails instead, and Spotlink's DeliveryDispatcher resends later as its own attempt with a new MSH-10.
 * <p>
 * This class sits in camel-mllp's package because the reconnect happens in {@code checkConnection()}, which is
 * package-private: the first call of a send connects (or reuses the open connection), a second one in the same send
 * (a reconnect) is refused. Everything else is camel-mllp's.
 */
public class SingleSendMllpProducer extends MllpTcpClientProducer {

    private final ThreadLocal<Boolean> connected = ThreadLocal.withInitial(() -> Boolean.FALSE);

    public SingleSendMllpProducer(MllpEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws MllpException {
        connected.set(Boolean.FALSE);
        try {
            super.process(exchange);
        } finally {
            connected.remove();
        }
    }

    @Override
    void checkConnection() throws Exception {
        if (connected.get()) {
            throw new MllpSocketException("the connection dropped during the send; not resent with the same MSH-10:"
                    + " the delivery is retried as a new attempt");
        }
        connected.set(Boolean.TRUE);
        super.checkConnection();
    }
}
