package dev.reactio.http.testing;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request seen the way httpbin's {@code get_dict} sees it: each method adds one httpbin field
 * to a JSON object.
 */
final class HttpBinRequest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServerRequest request;
    private final byte[] body;

    HttpBinRequest(HttpServerRequest request, byte[] body) {
        this.request = request;
        this.body = body;
    }

    HttpBinRequest(HttpServerRequest request) {
        this(request, new byte[0]);
    }

    /** {@code args}: the query parameters, a string for one value and a list for several. */
    HttpBinRequest args(ObjectNode into) {
        into.set("args", multi(new QueryStringDecoder(request.uri()).parameters()));
        return this;
    }

    /** {@code headers}: the request headers with httpbin's Title-Case names, repeats joined by commas. */
    HttpBinRequest headers(ObjectNode into) {
        into.set("headers", headersNode());
        return this;
    }

    ObjectNode headersNode() {
        Map<String, List<String>> headers = new TreeMap<>();
        for (Map.Entry<String, String> header : request.requestHeaders()) {
            headers.computeIfAbsent(titleCase(header.getKey()), k -> new ArrayList<>()).add(header.getValue());
        }
        ObjectNode node = JSON.createObjectNode();
        headers.forEach((name, values) -> node.put(name, String.join(",", values)));
        return node;
    }

    /** {@code origin}: the client's IP address. */
    HttpBinRequest origin(ObjectNode into) {
        into.put("origin", origin());
        return this;
    }

    String origin() {
        InetSocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** {@code url}: the full URL the client asked for, query string included. */
    HttpBinRequest url(ObjectNode into) {
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null) {
            InetSocketAddress local = request.hostAddress();
            host = local == null ? "localhost" : local.getHostString() + ":" + local.getPort();
        }
        into.put("url", request.scheme() + "://" + host + request.uri());
        return this;
    }

    /** {@code method}: the HTTP method, as {@code /anything} reports it. */
    HttpBinRequest method(ObjectNode into) {
        into.put("method", request.method().name());
        return this;
    }

    /** {@code data}, {@code files}, {@code form} and {@code json}, all from the request body. */
    HttpBinRequest body(ObjectNode into) {
        ObjectNode form = JSON.createObjectNode();
        ObjectNode files = JSON.createObjectNode();
        String data = "";
        if (isForm()) {
            decodeForm(form, files);
        } else {
            data = dataString();
        }
        into.put("data", data);
        into.set("files", files);
        into.set("form", form);
        into.set("json", parseJson());
        return this;
    }

    private boolean isForm() {
        String type = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/form-data");
    }

    private void decodeForm(ObjectNode form, ObjectNode files) {
        FullHttpRequest copy = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
                Unpooled.wrappedBuffer(body));
        copy.headers().set(request.requestHeaders());
        HttpPostRequestDecoder decoder = null;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), copy, StandardCharsets.UTF_8);
            Map<String, List<String>> fields = new TreeMap<>();
            Map<String, List<String>> uploads = new TreeMap<>();
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload file) {
                    uploads.computeIfAbsent(file.getName(), k -> new ArrayList<>())
                            .add(bytesToString(file.get(), file.getContentType()));
                } else if (part instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), k -> new ArrayList<>()).add(attribute.getValue());
                }
            }
            form.setAll(multi(fields));
            files.setAll(multi(uploads));
        } catch (java.io.IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
            // httpbin answers a malformed form with empty fields; so do we.
        } finally {
            if (decoder != null) {
                decoder.destroy();
            }
            copy.release();
        }
    }

    private String dataString() {
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        return bytesToString(body, contentType == null ? "application/octet-stream" : contentType);
    }

    /** UTF-8 text as is; anything else as httpbin's {@code data:<type>;base64,...} URL. */
    private static String bytesToString(byte[] bytes, String contentType) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return "data:" + contentType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }

    private JsonNode parseJson() {
        if (body.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.nullNode();
        }
    }

    private static ObjectNode multi(Map<String, List<String>> values) {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(values).forEach((name, list) -> {
            if (list.size() == 1) {
                node.put(name, list.get(0));
            } else {
                list.forEach(node.putArray(name)::add);
            }
        });
        return node;
    }

    static String titleCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
