package io.spotlink.status;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.NTE;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.spotlink.delivery.OruRenderer;
import io.spotlink.delivery.ReportContext;
import io.spotlink.oru.OruBuildException;

import java.time.Instant;

/**
 * The ORU^R01 of a status: built by the results' own renderer (same MSH, PID, ORC, OBR and SPM, per destination) from
 * a report without results, so no OBX, with OBR-22 the status's time. Then ORC-5 and OBR-25 say the status (see
 * {@link KitNews}) and an NTE after the OBR says it in words. The message is PHI: errors name ids only.
 */
public final class StatusOru {

    private final OruRenderer renderer;
    private final HapiContext hapi = new DefaultHapiContext(ValidationContextFactory.defaultValidation());

    public StatusOru(OruRenderer renderer) {
        this.renderer = renderer;
    }

    /** ER7 of the status ORU of {@code context} (its report is the status's, see StatusNotices) for a destination. */
    public String render(ReportContext context, KitNews news, Instant at, String destination, String controlId) {
        String built = renderer.render(context, destination, controlId);
        try {
            ORU_R01 oru = (ORU_R01) hapi.getPipeParser().parse(built);
            ORU_R01_ORDER_OBSERVATION order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
            order.getORC().getOrderStatus().setValue(news.orderStatus());
            order.getOBR().getResultStatus().setValue(String.valueOf(news.resultStatus()));
            NTE nte = order.getNTE(0);
            nte.getSetIDNTE().setValue("1");
            nte.getSourceOfComment().setValue("L");
            nte.getComment(0).setValue(news.note(at));
            return hapi.getPipeParser().encode(oru);
        } catch (HL7Exception | ClassCastException e) {
            throw new OruBuildException("cannot build the status ORU " + news + " for order "
                    + context.order().orderId() + ", kit " + context.kit().kitId(), e);
        }
    }
}
