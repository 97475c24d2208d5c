package com.bulkimport.ingest.view;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one client this instance reads the other instances' views with: connect and read timeouts
 * (a read timeout bounds every wait for the next bytes of an answer), and the size bound of
 * {@link RemoteView}.
 */
class RemoteViews {

    private final RestClient client;
    private final JsonMapper json;
    private final String secret;
    private final int maxResponseBytes;

    RemoteViews(ViewSettings settings, String secret, JsonMapper json) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(settings.connectTimeout());
        requests.setReadTimeout(settings.readTimeout());
        this.client = RestClient.builder().requestFactory(requests).build();
        this.json = json;
        this.secret = secret;
        this.maxResponseBytes = (int) Math.min(Integer.MAX_VALUE - 8, settings.maxResponseBytes().toBytes());
    }

    RemoteView at(HostInfo owner) {
        return new RemoteView(client, json, owner, secret, maxResponseBytes);
    }
}
