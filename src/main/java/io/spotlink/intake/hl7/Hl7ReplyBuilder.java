package io.spotlink.intake.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.model.v251.message.ORL_O22;
import ca.uhn.hl7v2.model.v251.message.ORR_O02;
import ca.uhn.hl7v2.model.v251.segment.ERR;
import ca.uhn.hl7v2.model.v251.segment.MSA;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.validation.impl.NoValidation;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Replies to an order message, built with HAPI's v2.5.1 model: an ACK (AA, AE or AR) with one ERR per problem, or
 * an ORR^O02 (ORL^O22 for an OML^O21) whose ORC-3 carries each Spot order id. An ACK is HAPI's
 * {@code generateACK} of the parsed original, in the sender's version (MSH-12 echoed); only input HAPI cannot parse
 * gets an ACK whose MSH is read by hand from the original, so even garbage gets an answer.
 */
public final class Hl7ReplyBuilder {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final java.util.Set<String> ECHOED_VERSIONS = java.util.Set.of("2.3", "2.3.1", "2.4", "2.5",
            "2.5.1");
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final HapiContext hapi = new DefaultHapiContext();
    /** Reads any 2.x message into the v2.5.1 model, only to have HAPI generate the ACK's header and MSA. */
    private final HapiContext reader = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));

    public Hl7ReplyBuilder() {
        hapi.setValidationContext(new NoValidation());
        reader.setValidationContext(new NoValidation());
        // HAPI's default control-id generator writes a file in the working directory
        reader.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    }

    public String ack(String original, String code, String text, List<Hl7Problem> problems) throws HL7Exception {
        ACK ack = generated(original, code).orElseGet(() -> handMade(original, code));
        // HAPI's ACK says 2.5.1: the sender's version instead
        echoVersionAndCharset(ack.getMSH(), MshFields.of(original));
        if (text != null) {
            ack.getMSA().getTextMessage().setValue(fit(text, 80));
        }
        for (int i = 0; i < problems.size(); i++) {
            err(ack.getERR(i), problems.get(i));
        }
        return hapi.getPipeParser().encode(ack);
    }

    /**
     * HAPI's own ACK ({@code Message.generateACK}): sender and receiver swapped, MSA-1 and MSA-2 set. Empty for input
     * HAPI cannot parse (garbage, a broken MSH, an unknown version...), which gets the hand-made one.
     */
    Optional<ACK> generated(String original, String code) {
        try {
            Message message = reader.getPipeParser().parse(original);
            ACK ack = (ACK) message.generateACK(AcknowledgmentCode.valueOf(code), null);
            ack.getMSH().getMessageControlID().setValue(controlId()); // HAPI's in-memory ids restart at each start
            return Optional.of(ack);
        } catch (HL7Exception | IOException | RuntimeException unparseable) {
            return Optional.empty();
        }
    }

    private ACK handMade(String original, String code) {
        try {
            ACK ack = new ACK();
            header(ack.getMSH(), original, "ACK", "ACK");
            msa(ack.getMSA(), original, code, null);
            return ack;
        } catch (HL7Exception e) {
            throw new IllegalStateException("HAPI refused a reply field", e);
        }
    }

    /**
     * One order's line of an ORR/ORL: ORC-1 (OK accepted, CR canceled as requested, UC unable to cancel, XX
     * changed, UX unable to change), ORC-2 the placer number, ORC-3 the Spot order id when Spot has the order, and
     * ORC-16 the reason in words (null for OK).
     */
    public record OrderReply(String control, String placer, String spotId, String reason) {
    }

    /** ORR^O02: MSA AA and, per order, ORC-1 OK, ORC-2 the placer number, ORC-3 the Spot order id. */
    public String orr(String original, Map<String, String> spotIdsByPlacer) throws HL7Exception {
        return orr(original, accepted(spotIdsByPlacer), List.of());
    }

    /** ORL^O22 (the answer to an OML^O21): MSA AA and, per order, an ORC like the ORR^O02's. */
    public String orl(String original, Map<String, String> spotIdsByPlacer) throws HL7Exception {
        return orl(original, accepted(spotIdsByPlacer), List.of());
    }

    /** ORR^O02: MSA AA, one ERR per problem (the fields a change could not make), one ORC per order. */
    public String orr(String original, List<OrderReply> orders, List<Hl7Problem> problems) throws HL7Exception {
        ORR_O02 orr = new ORR_O02();
        header(orr.getMSH(), original, "ORR", "ORR_O02");
        msa(orr.getMSA(), original, "AA", null);
        for (int i = 0; i < problems.size(); i++) {
            err(orr.getERR(i), problems.get(i));
        }
        for (int i = 0; i < orders.size(); i++) {
            orc(orr.getRESPONSE().getORDER(i).getORC(), orders.get(i));
        }
        return hapi.getPipeParser().encode(orr);
    }

    /** ORL^O22 (the answer to an OML^O21), like {@link #orr(String, List, List)}. */
    public String orl(String original, List<OrderReply> orders, List<Hl7Problem> problems) throws HL7Exception {
        ORL_O22 orl = new ORL_O22();
        header(orl.getMSH(), original, "ORL", "ORL_O22");
        msa(orl.getMSA(), original, "AA", null);
        for (int i = 0; i < problems.size(); i++) {
            err(orl.getERR(i), problems.get(i));
        }
        for (int i = 0; i < orders.size(); i++) {
            orc(orl.getRESPONSE().getPATIENT().getORDER(i).getORC(), orders.get(i));
        }
        return hapi.getPipeParser().encode(orl);
    }

    private static List<OrderReply> accepted(Map<String, String> spotIdsByPlacer) {
        return spotIdsByPlacer.entrySet().stream().map(e -> new OrderReply("OK", e.getKey(), e.getValue(), null))
                .toList();
    }

    private static void orc(ORC orc, OrderReply order) throws HL7Exception {
        orc.getOrderControl().setValue(order.control());
        orc.getPlacerOrderNumber().getEntityIdentifier().setValue(order.placer());
        if (order.spotId() != null) {
            orc.getFillerOrderNumber().getEntityIdentifier().setValue(order.spotId());
            orc.getFillerOrderNumber().getNamespaceID().setValue("SPOT");
        }
        if (order.reason() != null) {
            orc.getOrderControlCodeReason().getText().setValue(fit(order.reason(), 199));
        }
    }

    private static void header(MSH msh, String original, String type, String structure) throws HL7Exception {
        String[] in = MshFields.of(original);
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getSendingApplication().getNamespaceID().setValue(field(in, 5));
        msh.getSendingFacility().getNamespaceID().setValue(field(in, 6));
        msh.getReceivingApplication().getNamespaceID().setValue(field(in, 3));
        msh.getReceivingFacility().getNamespaceID().setValue(field(in, 4));
        msh.getDateTimeOfMessage().getTime().setValue(ZonedDateTime.now(ZoneOffset.UTC).format(TS));
        msh.getMessageType().getMessageCode().setValue(type);
        String[] messageType = field(in, 9).split(Pattern.quote("^"), -1);
        String trigger = messageType.length > 1 ? messageType[1] : "O01";
        msh.getMessageType().getTriggerEvent().setValue(switch (type) {
            case "ORR" -> "O02";
            case "ORL" -> "O22";
            default -> trigger.matches("[A-Z0-9]{3}") ? trigger : "O01";
        });
        msh.getMessageType().getMessageStructure().setValue(structure);
        msh.getMessageControlID().setValue(controlId());
        msh.getProcessingID().getProcessingID().setValue(field(in, 11).isEmpty() ? "P" : field(in, 11).substring(0, 1));
        echoVersionAndCharset(msh, in);
    }

    /**
     * The sender's version (2.3 to 2.5.1; an engine may refuse an ACK in a version it does not speak), and MSH-18
     * only when it names a charset the message was read in: never an unknown name sent to us.
     */
    private static void echoVersionAndCharset(MSH msh, String[] in) throws HL7Exception {
        String version = field(in, 12).split(Pattern.quote("^"), -1)[0].trim();
        msh.getVersionID().getVersionID().setValue(ECHOED_VERSIONS.contains(version) ? version : "2.5.1");
        String charset = field(in, 18).split(Pattern.quote("~"))[0];
        msh.getCharacterSet(0).setValue(!charset.isEmpty() && Hl7Charsets.isSupported(charset) ? charset : null);
    }

    private static String controlId() {
        return "SLA" + Long.toString(System.currentTimeMillis(), 36).toUpperCase() + SEQUENCE.incrementAndGet() % 10_000;
    }

    private static void msa(MSA msa, String original, String code, String text) throws HL7Exception {
        msa.getAcknowledgmentCode().setValue(code);
        msa.getMessageControlID().setValue(field(MshFields.of(original), 10));
        if (text != null) {
            msa.getTextMessage().setValue(fit(text, 80));
        }
    }

    /** MSA-3 is 80 characters at most: cut at a space, never in the middle of an id. */
    static String fit(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 4);
        return (cut > 0 ? text.substring(0, cut) : text.substring(0, max - 4)) + " ...";
    }

    private static void err(ERR err, Hl7Problem problem) throws HL7Exception {
        // ERR-1 for v2.3/2.4 receivers (it is all they know), ERR-2 to ERR-8 for v2.5 and later
        var legacy = err.getErrorCodeAndLocation(0);
        legacy.getSegmentID().setValue(problem.segment());
        legacy.getSegmentSequence().setValue(Integer.toString(Math.max(1, problem.sequence())));
        if (problem.field() > 0) {
            legacy.getFieldPosition().setValue(Integer.toString(problem.field()));
        }
        legacy.getCodeIdentifyingError().getIdentifier().setValue(Integer.toString(problem.code()));
        legacy.getCodeIdentifyingError().getText().setValue(problem.codeText());
        legacy.getCodeIdentifyingError().getNameOfCodingSystem().setValue("HL70357");
        var location = err.getErrorLocation(0);
        location.getSegmentID().setValue(problem.segment());
        location.getSegmentSequence().setValue(Integer.toString(Math.max(1, problem.sequence())));
        if (problem.field() > 0) {
            location.getFieldPosition().setValue(Integer.toString(problem.field()));
        }
        if (problem.component() > 0) {
            location.getComponentNumber().setValue(Integer.toString(problem.component()));
        }
        err.getHL7ErrorCode().getIdentifier().setValue(Integer.toString(problem.code()));
        err.getHL7ErrorCode().getText().setValue(problem.codeText());
        err.getHL7ErrorCode().getNameOfCodingSystem().setValue("HL70357");
        err.getSeverity().setValue("E");
        err.getUserMessage().setValue(problem.text());
    }

    private static String field(String[] fields, int position) {
        if (position >= fields.length || fields[position] == null) {
            return "";
        }
        String value = fields[position];
        // HD fields: keep the first component for the namespace id
        return position <= 6 ? value.split(Pattern.quote("^"))[0] : value;
    }
}
