package io.spotlink.intake.hl7;

import io.spotlink.cancel.CancelResult;
import io.spotlink.cancel.ChangeResult;
import io.spotlink.cancel.ChannelRequests;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderValidator;
import io.spotlink.intake.RejectedInputStore;
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
 * The steps of route order-intake-mllp, on one ORM/OML from a hospital engine (state: {@link Hl7OrderMessage}):
 * {@link #decode} checks the frame and decodes it strictly in its MSH-18 charset, {@link #parse} reads and validates
 * every order (all or nothing), the route splits the orders to order-submit ({@link #toSubmit}, {@link #submitted})
 * or to {@link #cancel} / {@link #change}, and {@link #accepted} answers. AA carries the Spot order ids (MSA-3, or
 * ORC-3 of an ORR^O02 / ORL^O22); AE ({@link #refused}) names every problem in ERR segments and means "do not resend
 * this"; AR ({@link #resend}) asks the engine to resend (Spot unavailable, the order in flight). Every AE's original
 * bytes are kept in the rejected-input store with the reason ({@link #keepRejected}).
 */
public class MllpOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MllpOrderIntake.class);
    public static final String ACK_PROPERTY = "CamelMllpAcknowledgement";
    static final String CHANNEL = "mllp";

    private final OrmOrderParser parser = new OrmOrderParser();
    private final Hl7ReplyBuilder replies = new Hl7ReplyBuilder();
    private final Hl7FrameReader frames;
    private final OrderValidator validator;
    private final RejectedInputStore rejected;
    private final boolean orrReplies;
    private ChannelRequests requests;

    public MllpOrderIntake(OrderValidator validator, Charset defaultCharset, boolean orrReplies,
                           RejectedInputStore rejected) {
        this.validator = validator;
        this.frames = new Hl7FrameReader(defaultCharset);
        this.orrReplies = orrReplies;
        this.rejected = rejected;
    }

    /** Cancel (ORC-1 CA, DC) and change (XO) requests: without them, such orders are answered AE. */
    public void setRequests(ChannelRequests requests) {
        this.requests = requests;
    }

    /**
     * The frame (raw bytes) checked and strictly decoded in the charset MSH-18 names: one message, beginning with MSH, valid bytes, a supported version, no forbidden characters.
     */
    public void decode(Exchange exchange) throws Hl7Refused {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        raw = raw == null ? new byte[0] : raw;
        MshHeader msh = MshHeader.of(exchange.getMessage(), raw);
        Hl7OrderMessage message = new Hl7OrderMessage(raw, msh.controlId(), requester(msh));
        exchange.setProperty(Hl7OrderMessage.PROPERTY, message);
        Integer limit = exchange.getMessage().getHeader(GuardedMllpConsumer.FRAME_TOO_LARGE, Integer.class);
        Hl7FrameReader.Frame frame = limit != null ? frames.tooLarge(limit) : frames.read(raw, msh);
        message.text = frame.text() != null ? frame.text() : MshHeader.firstLine(raw);
        message.charset = frame.charset();
        if (!frame.ok()) {
            throw new Hl7Refused(frame.problems());
        }
    }

    /**
     * The ORM^O01 / OML^O21 read into orders, each validated: every problem of the message is named at once, and
     * nothing is submitted unless every order of the message passes.
     */
    public void parse(Exchange exchange) throws Hl7Refused {
        Hl7OrderMessage message = state(exchange);
        OrmOrderParser.Parsed parsed = parser.parse(message.text);
        message.parsed = parsed;
        List<Hl7Problem> problems = new ArrayList<>(parsed.problems());
        for (OrmOrderParser.ParsedOrder order : parsed.items()) {
            if (order.isCancel() || order.isChange()) {
                if (requests == null) {
                    problems.add(new Hl7Problem("ORC", Math.max(1, order.orcSequence()), 1, 0, 103, "order control "
                            + order.control() + " is not available here: only NW (new order)"));
                } else if (!requests.known(order.order().sourceSystem(), order.order().sourceOrderId())) {
                    // refused before any order of the message is submitted, so AE still means nothing was done
                    problems.add(new Hl7Problem("ORC", Math.max(1, order.orcSequence()), 2, 1, 204, "order "
                            + OrmOrderParser.shownId(order.order().sourceOrderId()) + " is not known: nothing to "
                            + (order.isCancel() ? "cancel" : "change")));
                }
                if (order.isCancel()) {
                    continue; // a cancel names its order only
                }
            }
            validator.validate(order.order()).stream().map(e -> Hl7FieldLocations.problem(e, order))
                    .filter(p -> !problems.contains(p)).forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            throw refusal(message, problems);
        }
    }

    /** A new order of the split (body: its ParsedOrder): the body becomes the canonical order for order-submit. */
    public void toSubmit(Exchange exchange) {
        OrmOrderParser.ParsedOrder item = exchange.getMessage().getBody(OrmOrderParser.ParsedOrder.class);
        state(exchange).current = item;
        exchange.getMessage().setBody(item.order());
    }

    /** order-submit's receipt: the Spot order id kept, Spot's refusal noted (AE at the end), in flight: AR now. */
    public void submitted(Exchange exchange) throws Hl7Resend {
        Hl7OrderMessage message = state(exchange);
        OrmOrderParser.ParsedOrder item = message.current;
        OrderReceipt receipt = exchange.getMessage().getBody(OrderReceipt.class);
        switch (receipt.outcome()) {
            case CREATED, EXISTING -> {
                message.spotIds.put(item.order().sourceOrderId(), receipt.spotOrderId());
                message.lines.add(new Hl7ReplyBuilder.OrderReply("OK", item.order().sourceOrderId(),
                        receipt.spotOrderId(), null));
            }
            case IN_PROGRESS -> throw new Hl7Resend("order being submitted, resend later", new Hl7Problem("ORC",
                    item.orcSequence(), 2, 1, 207, "order " + OrmOrderParser.shownId(item.order().sourceOrderId())
                    + " is being submitted right now"));
            default -> receipt.errors().forEach(e -> message.problems.add(Hl7FieldLocations.problem(e, item)));
        }
    }

    /** A cancel of the split: CR (never at Spot, canceled here) or UC (Spot has it: an operator is alerted). */
    public void cancel(Exchange exchange) throws Hl7Resend {
        Hl7OrderMessage message = state(exchange);
        OrmOrderParser.ParsedOrder item = exchange.getMessage().getBody(OrmOrderParser.ParsedOrder.class);
        String placer = item.order().sourceOrderId();
        int orc = Math.max(1, item.orcSequence());
        CancelResult result;
        try {
            result = requests.cancel(item.order().sourceSystem(), placer, CHANNEL, message.requester);
        } catch (SpotApiException e) {
            throw notChanged(message, item, e);
        }
        switch (result.outcome()) {
            case CANCELED -> message.lines.add(new Hl7ReplyBuilder.OrderReply("CR", placer, null, result.message()));
            case REQUESTED -> message.lines.add(new Hl7ReplyBuilder.OrderReply("UC", placer, result.spotOrderId(),
                    "Spot has this order and offers no cancel: an operator cancels it at Spot"));
            case UNKNOWN -> message.problems.add(new Hl7Problem("ORC", orc, 2, 1, 204, "order "
                    + OrmOrderParser.shownId(placer) + " is not known: nothing to cancel"));
            case IN_PROGRESS -> throw new Hl7Resend("order being submitted, resend the cancel later",
                    new Hl7Problem("ORC", orc, 2, 1, 207, "order " + OrmOrderParser.shownId(placer)
                            + " is being sent to Spot right now"));
        }
    }

    /** A change of the split: XX (made) or UX (Spot cannot change some fields: one ERR each). */
    public void change(Exchange exchange) throws Hl7Resend {
        Hl7OrderMessage message = state(exchange);
        OrmOrderParser.ParsedOrder item = exchange.getMessage().getBody(OrmOrderParser.ParsedOrder.class);
        String placer = item.order().sourceOrderId();
        ChangeResult result;
        try {
            result = requests.change(item.order(), CHANNEL, message.requester);
        } catch (SpotApiException e) {
            throw notChanged(message, item, e);
        }
        int orc = Math.max(1, item.orcSequence());
        String shown = OrmOrderParser.shownId(placer);
        switch (result.outcome()) {
            case REPLACED, APPLIED -> message.lines.add(new Hl7ReplyBuilder.OrderReply("XX", placer,
                    result.spotOrderId(), result.message()));
            case PARTIAL -> {
                message.lines.add(new Hl7ReplyBuilder.OrderReply("UX", placer, result.spotOrderId(),
                        "Spot cannot change " + String.join(", ", result.refused()) + " once it has the order"));
                result.refused().forEach(field -> message.unchanged.add(new Hl7Problem("ORC", orc, 1, 0, 207,
                        "order " + shown + ": Spot cannot change " + field
                                + " once it has the order; an operator is told")));
            }
            case REJECTED -> result.errors().forEach(e -> message.problems.add(Hl7FieldLocations.problem(e, item)));
            case UNKNOWN -> message.problems.add(new Hl7Problem("ORC", orc, 2, 1, 204, "order " + shown
                    + " is not known: nothing to change"));
            case CANCELED -> message.problems.add(new Hl7Problem("ORC", orc, 2, 1, 207, "order " + shown
                    + " was canceled: nothing to change"));
            case IN_PROGRESS -> throw new Hl7Resend("order being submitted, resend the change later",
                    new Hl7Problem("ORC", orc, 2, 1, 207, "order " + shown + " is being sent to Spot right now"));
        }
    }

    private static Hl7Resend notChanged(Hl7OrderMessage message, OrmOrderParser.ParsedOrder item,
                                        SpotApiException e) {
        String placer = OrmOrderParser.shownId(item.order().sourceOrderId());
        LOG.warn("HL7 message {}: change of order {} not made now ({}); AR asks for a resend", message.controlId,
                placer, e.getClass().getSimpleName());
        return new Hl7Resend("Spot unavailable, resend later", new Hl7Problem("ORC", Math.max(1, item.orcSequence()),
                2, 1, 207, "order " + placer + " could not be changed at Spot now; resend later"));
    }

    /**
     * Every order handled: AA with the Spot order ids (or an ORR^O02 / ORL^O22), the codes of cancels and changes;
     * AE when Spot refused an order our validation passed (the ones before it were created).
     */
    public void accepted(Exchange exchange) throws Exception {
        Hl7OrderMessage message = state(exchange);
        String text = message.text;
        Map<String, String> spotIds = message.spotIds;
        if (!message.problems.isEmpty()) {
            LOG.info("HL7 message {}: {} order(s) accepted before Spot refused one", message.controlId,
                    spotIds.size());
            throw refusal(message, message.problems);
        }
        LOG.info("HL7 message {}: order(s) {} accepted as {}", message.controlId, spotIds.keySet().stream()
                .map(OrmOrderParser::shownId).toList(), spotIds.values());
        boolean oml = "OML^O21".equals(message.parsed.type());
        if (message.lines.size() > spotIds.size()) {
            requestsAnswered(message, oml);
            return;
        }
        if (orrReplies) {
            message.answer(oml ? replies.orl(text, spotIds) : replies.orr(text, spotIds), "AA", List.of());
            return;
        }
        message.answer(replies.ack(text, "AA", spotOrderText(spotIds), List.of()), "AA", List.of());
    }

    /** MSA-3 holds 80 characters: whole ids only, and how many more there are (ORR/ORL replies carry them all). */
    private static String spotOrderText(Map<String, String> spotIds) {
        StringBuilder text = new StringBuilder("Spot order");
        int shown = 0;
        for (Map.Entry<String, String> id : spotIds.entrySet()) {
            String next = spotIds.size() == 1 ? " " + id.getValue() : " " + id.getKey() + "=" + id.getValue();
            String more = " +" + (spotIds.size() - shown - 1) + " more";
            if (text.length() + next.length() + (shown + 1 < spotIds.size() ? more.length() : 0) > 80) {
                text.append(" +").append(spotIds.size() - shown).append(" more");
                break;
            }
            text.append(next);
            shown++;
        }
        return text.toString();
    }

    /**
     * A message with cancels or changes: an ORR/ORL with each order's ORC-1 (OK, CR, UC, XX, UX); with ACK replies,
     * AA naming each order's code in MSA-3, or AE with one ERR per field Spot could not change.
     */
    private void requestsAnswered(Hl7OrderMessage message, boolean oml) throws Exception {
        if (orrReplies) {
            message.answer(oml ? replies.orl(message.text, message.lines, message.unchanged)
                    : replies.orr(message.text, message.lines, message.unchanged), "AA", List.of());
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Hl7ReplyBuilder.OrderReply line : message.lines) {
            text.append(text.isEmpty() ? "" : "; ").append(line.control()).append(' ')
                    .append(OrmOrderParser.shownId(line.placer()))
                    .append(line.spotId() == null ? "" : " Spot " + line.spotId());
        }
        String code = message.unchanged.isEmpty() ? "AA" : "AE";
        message.answer(replies.ack(message.text, code, text.toString(), message.unchanged), code, message.unchanged);
    }

    /** AE with one ERR per problem (the route's doCatch of Hl7Refused). */
    public void refused(Exchange exchange) throws Exception {
        Hl7OrderMessage message = state(exchange);
        Hl7Refused refusal = caught(exchange, Hl7Refused.class);
        message.answer(replies.ack(message.text, "AE", refusal.getMessage(), refusal.problems()), "AE",
                refusal.problems());
    }

    /** AR, asking for a resend: an order in flight (Hl7Resend), or Spot unavailable for the order being submitted. */
    public void resend(Exchange exchange) throws Exception {
        Hl7OrderMessage message = state(exchange);
        Hl7Resend resend = caught(exchange, Hl7Resend.class);
        if (resend == null) {
            SpotApiException e = caught(exchange, SpotApiException.class);
            OrmOrderParser.ParsedOrder item = message.current;
            String placer = OrmOrderParser.shownId(item.order().sourceOrderId());
            LOG.warn("HL7 message {}: order {} not submitted now ({}); AR asks for a resend", message.controlId,
                    placer, e.getClass().getSimpleName());
            resend = new Hl7Resend("Spot unavailable, resend later", new Hl7Problem("ORC", item.orcSequence(), 2, 1,
                    207, "order " + placer + " could not reach Spot now; resend later"));
        }
        message.answer(replies.ack(message.text, "AR", resend.getMessage(), List.of(resend.problem())), "AR",
                List.of(resend.problem()));
    }

    /** Keeps a refused (AE) frame, exactly as received, with the reason; a failure to keep it must not lose the AE. */
    public void keepRejected(Exchange exchange) {
        Hl7OrderMessage message = state(exchange);
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("control_id", message.controlId);
        reason.put("ack_code", message.ackCode);
        reason.put("problems", message.answered.stream().map(p -> Map.of(
                "location", p.segment() + "^" + p.sequence() + (p.field() > 0 ? "-" + p.field() : "")
                        + (p.component() > 0 ? "." + p.component() : ""),
                "code", p.code(), "text", p.text())).toList());
        // the store names the file after the control id's [A-Za-z0-9._-] characters only
        String reference = rejected.save(CHANNEL, message.rawControlId, message.raw, "hl7", reason);
        if (reference != null) {
            LOG.info("HL7 message {} kept as {}", message.controlId, reference);
        }
    }

    /** The answer in the message's charset, where camel-mllp (autoAck=false) sends it from. */
    public void acknowledge(Exchange exchange) {
        Hl7OrderMessage message = state(exchange);
        byte[] reply = message.reply.getBytes(message.charset);
        exchange.setProperty(ACK_PROPERTY, reply);
        exchange.getMessage().setBody(reply);
    }

    private static Hl7Refused refusal(Hl7OrderMessage message, List<Hl7Problem> problems) {
        LOG.info("HL7 message {}: {} problem(s), refused (AE)", message.controlId, problems.size());
        return new Hl7Refused(problems);
    }

    /** Who asks: MSH-3 (sending application) and MSH-4 (facility), ids of the engine, never patient data. */
    private static String requester(MshHeader msh) {
        String app = firstComponent(msh.sendingApplication());
        String facility = firstComponent(msh.sendingFacility());
        String who = (app + (facility.isEmpty() ? "" : "@" + facility)).replaceAll("[^A-Za-z0-9._@-]", "");
        return who.isEmpty() ? CHANNEL : who.substring(0, Math.min(128, who.length()));
    }

    private static String firstComponent(String field) {
        return field == null ? "" : field.split("\\^", 2)[0];
    }

    private static Hl7OrderMessage state(Exchange exchange) {
        return exchange.getProperty(Hl7OrderMessage.PROPERTY, Hl7OrderMessage.class);
    }

    /** The exception the route's doCatch caught, or one of its causes (the split wraps what an order threw). */
    private static <T extends Throwable> T caught(Exchange exchange, Class<T> type) {
        for (Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); e != null;
             e = e.getCause() == e ? null : e.getCause()) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }
}
