package com.bulkimport.ingest.view;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import com.bulkimport.pipeline.KafkaClientSettings;
import com.bulkimport.pipeline.PipelineProperties;
import com.bulkimport.pipeline.StoreKind;
import com.bulkimport.pipeline.StreamsRunner;
import com.bulkimport.pipeline.TopologyWarmUp;

import tools.jackson.databind.json.JsonMapper;

/** Runs the import view's topology and exposes its queries, routed to the instance that holds each account. */
@Configuration
class ViewConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ViewConfiguration.class);

    @Bean
    StreamsRunner importViewStreams(KafkaClientSettings kafka, PipelineProperties properties) {
        // Results may reach the view before their import's request (they come on other topics): the
        // view keeps them on a placeholder, so it need not wait for the topics to line up.
        return new StreamsRunner("ingest-service", ImportViewTopology.build(StoreKind.PERSISTENT), kafka,
                properties);
    }

    /**
     * Runs the view's topology once on a made-up import as the service starts ({@link ViewWarmUp}),
     * on a thread of its own, so that readiness does not wait for it.
     */
    @Bean
    ApplicationRunner viewWarmUp(PipelineProperties properties, @Value("${bulkimport.view.warm-up-rows:600}") int rows) {
        return TopologyWarmUp.inBackground("the import view", rows, n -> ViewWarmUp.run(properties, n));
    }

    @Bean
    ViewSecret viewSecret(ViewSettings settings, Environment environment) {
        return ViewSecret.of(settings, environment);
    }

    @Bean
    ImportViews importViews(StreamsRunner importViewStreams, ViewSettings settings, ViewSecret secret, JsonMapper json) {
        return new ImportViews(importViewStreams, new RemoteViews(settings, secret.value(), json), settings.acceptWait());
    }

    /**
     * Once the web server listens (its lifecycle starts before the streams', so the port is known
     * even when it was 0), this instance's address becomes the streams' {@code application.server}:
     * {@code bulkimport.view.advertised-address}, or {@code server.address} and the port listened on.
     */
    @EventListener
    void advertise(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // the management server, when it has a port of its own
        }
        StreamsRunner streams = event.getApplicationContext().getBean("importViewStreams", StreamsRunner.class);
        ViewSettings settings = event.getApplicationContext().getBean(ViewSettings.class);
        String address = advertisedAddress(settings.advertisedAddress(),
                event.getApplicationContext().getEnvironment().getProperty("server.address"), event.getWebServer().getPort());
        if (streams.isRunning()) {
            log.warn("The import view started before the web server; it is not routed ({} unused)", address);
            return;
        }
        streams.configure(StreamsConfig.APPLICATION_SERVER_CONFIG, address);
        event.getApplicationContext().getBean(ImportViews.class).advertise(HostInfo.buildFromEndpoint(address));
        log.info("Import view queries of this instance are answered at {} (application.server)", address);
    }

    /**
     * The address the other instances reach this one at: the setting; else {@code server.address}
     * unless it is every interface (or unset), then this machine's own address (in a container,
     * the container's); with the port the web server listens on.
     */
    static String advertisedAddress(String configured, String serverAddress, int port) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String host = serverAddress == null ? "" : serverAddress.strip();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("This machine's address is unknown; set bulkimport.view.advertised-address", e);
            }
        }
        return host + ":" + port;
    }
}
