package io.spotlink.oru;

import java.math.BigDecimal;

/**
 * A Spot result value classified for OBX-2/OBX-5, one record per row of the guide's table.
 * {@link ObxValueClassifier} decides which one a result is.
 */
public sealed interface ObxValue {

    /** OBX-2; null when there is no value to send. */
    String valueType();

    /** A plain number ({@code 123}): NM. {@code text} keeps the vendor's digits (trailing zeros are significant). */
    record Numeric(BigDecimal value, String text) implements ObxValue {
        public String valueType() {
            return "NM";
        }
    }

    /** A number with a comparator ({@code <10}, {@code >=5}): SN {@code <^10}. */
    record Comparator(String comparator, BigDecimal number, String numberText) implements ObxValue {
        public String valueType() {
            return "SN";
        }
    }

    /** Any other text (e.g. {@code QNS}, {@code see comment}): ST. */
    record Text(String text) implements ObxValue {
        public String valueType() {
            return "ST";
        }
    }

    /** A reactivity mapped to SNOMED CT: CWE. {@code value} is Spot's word (positive, negative). */
    record Reactivity(Coded code, String value) implements ObxValue {
        public String valueType() {
            return "CWE";
        }
    }

    /** Genotype alleles ({@code TT}, {@code AG}): ST. */
    record Genotype(String alleles) implements ObxValue {
        public String valueType() {
            return "ST";
        }
    }

    /** No result value at all: OBX-2 and OBX-5 stay empty. */
    record Empty() implements ObxValue {
        public String valueType() {
            return null;
        }
    }
}
