package io.spotlink.intake.hl7;

import java.util.List;

/** A message refused with AE ("do not resend this"): every problem found, one ERR segment each. */
public class Hl7Refused extends Exception {

    private final transient List<Hl7Problem> problems;

    public Hl7Refused(List<Hl7Problem> problems) {
        super(problems.size() + " problem(s): nothing created, do not resend unchanged", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Hl7Problem> problems() {
        return problems;
    }
}
