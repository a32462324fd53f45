package dev.reactio.http.testing;

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
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * One request seen the way httpbin's {@code get_dict} sees it: each method adds one httpbin field
 * to a JSON object.
 */
final class HttpBinRequest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Netty's default is 128; httpbin has no limit, but every field is an object of its own. */
    static final int MAX_FORM_FIELDS = 1000;

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
        into.set("args", multi(queryParameters(request.uri())));
        return this;
    }

    /**
     * The query parameters of {@code uri}, percent-decoded.
     *
     * @throws HttpBinGuard.Rejected (400) for a malformed percent-escape
     */
    static Map<String, List<String>> queryParameters(String uri) {
        try {
            return new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            throw new HttpBinGuard.Rejected(400, "Invalid percent-encoding in the query string: " + e.getMessage());
        }
    }

    /** {@code headers}: the request headers with httpbin's Title-Case names, repeats joined by commas. */
    HttpBinRequest headers(ObjectNode into) {
        into.set("headers", headersNode());
        return this;
    }

    ObjectNode headersNode() {
        Map<String, List<String>> headers = new TreeMap<>();
        for (Map.Entry<String, String> header : request.requestHeaders()) {
            headers.computeIfAbsent(titleCase(header.getKey()), k -> new ArrayList<>())
                    .add(header.getValue());
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
        String uri = request.uri();
        // An absolute-form target (RFC 9112, section 3.2.2) is the URL already.
        boolean absolute = uri.regionMatches(true, 0, "http://", 0, 7) || uri.regionMatches(true, 0, "https://", 0, 8);
        into.put("url", absolute ? uri : request.scheme() + "://" + host + uri);
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
        String text = utf8OrNull(body);
        String data = "";
        if (isForm()) {
            decodeForm(form, files);
        } else if (text != null) {
            data = text;
        } else {
            data = dataUrl(body, request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
        }
        into.put("data", data);
        into.set("files", files);
        into.set("form", form);
        String json = text == null ? null : json(text);
        if (json == null) {
            into.putNull("json");
        } else {
            into.putRawValue("json", new RawValue(json));
        }
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
        if (mostFields() > MAX_FORM_FIELDS) {
            // Counted here rather than left to the decoder's maxFields: when that trips, Netty
            // 4.2 leaks the field it was adding (and the copy of the body it is a slice of).
            throw new HttpBinGuard.Rejected(
                    413, "Too many form fields: this server decodes at most " + MAX_FORM_FIELDS);
        }
        FullHttpRequest copy = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, request.method(), request.uri(), Unpooled.wrappedBuffer(body));
        copy.headers().set(request.requestHeaders());
        HttpPostRequestDecoder decoder = null;
        try {
            // The whole body is at hand (and bounded by the server's cap): no need to bound what
            // the decoder buffers. The fields were counted above.
            decoder =
                    new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), copy, StandardCharsets.UTF_8, -1, -1);
            Map<String, List<String>> fields = new TreeMap<>();
            Map<String, List<String>> uploads = new TreeMap<>();
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload file) {
                    uploads.computeIfAbsent(file.getName(), k -> new ArrayList<>())
                            .add(bytesToString(file.get(), file.getContentType()));
                } else if (part instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), k -> new ArrayList<>())
                            .add(attribute.getValue());
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

    /**
     * At least as many as the fields the decoder can find in the body: a url-encoded field is a
     * non-empty run between '&'s, and a multipart part lies between two delimiter lines, which
     * start with "--".
     */
    private int mostFields() {
        boolean multipart = !request.requestHeaders()
                .get(HttpHeaderNames.CONTENT_TYPE, "")
                .toLowerCase(Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded");
        int count = 0;
        for (int i = 0; i < body.length; i++) {
            boolean starts = multipart
                    ? body[i] == '-' && i + 1 < body.length && body[i + 1] == '-' && (i == 0 || body[i - 1] == '\n')
                    : body[i] != '&' && (i == 0 || body[i - 1] == '&');
            if (starts) {
                count++;
            }
        }
        return multipart ? Math.max(0, count - 1) : count;
    }

    /** UTF-8 text as is; anything else as httpbin's {@code data:<type>;base64,...} URL. */
    private static String bytesToString(byte[] bytes, @Nullable String contentType) {
        String text = utf8OrNull(bytes);
        return text != null ? text : dataUrl(bytes, contentType);
    }

    private static String dataUrl(byte[] bytes, @Nullable String contentType) {
        return "data:" + (contentType == null ? "application/octet-stream" : contentType) + ";base64,"
                + Base64.getEncoder().encodeToString(bytes);
    }

    private static @Nullable String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * {@code text} if it is one JSON value, else {@code null}. Checked with a
     * streaming parser and echoed as it came, rather than built into a tree: a tree costs dozens
     * of bytes of heap per byte of input ({@code [{},{},...]}), which would let one request of a
     * few MiB take hundreds.
     */
    private static @Nullable String json(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? text : null;
        } catch (JacksonException e) {
            return null;
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
