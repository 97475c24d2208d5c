package com.bulkimport.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the contract: records in, records out, unknown fields tolerated. */
public final class Json {

    /**
     * Unknown properties are ignored so that a consumer keeps reading when a producer adds a field
     * (additive changes stay within a topic's version).
     */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }
}
