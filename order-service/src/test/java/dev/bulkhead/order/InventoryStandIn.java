package dev.bulkhead.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * inventory-service's product API as a real HTTP server on a free local port (WireMock, in-process):
 * {@code GET /api/v1/products?ids=a,b,c} answers the known products among the ids, in inventory's
 * v1 shape; unknown ids are simply absent. Tests add products, change prices, and take the service
 * down (5xx or a dropped connection) and up again.
 */
final class InventoryStandIn {

    static final String PRODUCTS = "/api/v1/products";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<UUID, ObjectNode> catalogue = new ConcurrentHashMap<>();
    private final WireMockServer server;
    private StubMapping outage;

    private InventoryStandIn() {
        server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").extensions(new Catalogue()));
        server.start();
        server.stubFor(get(urlPathEqualTo(PRODUCTS))
                .atPriority(10)
                .willReturn(aResponse().withTransformers(Catalogue.NAME)));
    }

    static InventoryStandIn start() {
        return new InventoryStandIn();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A new product with this name and price (e.g. "89.00", "EUR"); returns its id. */
    UUID product(String name, String amount, String currency) {
        UUID id = UUID.randomUUID();
        ObjectNode product = JSON.createObjectNode().put("id", id.toString()).put("name", name);
        product.putObject("price").put("amount", amount).put("currency", currency);
        product.put("stock", 100);
        catalogue.put(id, product);
        return id;
    }

    void reprice(UUID id, String amount) {
        ((ObjectNode) catalogue.get(id).get("price")).put("amount", amount);
    }

    /** From now on every product request fails with this status. */
    synchronized void down(int status) {
        up();
        outage = server.stubFor(get(urlPathEqualTo(PRODUCTS))
                .atPriority(1)
                .willReturn(aResponse().withStatus(status).withBody("{\"title\":\"down\"}")));
    }

    /** From now on every product request has its connection dropped. */
    synchronized void unreachable() {
        up();
        outage = server.stubFor(get(urlPathEqualTo(PRODUCTS))
                .atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    synchronized void up() {
        if (outage != null) {
            server.removeStub(outage);
            outage = null;
        }
    }

    /** How many product lookups asked for this product. */
    int lookupsOf(UUID id) {
        return server.findAll(
                        getRequestedFor(urlPathEqualTo(PRODUCTS)).withQueryParam("ids", matching(".*" + id + ".*")))
                .size();
    }

    /** Answers the catalogue's products among {@code ids}, as inventory-service would. */
    private final class Catalogue implements ResponseDefinitionTransformerV2 {

        static final String NAME = "catalogue";

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            QueryParameter parameter = serveEvent.getRequest().queryParameter("ids");
            String ids = parameter.isPresent() ? String.join(",", parameter.values()) : "";
            ArrayNode items = JSON.createArrayNode();
            Arrays.stream(URLDecoder.decode(ids, StandardCharsets.UTF_8).split(","))
                    .map(String::trim)
                    .filter(id -> !id.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new))
                    .forEach(id -> {
                        try {
                            ObjectNode product = catalogue.get(UUID.fromString(id));
                            if (product != null) items.add(product.deepCopy());
                        } catch (IllegalArgumentException notAUuid) {
                            // inventory ignores what cannot be an id
                        }
                    });
            ObjectNode body = JSON.createObjectNode();
            body.set("items", items);
            body.put("page", 0).put("size", items.size()).put("total", items.size());
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body.toString())
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
