package io.spotlink.intake.files;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the rows of one file ended, and the sentence the log line and the ack say it with. */
public record FileSummary(int rows, int created, int existing, int canceled, int notAccepted, boolean refused) {

    public static FileSummary refusedFile() {
        return new FileSummary(0, 0, 0, 0, 0, true);
    }

    public boolean allAccepted() {
        return !refused && rows > 0 && notAccepted == 0;
    }

    public String message() {
        if (refused) {
            return "the file was refused as a whole: no order was submitted";
        }
        if (rows > 0 && existing == rows) {
            return existing + " of " + rows + " already submitted (a re-drop: nothing new was created)";
        }
        return (created + existing + canceled) + " of " + rows + " row(s) accepted: " + created + " created, "
                + existing + " already submitted, " + (canceled > 0 ? canceled + " cancel(s) recorded, " : "")
                + notAccepted + " not accepted";
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows", rows);
        map.put("created", created);
        map.put("existing", existing);
        map.put("canceled", canceled);
        map.put("not_accepted", notAccepted);
        map.put("message", message());
        return map;
    }
}
