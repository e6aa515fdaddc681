package io.spotlink.spot.model;

/** The person a kit is shipped to (Spot's Recipient schema). */
public record Recipient(String firstName, String lastName, String email, String phone, Address address) {
}
