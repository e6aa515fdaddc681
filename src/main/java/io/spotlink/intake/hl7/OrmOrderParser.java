package io.spotlink.intake.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Recipient;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ORM^O01 and OML^O21 (v2.3 to v2.5.1) to canonical orders: PID-3 MRN, PID-5 name, PID-7 birth date, PID-8 sex,
 * PID-11 address, PID-13/14 phone and e-mail, ORC-2/OBR-2 placer number, OBR-4 test codes, ORC-12/OBR-16 provider,
 * and the specimen barcode of a kit collected in the clinic: SPM-2 (placer's, else filler's id) after the order's
 * OBR in an OML, else OBR-3 (the filler number, since the barcode is the lab's id of the kit) in an ORM.
 * Test codes of one placer number form one order. A message carries one patient (one PID, with PID-3). Every problem
 * found is listed, not just the first, each at its segment's repetition (the second OBR is OBR^2). Problem texts
 * name places and rules, never the message's content.
 */
public final class OrmOrderParser {

    /**
     * One order of a message and where it came from: its ORC's repetition (0 without ORC) and each test code's OBR,
     * and what its ORC-1 asks: NW (a new order), XO (a change: the whole changed order), CA or DC (a cancel: only
     * the order's placer number and source system are read).
     */
    public record ParsedOrder(CanonicalOrder order, int orcSequence, List<Integer> obrSequences, String control) {

        public ParsedOrder(CanonicalOrder order, int orcSequence, List<Integer> obrSequences) {
            this(order, orcSequence, obrSequences, NEW);
        }

        public boolean isCancel() {
            return CANCELS.contains(control);
        }

        public boolean isChange() {
            return CHANGE.equals(control);
        }
    }

    public static final String NEW = "NW";
    public static final String CHANGE = "XO";
    /** ORC-1 values asking for a cancel: CA (cancel order request), DC (discontinue order request). */
    public static final Set<String> CANCELS = Set.of("CA", "DC");
    private static final Set<String> CONTROLS = Set.of(NEW, CHANGE, "CA", "DC");

    /** The orders of a message and the problems found reading it. */
    public record Parsed(Message message, List<ParsedOrder> items, List<Hl7Problem> problems) {

        public List<CanonicalOrder> orders() {
            return items.stream().map(ParsedOrder::order).toList();
        }

        /** The message type as MSH-9 writes it (ORM^O01, OML^O21), or null when unparsed. */
        public String type() {
            return message == null ? null : typeOf(message);
        }
    }

    private static final Set<String> SUPPORTED = Set.of("ORM^O01", "OML^O21");
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9]{1,10}");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final DateTimeFormatter HL7_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));

    public OrmOrderParser() {
        hapi.setValidationContext(new NoValidation());
    }

    public Parsed parse(String er7) {
        Message message;
        try {
            message = hapi.getPipeParser().parse(er7.replace("\r\n", "\r").replace('\n', '\r'));
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's text quotes the start of the message: never pass it on
            return new Parsed(null, List.of(), List.of(Hl7Problem.message(0, 100,
                    "the message could not be parsed as HL7 v2: check the MSH segment and the encoding characters")));
        }
        List<Segment> segments = new ArrayList<>();
        collect(message, segments);
        Segment msh = first(segments, "MSH");
        String type = typeOf(message);
        if (!SUPPORTED.contains(type)) {
            return new Parsed(message, List.of(), List.of(Hl7Problem.message(9, 200, "message type "
                    + shown(value(msh, 9, 1)) + "^" + shown(value(msh, 9, 2))
                    + " is not accepted: send ORM^O01 or OML^O21")));
        }
        List<Segment> pids = segments.stream().filter(s -> s.getName().equals("PID")).toList();
        if (pids.size() > 1) {
            return new Parsed(message, List.of(), List.of(new Hl7Problem("PID", 2, 0, 0, 100,
                    "a message carries the orders of one patient: found " + pids.size()
                            + " PID segments; send one message per patient")));
        }
        List<Hl7Problem> problems = new ArrayList<>();
        Segment pid = pids.isEmpty() ? null : pids.get(0);
        if (pid == null) {
            problems.add(new Hl7Problem("PID", 1, 0, 0, 100, "PID segment is missing"));
        } else if (value(pid, 3, 1) == null) {
            problems.add(Hl7Problem.required("PID", 1, 3, 1, "patient identifier list (PID-3) is required"));
        }
        String sourceSystem = firstPresent(value(msh, 4, 1), value(msh, 3, 1));
        Recipient recipient = pid == null ? null : recipient(pid);
        CanonicalOrder.Patient patient = pid == null ? null : patient(pid, problems);
        List<ParsedOrder> orders = orders(segments, sourceSystem, recipient, patient, problems);
        if (orders.isEmpty() && problems.stream().noneMatch(p -> p.segment().equals("ORC")
                || p.segment().equals("OBR"))) {
            problems.add(new Hl7Problem("OBR", 1, 0, 0, 100, "the message holds no order (ORC/OBR)"));
        }
        return new Parsed(message, orders, problems);
    }

    private List<ParsedOrder> orders(List<Segment> segments, String sourceSystem, Recipient recipient,
                                     CanonicalOrder.Patient patient, List<Hl7Problem> problems) {
        Map<String, Set<String>> codesByPlacer = new LinkedHashMap<>();
        Map<String, List<Integer>> obrsByPlacer = new LinkedHashMap<>();
        Map<String, Integer> orcByPlacer = new LinkedHashMap<>();
        Map<String, CanonicalOrder.Provider> providerByPlacer = new LinkedHashMap<>();
        Map<String, String> namespaceByPlacer = new LinkedHashMap<>();
        Map<String, String> barcodeByPlacer = new LinkedHashMap<>();
        Map<String, String> controlByPlacer = new LinkedHashMap<>();
        Map<String, ParsedOrder> cancels = new LinkedHashMap<>();
        String orcControl = NEW;
        boolean cancelNeedsPlacer = false;
        String obrPlacer = null;
        String orcPlacer = null;
        String orcNamespace = null;
        int orcSequence = 0;
        int obrSequence = 0;
        CanonicalOrder.Provider orcProvider = null;
        for (Segment segment : segments) {
            switch (segment.getName()) {
                case "ORC" -> {
                    if (cancelNeedsPlacer) {
                        problems.add(Hl7Problem.required("ORC", orcSequence, 2, 1,
                                "placer order number of the order to cancel (ORC-2 or OBR-2)"));
                    }
                    orcSequence++;
                    String control = value(segment, 1, 1);
                    orcControl = control == null ? NEW : control.toUpperCase(Locale.ROOT);
                    if (!CONTROLS.contains(orcControl)) {
                        problems.add(new Hl7Problem("ORC", orcSequence, 1, 0, 103, "order control "
                                + shown(control) + " is not supported: NW (new order), XO (change), CA or DC (cancel)"));
                    }
                    orcPlacer = value(segment, 2, 1);
                    orcNamespace = value(segment, 2, 2);
                    orcProvider = provider(segment, 12);
                    obrPlacer = null;
                    cancelNeedsPlacer = CANCELS.contains(orcControl) && orcPlacer == null;
                    if (CANCELS.contains(orcControl) && orcPlacer != null) {
                        cancels.putIfAbsent(orcPlacer, cancel(orcPlacer, sourceSystem, orcSequence, orcControl));
                    }
                }
                case "OBR" -> {
                    obrSequence++;
                    if (CANCELS.contains(orcControl)) {
                        // a cancel names its order; its OBRs carry no test to read (OBR-2 names it without ORC-2)
                        String placer = value(segment, 2, 1);
                        if (cancelNeedsPlacer && placer != null) {
                            cancels.putIfAbsent(placer, cancel(placer, sourceSystem, orcSequence, orcControl));
                            cancelNeedsPlacer = false;
                        }
                        continue;
                    }
                    String placer = firstPresent(orcPlacer, value(segment, 2, 1));
                    if (placer == null) {
                        problems.add(orcSequence > 0
                                ? Hl7Problem.required("ORC", orcSequence, 2, 1, "placer order number (ORC-2 or OBR-2)")
                                : Hl7Problem.required("OBR", obrSequence, 2, 1, "placer order number (ORC-2 or OBR-2)"));
                        continue;
                    }
                    if (orcPlacer != null) {
                        orcByPlacer.putIfAbsent(placer, orcSequence);
                    }
                    controlByPlacer.putIfAbsent(placer, orcControl);
                    String namespace = orcPlacer != null ? orcNamespace : value(segment, 2, 2);
                    if (namespace != null) {
                        namespaceByPlacer.putIfAbsent(placer, namespace);
                    }
                    obrPlacer = placer;
                    String filler = value(segment, 3, 1);
                    if (filler != null) {
                        barcodeByPlacer.putIfAbsent(placer, filler);
                    }
                    String code = firstPresent(value(segment, 4, 1), value(segment, 4, 4));
                    Set<String> codes = codesByPlacer.computeIfAbsent(placer, k -> new LinkedHashSet<>());
                    List<Integer> obrs = obrsByPlacer.computeIfAbsent(placer, k -> new ArrayList<>());
                    if (code == null) {
                        problems.add(Hl7Problem.required("OBR", obrSequence, 4, 1, "universal service id (test code)"));
                    } else if (codes.add(code)) {
                        obrs.add(obrSequence);
                    }
                    CanonicalOrder.Provider provider = orcProvider != null ? orcProvider : provider(segment, 16);
                    if (provider != null) {
                        providerByPlacer.putIfAbsent(placer, provider);
                    }
                }
                case "SPM" -> {
                    String barcode = firstPresent(value(segment, 2, 1), value(segment, 2, 2));
                    if (obrPlacer != null && barcode != null) {
                        barcodeByPlacer.put(obrPlacer, barcode); // the specimen's own id wins over OBR-3
                    }
                }
                default -> {
                }
            }
        }
        if (cancelNeedsPlacer) {
            problems.add(Hl7Problem.required("ORC", orcSequence, 2, 1,
                    "placer order number of the order to cancel (ORC-2 or OBR-2)"));
        }
        List<ParsedOrder> orders = new ArrayList<>();
        // The placer number's namespace (EI-2) comes back on the result's ORC-2/OBR-2 as the hospital wrote it.
        codesByPlacer.forEach((placer, codes) -> orders.add(new ParsedOrder(new CanonicalOrder(placer, sourceSystem,
                List.copyOf(codes), List.of(), recipient, patient, providerByPlacer.get(placer),
                namespaceByPlacer.containsKey(placer)
                        ? Map.of(CanonicalOrder.PLACER_NAMESPACE, namespaceByPlacer.get(placer)) : null,
                barcodeByPlacer.get(placer)),
                orcByPlacer.getOrDefault(placer, 0), List.copyOf(obrsByPlacer.get(placer)),
                controlByPlacer.getOrDefault(placer, NEW))));
        orders.addAll(cancels.values());
        return orders;
    }

    /** A cancel: only the order's ids are read, the rest of the message is not needed. */
    private static ParsedOrder cancel(String placer, String sourceSystem, int orcSequence, String control) {
        return new ParsedOrder(new CanonicalOrder(placer, sourceSystem, List.of(), List.of(), null, null, null, null),
                orcSequence, List.of(), control);
    }

    /** An id from the message (placer number, control id), shown only when it is a plain short id. */
    static String shownId(String id) {
        return id != null && SAFE_ID.matcher(id).matches() ? id : "(not shown)";
    }

    private static String typeOf(Message message) {
        try {
            Segment msh = (Segment) message.get("MSH");
            return value(msh, 9, 1) + "^" + value(msh, 9, 2);
        } catch (HL7Exception e) {
            return null;
        }
    }

    /** A code from the message, shown in an error only when it is a short plain code. */
    static String shown(String code) {
        return code != null && SAFE_CODE.matcher(code).matches() ? code : "(not shown)";
    }

    private static Recipient recipient(Segment pid) {
        String email = null;
        String phone = null;
        for (int rep = 0; rep < 5; rep++) {
            String use = value(pid, 13, rep, 2);
            String equipment = value(pid, 13, rep, 3);
            if ("NET".equalsIgnoreCase(use) || "Internet".equalsIgnoreCase(equipment)) {
                email = firstPresent(email, value(pid, 13, rep, 4));
            } else if (phone == null) {
                String number = firstPresent(value(pid, 13, rep, 1), join(value(pid, 13, rep, 6), value(pid, 13, rep, 7)));
                phone = number == null ? null : number.replaceAll("\\D", "");
            }
        }
        if (phone == null) {
            String home = firstPresent(value(pid, 14, 0, 1), join(value(pid, 14, 0, 6), value(pid, 14, 0, 7)));
            phone = home == null ? null : home.replaceAll("\\D", "");
        }
        Address address = new Address(value(pid, 11, 1), value(pid, 11, 2), value(pid, 11, 3), value(pid, 11, 4),
                country(value(pid, 11, 6)), value(pid, 11, 5));
        return new Recipient(value(pid, 5, 2), value(pid, 5, 1), email, phone, address);
    }

    private static CanonicalOrder.Patient patient(Segment pid, List<Hl7Problem> problems) {
        String mrn = null;
        for (int rep = 0; rep < 5 && mrn == null; rep++) {
            if ("MR".equalsIgnoreCase(value(pid, 3, rep, 5))) {
                mrn = value(pid, 3, rep, 1);
            }
        }
        mrn = firstPresent(mrn, value(pid, 3, 0, 1));
        String birthDate = null;
        String raw = value(pid, 7, 1);
        if (raw != null) {
            try {
                birthDate = LocalDate.parse(raw.length() >= 8 ? raw.substring(0, 8) : raw, HL7_DATE).toString();
            } catch (DateTimeException e) {
                problems.add(new Hl7Problem("PID", 1, 7, 1, 102, "birth date must be YYYYMMDD"));
            }
        }
        String sex = value(pid, 8, 1);
        if (sex != null) {
            sex = switch (sex.toUpperCase(Locale.ROOT)) {
                case "M", "F", "O", "U" -> sex.toUpperCase(Locale.ROOT);
                case "A", "N" -> "O";
                default -> {
                    problems.add(new Hl7Problem("PID", 1, 8, 1, 103, "sex must be one of M, F, O, U, A, N"));
                    yield null;
                }
            };
        }
        return new CanonicalOrder.Patient(mrn, birthDate, sex);
    }

    private static CanonicalOrder.Provider provider(Segment segment, int field) {
        String id = value(segment, field, 1);
        String family = value(segment, field, 2);
        String given = value(segment, field, 3);
        return id == null && family == null ? null : new CanonicalOrder.Provider(id, family, given);
    }

    private static String country(String hl7) {
        if (hl7 == null) {
            return "US";
        }
        return switch (hl7.toUpperCase(Locale.ROOT)) {
            case "USA", "US" -> "US";
            case "CAN", "CA" -> "CA";
            default -> hl7;
        };
    }

    private static void collect(Group group, List<Segment> into) {
        for (String name : group.getNames()) {
            try {
                for (Structure structure : group.getAll(name)) {
                    if (structure instanceof Segment segment) {
                        into.add(segment);
                    } else if (structure instanceof Group child) {
                        collect(child, into);
                    }
                }
            } catch (HL7Exception e) {
                // a structure HAPI cannot give back: nothing to read there
            }
        }
    }

    private static Segment first(List<Segment> segments, String name) {
        return segments.stream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
    }

    private static String value(Segment segment, int field, int component) {
        return value(segment, field, 0, component);
    }

    private static String value(Segment segment, int field, int rep, int component) {
        if (segment == null) {
            return null;
        }
        try {
            String v = Terser.get(segment, field, rep, component, 1);
            return v == null || v.isBlank() ? null : v.trim();
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    private static String join(String a, String b) {
        return a == null && b == null ? null : (a == null ? "" : a) + (b == null ? "" : b);
    }

    private static String firstPresent(String a, String b) {
        return a != null ? a : b;
    }
}
