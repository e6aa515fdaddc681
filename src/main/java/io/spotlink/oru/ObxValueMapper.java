package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.datatype.SN;
import ca.uhn.hl7v2.model.v251.datatype.ST;
import ca.uhn.hl7v2.model.v251.datatype.TX;
import ca.uhn.hl7v2.model.v251.segment.OBX;

/** Writes a classified value into OBX-2 and OBX-5 with the matching HAPI type. */
final class ObxValueMapper {

    private ObxValueMapper() {
    }

    static void map(OBX obx, ObxValue value) throws HL7Exception {
        if (value instanceof ObxValue.Empty) {
            return;
        }
        Message msg = obx.getMessage();
        // text longer than ST allows goes out whole as TX rather than cut
        obx.getValueType().setValue(isLongText(value) ? "TX" : value.valueType());
        obx.getObservationValue(0).setData(data(msg, value));
    }

    private static Type data(Message msg, ObxValue value) throws HL7Exception {
        if (value instanceof ObxValue.Numeric n) {
            NM nm = new NM(msg);
            nm.setValue(n.text());
            return nm;
        }
        if (value instanceof ObxValue.Comparator c) {
            SN sn = new SN(msg);
            sn.getComparator().setValue(c.comparator());
            sn.getNum1().setValue(c.numberText());
            return sn;
        }
        if (value instanceof ObxValue.Reactivity r) {
            CWE cwe = new CWE(msg);
            Fields.cwe(cwe, r.code());
            return cwe;
        }
        String text = value instanceof ObxValue.Genotype g ? g.alleles() : ((ObxValue.Text) value).text();
        if (text.length() > Fields.MAX_ST) {
            TX tx = new TX(msg);
            tx.setValue(text);
            return tx;
        }
        ST st = new ST(msg);
        st.setValue(text);
        return st;
    }

    private static boolean isLongText(ObxValue value) {
        String text = value instanceof ObxValue.Genotype g ? g.alleles()
                : value instanceof ObxValue.Text t ? t.text() : null;
        return text != null && text.length() > Fields.MAX_ST;
    }
}
