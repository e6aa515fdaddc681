package io.spotlink.intake.hl7;

import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitGateway;
import io.spotlink.intake.OrderValidator;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.spot.SpotApiException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ORM/OML from a hospital engine: the frame checked and strictly decoded in its MSH-18 charset, parsed, every
 * order validated, and only then each order handed to order-submit (all or nothing), answered afterwards. AA
 * carries the Spot order ids (MSA-3, or ORC-3 of an ORR^O02 / ORL^O22); AE names every problem in ERR segments and
 * means "do not resend this"; AR asks the engine to resend (Spot unavailable, the order in flight). Every AE's
 * original bytes are kept in the rejected-input store with the reason.
 */
public class MllpOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MllpOrderIntake.class);
    public static final String ACK_PROPERTY = "CamelMllpAcknowledgement";
    static final String CHANNEL = "mllp";

    /** The reply to send and what it says. */
    record Answer(String reply, String code, List<Hl7Problem> problems) {
    }

    private final OrmOrderParser parser = new OrmOrderParser();
    private final Hl7ReplyBuilder replies = new Hl7ReplyBuilder();
    private final Hl7FrameReader frames;
    private final OrderSubmitGateway submitter;
    private final OrderValidator validator;
    private final RejectedInputStore rejected;
    private final boolean orrReplies;
    private io.spotlink.cancel.ChannelRequests requests;

    public MllpOrderIntake(OrderSubmitGateway submitter, OrderValidator validator, Charset defaultCharset,
                           boolean orrReplies, RejectedInputStore rejected) {
        this.submitter = submitter;
        this.validator = validator;
        this.frames = new Hl7FrameReader(defaultCharset);
        this.orrReplies = orrReplies;
        this.rejected = rejected;
    }

    /** Cancel (ORC-1 CA, DC) and change (XO) requests: without them, such orders are answered AE. */
    public void setRequests(io.spotlink.cancel.ChannelRequests requests) {
        this.requests = requests;
    }

    public void handle(Exchange exchange) throws Exception {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        raw = raw == null ? new byte[0] : raw;
        Integer limit = exchange.getMessage().getHeader(GuardedMllpConsumer.FRAME_TOO_LARGE, Integer.class);
        Hl7FrameReader.Frame frame = limit != null ? frames.tooLarge(limit) : frames.read(raw);
        String header = frame.text() != null ? frame.text() : headerOnly(raw);
        String rawControlId = controlId(header);
        String controlId = OrmOrderParser.shownId(rawControlId);
        Answer answer = frame.ok() ? answer(frame.text(), controlId)
                : new Answer(replies.ack(header, "AE", refusedText(frame.problems()), frame.problems()), "AE",
                frame.problems());
        if (answer.code().equals("AE")) {
            keep(raw, rawControlId, controlId, answer);
        }
        byte[] reply = answer.reply().getBytes(frame.charset());
        // camel-mllp (autoAck=false) sends what this exchange property holds
        exchange.setProperty(ACK_PROPERTY, reply);
        exchange.getMessage().setBody(reply);
    }

    Answer answer(String message, String controlId) throws Exception {
        OrmOrderParser.Parsed parsed = parser.parse(message);
        // Name every problem at once, and submit nothing unless every order of the message passes.
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
            return refused(message, controlId, problems);
        }
        Map<String, String> spotIds = new LinkedHashMap<>();
        List<Hl7ReplyBuilder.OrderReply> lines = new ArrayList<>();
        List<Hl7Problem> unchanged = new ArrayList<>();
        String requester = requester(message);
        for (OrmOrderParser.ParsedOrder item : parsed.items()) {
            String placer = OrmOrderParser.shownId(item.order().sourceOrderId());
            if (item.isCancel() || item.isChange()) {
                Answer retry;
                try {
                    retry = item.isCancel() ? cancel(message, item, requester, lines, problems)
                            : change(message, item, requester, lines, problems, unchanged);
                } catch (SpotApiException e) {
                    LOG.warn("HL7 message {}: change of order {} not made now ({}); AR asks for a resend", controlId,
                            placer, e.getClass().getSimpleName());
                    retry = resend(message, "Spot unavailable, resend later", new Hl7Problem("ORC",
                            Math.max(1, item.orcSequence()), 2, 1, 207, "order " + placer
                            + " could not be changed at Spot now; resend later"));
                }
                if (retry != null) {
                    return retry;
                }
                continue;
            }
            OrderReceipt receipt;
            try {
                receipt = submitter.submit(item.order());
            } catch (SpotApiException e) {
                LOG.warn("HL7 message {}: order {} not submitted now ({}); AR asks for a resend", controlId, placer,
                        e.getClass().getSimpleName());
                return resend(message, "Spot unavailable, resend later", new Hl7Problem("ORC", item.orcSequence(),
                        2, 1, 207, "order " + placer + " could not reach Spot now; resend later"));
            }
            switch (receipt.outcome()) {
                case CREATED, EXISTING -> {
                    spotIds.put(item.order().sourceOrderId(), receipt.spotOrderId());
                    lines.add(new Hl7ReplyBuilder.OrderReply("OK", item.order().sourceOrderId(),
                            receipt.spotOrderId(), null));
                }
                case IN_PROGRESS -> {
                    return resend(message, "order being submitted, resend later", new Hl7Problem("ORC",
                            item.orcSequence(), 2, 1, 207, "order " + placer + " is being submitted right now"));
                }
                default -> receipt.errors().forEach(e -> problems.add(Hl7FieldLocations.problem(e, item)));
            }
        }
        if (!problems.isEmpty()) {
            // Spot refused an order our validation passed: the ones before it were created
            LOG.info("HL7 message {}: {} order(s) accepted before Spot refused one", controlId, spotIds.size());
            return refused(message, controlId, problems);
        }
        LOG.info("HL7 message {}: order(s) {} accepted as {}", controlId, spotIds.keySet().stream()
                .map(OrmOrderParser::shownId).toList(), spotIds.values());
        if (lines.size() > spotIds.size()) {
            return requestsAnswered(message, parsed, lines, unchanged);
        }
        if (orrReplies) {
            String reply = "OML^O21".equals(parsed.type()) ? replies.orl(message, spotIds)
                    : replies.orr(message, spotIds);
            return new Answer(reply, "AA", List.of());
        }
        // MSA-3 holds 80 characters: whole ids only, and how many more there are (ORR/ORL replies carry them all)
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
        return new Answer(replies.ack(message, "AA", text.toString(), List.of()), "AA", List.of());
    }

    /** A cancel: CR (never at Spot, canceled here) or UC (Spot has it: an operator is alerted); AE when unknown. */
    private Answer cancel(String message, OrmOrderParser.ParsedOrder item, String requester,
                          List<Hl7ReplyBuilder.OrderReply> lines, List<Hl7Problem> problems) throws Exception {
        String placer = item.order().sourceOrderId();
        io.spotlink.cancel.CancelResult result = requests.cancel(item.order().sourceSystem(), placer, CHANNEL,
                requester);
        int orc = Math.max(1, item.orcSequence());
        switch (result.outcome()) {
            case CANCELED -> lines.add(new Hl7ReplyBuilder.OrderReply("CR", placer, null, result.message()));
            case REQUESTED -> lines.add(new Hl7ReplyBuilder.OrderReply("UC", placer, result.spotOrderId(),
                    "Spot has this order and offers no cancel: an operator cancels it at Spot"));
            case UNKNOWN -> problems.add(new Hl7Problem("ORC", orc, 2, 1, 204, "order "
                    + OrmOrderParser.shownId(placer) + " is not known: nothing to cancel"));
            case IN_PROGRESS -> {
                return resend(message, "order being submitted, resend the cancel later", new Hl7Problem("ORC", orc,
                        2, 1, 207, "order " + OrmOrderParser.shownId(placer) + " is being sent to Spot right now"));
            }
        }
        return null;
    }

    /** A change: XX (made) or UX (Spot cannot change some fields: one ERR each); AE when unknown or invalid. */
    private Answer change(String message, OrmOrderParser.ParsedOrder item, String requester,
                          List<Hl7ReplyBuilder.OrderReply> lines, List<Hl7Problem> problems,
                          List<Hl7Problem> unchanged) throws Exception {
        String placer = item.order().sourceOrderId();
        io.spotlink.cancel.ChangeResult result = requests.change(item.order(), CHANNEL, requester);
        int orc = Math.max(1, item.orcSequence());
        String shown = OrmOrderParser.shownId(placer);
        switch (result.outcome()) {
            case REPLACED, APPLIED -> lines.add(new Hl7ReplyBuilder.OrderReply("XX", placer, result.spotOrderId(),
                    result.message()));
            case PARTIAL -> {
                lines.add(new Hl7ReplyBuilder.OrderReply("UX", placer, result.spotOrderId(), "Spot cannot change "
                        + String.join(", ", result.refused()) + " once it has the order"));
                result.refused().forEach(field -> unchanged.add(new Hl7Problem("ORC", orc, 1, 0, 207, "order "
                        + shown + ": Spot cannot change " + field + " once it has the order; an operator is told")));
            }
            case REJECTED -> result.errors().forEach(e -> problems.add(Hl7FieldLocations.problem(e, item)));
            case UNKNOWN -> problems.add(new Hl7Problem("ORC", orc, 2, 1, 204, "order " + shown
                    + " is not known: nothing to change"));
            case CANCELED -> problems.add(new Hl7Problem("ORC", orc, 2, 1, 207, "order " + shown
                    + " was canceled: nothing to change"));
            case IN_PROGRESS -> {
                return resend(message, "order being submitted, resend the change later", new Hl7Problem("ORC", orc,
                        2, 1, 207, "order " + shown + " is being sent to Spot right now"));
            }
        }
        return null;
    }

    /**
     * A message with cancels or changes: an ORR/ORL with each order's ORC-1 (OK, CR, UC, XX, UX); with ACK replies,
     * AA naming each order's code in MSA-3, or AE with one ERR per field Spot could not change.
     */
    private Answer requestsAnswered(String message, OrmOrderParser.Parsed parsed,
                                    List<Hl7ReplyBuilder.OrderReply> lines, List<Hl7Problem> unchanged)
            throws Exception {
        if (orrReplies) {
            String reply = "OML^O21".equals(parsed.type()) ? replies.orl(message, lines, unchanged)
                    : replies.orr(message, lines, unchanged);
            return new Answer(reply, "AA", List.of());
        }
        StringBuilder text = new StringBuilder();
        for (Hl7ReplyBuilder.OrderReply line : lines) {
            text.append(text.isEmpty() ? "" : "; ").append(line.control()).append(' ')
                    .append(OrmOrderParser.shownId(line.placer()))
                    .append(line.spotId() == null ? "" : " Spot " + line.spotId());
        }
        String code = unchanged.isEmpty() ? "AA" : "AE";
        return new Answer(replies.ack(message, code, text.toString(), unchanged), code, unchanged);
    }

    /** Who asks: MSH-3 (sending application) and MSH-4 (facility), ids of the engine, never patient data. */
    private static String requester(String message) {
        String app = firstComponent(MshFields.field(message, 3));
        String facility = firstComponent(MshFields.field(message, 4));
        String who = (app + (facility.isEmpty() ? "" : "@" + facility)).replaceAll("[^A-Za-z0-9._@-]", "");
        return who.isEmpty() ? CHANNEL : who.substring(0, Math.min(128, who.length()));
    }

    private static String firstComponent(String field) {
        return field == null ? "" : field.split("\\^", 2)[0];
    }

    private Answer refused(String message, String controlId, List<Hl7Problem> problems) throws Exception {
        LOG.info("HL7 message {}: {} problem(s), refused (AE)", controlId, problems.size());
        return new Answer(replies.ack(message, "AE", refusedText(problems), problems), "AE", problems);
    }

    private Answer resend(String message, String text, Hl7Problem problem) throws Exception {
        return new Answer(replies.ack(message, "AR", text, List.of(problem)), "AR", List.of(problem));
    }

    private static String refusedText(List<Hl7Problem> problems) {
        return problems.size() + " problem(s): nothing created, do not resend unchanged";
    }

    /** Keeps the refused frame, exactly as received, with the reason; a failure to keep it must not lose the AE. */
    private void keep(byte[] raw, String rawControlId, String controlId, Answer answer) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("control_id", controlId);
        reason.put("ack_code", answer.code());
        reason.put("problems", answer.problems().stream().map(p -> Map.of(
                "location", p.segment() + "^" + p.sequence() + (p.field() > 0 ? "-" + p.field() : "")
                        + (p.component() > 0 ? "." + p.component() : ""),
                "code", p.code(), "text", p.text())).toList());
        // the store names the file after the control id's [A-Za-z0-9._-] characters only
        String reference = rejected.save(CHANNEL, rawControlId, raw, "hl7", reason);
        if (reference != null) {
            LOG.info("HL7 message {} kept as {}", controlId, reference);
        }
    }

    /** The first segment only, for the reply's MSH when the frame could not be decoded (the MSH is ASCII). */
    private static String headerOnly(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        String first = new String(raw, 0, end, StandardCharsets.US_ASCII);
        return first.startsWith("MSH") ? first : "";
    }

    private static String controlId(String message) {
        return MshFields.field(message, 10);
    }
}
