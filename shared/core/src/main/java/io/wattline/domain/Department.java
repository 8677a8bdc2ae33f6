package io.wattline.domain;

import java.util.UUID;

/** A department inside a factory (the middle level of the Sankey flow). */
public record Department(UUID id, UUID factoryId, String name) {}
