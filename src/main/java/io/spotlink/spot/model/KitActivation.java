package io.spotlink.spot.model;

/** Spot's answer to a kit activation: {@code {"data":{"result":"success"}}}. */
public record KitActivation(Data data) {

    public record Data(String result) {
    }

    /** Spot's result text ("success"), or null when it sent none. */
    public String result() {
        return data == null ? null : data.result();
    }

    public boolean succeeded() {
        return "success".equalsIgnoreCase(result());
    }
}
