package io.spotlink.intake.hl7;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitRoute;
import io.spotlink.intake.OrderValidator;
import io.spotlink.spot.SpotApiException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ORM/OML from a hospital engine: decoded in its MSH-18 charset, parsed, each order handed to order-submit,
 * and answered only afterwards. AA carries the Spot order ids (MSA-3, or ORC-3 of an ORR^O02); AE names every
 * problem in ERR segments; AR asks the engine to resend (unsupported message, Spot unavailable).
 */
public class MllpOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MllpOrderIntake.class);
    public static final String ACK_PROPERTY = "CamelMllpAcknowledgement";

    private final OrmOrderParser parser = new OrmOrderParser();
    private final Hl7ReplyBuilder replies = new Hl7ReplyBuilder();
    private final OrderSubmitRoute submitter;
    private final OrderValidator validator;
    private final Charset defaultCharset;
    private final boolean orrReplies;

    public MllpOrderIntake(OrderSubmitRoute submitter, OrderValidator validator, Charset defaultCharset,
                           boolean orrReplies) {
        this.submitter = submitter;
        this.validator = validator;
        this.defaultCharset = defaultCharset;
        this.orrReplies = orrReplies;
    }

    public void handle(Exchange exchange) throws Exception {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        Charset charset = Hl7Charsets.of(raw, defaultCharset);
        String message = new String(raw, charset);
        String reply = reply(message);
        // camel-mllp (autoAck=false) sends what this exchange property holds
        exchange.setProperty(ACK_PROPERTY, reply.getBytes(charset));
        exchange.getMessage().setBody(reply.getBytes(charset));
    }

    String reply(String message) throws Exception {
        OrmOrderParser.Parsed parsed = parser.parse(message);
        String controlId = controlId(message);
        if (parsed.unsupported()) {
            LOG.warn("HL7 message {} refused (AR): {}", controlId, parsed.problems().get(0).text());
            return replies.ack(message, "AR", "message not accepted", parsed.problems());
        }
        if (!parsed.problems().isEmpty()) {
            // Name every problem at once: what reading the HL7 found, and what order validation finds.
            List<Hl7Problem> all = new ArrayList<>(parsed.problems());
            parsed.orders().forEach(o -> validator.validate(o).stream().map(Hl7FieldLocations::problem)
                    .filter(p -> !all.contains(p)).forEach(all::add));
            LOG.info("HL7 message {}: {} problem(s), nothing submitted (AE)", controlId, all.size());
            return replies.ack(message, "AE", all.size() + " problem(s) in the order", all);
        }
        Map<String, String> spotIds = new LinkedHashMap<>();
        List<Hl7Problem> problems = new ArrayList<>();
        for (CanonicalOrder order : parsed.orders()) {
            OrderReceipt receipt;
            try {
                receipt = submitter.submit(order);
            } catch (SpotApiException e) {
                LOG.warn("HL7 message {}: order {} not submitted now ({}); AR asks for a resend", controlId,
                        order.sourceOrderId(), e.getClass().getSimpleName());
                return replies.ack(message, "AR", "Spot unavailable, resend later", List.of(new Hl7Problem("ORC",
                        2, 1, 207, "order " + order.sourceOrderId() + " could not reach Spot now; resend later")));
            }
            switch (receipt.outcome()) {
                case CREATED, EXISTING -> spotIds.put(order.sourceOrderId(), receipt.spotOrderId());
                case IN_PROGRESS -> {
                    return replies.ack(message, "AR", "order being submitted, resend later", List.of(new Hl7Problem(
                            "ORC", 2, 1, 207, "order " + order.sourceOrderId() + " is being submitted right now")));
                }
                default -> receipt.errors().forEach(e -> problems.add(Hl7FieldLocations.problem(e)));
            }
        }
        if (!problems.isEmpty()) {
            LOG.info("HL7 message {}: {} problem(s), {} order(s) accepted (AE)", controlId, problems.size(),
                    spotIds.size());
            return replies.ack(message, "AE", problems.size() + " problem(s) in the order", problems);
        }
        LOG.info("HL7 message {}: order(s) {} accepted as {}", controlId, spotIds.keySet(), spotIds.values());
        if (orrReplies) {
            return replies.orr(message, spotIds);
        }
        StringBuilder text = new StringBuilder("Spot order");
        spotIds.forEach((placer, spot) -> text.append(spotIds.size() == 1 ? " " + spot : " " + placer + "=" + spot));
        return replies.ack(message, "AA", text.toString(), List.of());
    }

    private static String controlId(String message) {
        String msh = message.split("[\r\n]", 2)[0];
        String[] f = msh.length() > 3 ? msh.split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(3))), -1)
                : new String[0];
        return f.length > 9 ? f[9] : "?";
    }
}
