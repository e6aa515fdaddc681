package io.spotlink.tls;

import io.spotlink.config.Settings;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryDestinations;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional TLS of the three network faces, each off by default (README "Operate", TLS):
 * <ul>
 *   <li>the HTTP server, health and metrics included ({@code spotlink.tls.http.*}): the context's global
 *   SSLContextParameters, which {@code camel.server.use-global-ssl-context-parameters} and
 *   {@code camel.management.use-global-ssl-context-parameters} hand to the server;</li>
 *   <li>the MLLP intake ({@code spotlink.intake.mllp.tls.*}): bean {@value #MLLP_INTAKE}, named by
 *   {@value #MLLP_INTAKE_REF} for routes/order-intake-mllp.yaml (unset when off, so the option is left out);</li>
 *   <li>each MLLP destination ({@code spotlink.destination.<name>.tls.*}): bean {@code oruTls-<name>}, given to
 *   its route by {@link DeliveryDestinations}.</li>
 * </ul>
 */
public class TlsBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TlsBeans.class);

    public static final String MLLP_INTAKE = "mllpIntakeTls";
    /** The placeholder routes/order-intake-mllp.yaml reads as {@code {{?...}}}; set only when TLS is on. */
    public static final String MLLP_INTAKE_REF = "spotlink.intake.mllp.tls.context";
    static final String HTTP = "spotlink.tls.http.";
    static final String INTAKE = "spotlink.intake.mllp.tls.";

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        TlsSettings.read(HTTP, TlsSettings.Side.SERVER, settings::find).ifPresent(tls -> {
            context.setSSLContextParameters(tls);
            LOG.info("HTTP server: TLS on (HTTPS only, health and metrics included)");
        });
        TlsSettings.read(INTAKE, TlsSettings.Side.SERVER, settings::find).ifPresent(tls -> {
            context.getRegistry().bind(MLLP_INTAKE, tls);
            LOG.info("MLLP intake: TLS on, client certificates {}", tls.getServerParameters().getClientAuthentication());
            context.getPropertiesComponent().addOverrideProperty(MLLP_INTAKE_REF, "#bean:" + MLLP_INTAKE);
        });
        bindDestinations(context);
    }

    /** The client TLS of every MLLP destination that has it on, under the bean name its route refers to. */
    public static void bindDestinations(CamelContext context) {
        Settings settings = new Settings(context);
        for (DeliveryDestination destination : DeliveryDestinations.of(context)) {
            if (destination.parameters().containsKey(DeliveryDestinations.TLS_PARAMETER)) {
                SSLContextParameters tls = TlsSettings.read(DeliveryDestinations.tlsPrefix(destination.name()),
                        TlsSettings.Side.CLIENT, settings::find).orElseThrow();
                context.getRegistry().bind(DeliveryDestinations.tlsBean(destination.name()), tls);
                LOG.info("ORU destination {}: TLS on{}", destination.name(),
                        tls.getKeyManagers() != null ? ", presenting a client certificate" : "");
            }
        }
    }
}
